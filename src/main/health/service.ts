/**
 * The health service: every second it runs the checks that are due (checks.ts, runner.ts), aggregates them
 * (aggregate.ts) into provider, chain and app levels, feeds the feature gate, and pushes `health.updated` when a
 * level changes (and every HEALTH_PUSH_MS regardless, so a late subscriber catches up).
 *
 * It reads `runtime()` afresh every round: the runtime is rebuilt when chains change, and a kept reference would
 * watch a disposed engine. It owns its timer, its probe sockets and its running checks; `dispose` ends them all.
 */
import type { Budgets, ChainHealth, HealthCheckResult, HealthLevel, HealthReport, ProviderStatus } from '../../shared/domain';
import type { Runtime } from '../app-context';
import { HealthProbe } from '../engine/health-probe';
import { parseQuantity } from '../engine/head-tracker';
import type { EventBus } from '../ipc/events';
import type { AppMetrics } from '../metrics/registry';
import { chainLevel, LevelClock, reasonOf, scopeLevel, worst } from './aggregate';
import { chainChecks, providerChecks, resourceChecks } from './checks';
import { OFFLINE_REASON, type FeatureGate } from './feature-gate';
import type { MemoryManager } from './memory';
import { CheckSchedule, DEFAULT_CHECK_TIMEOUT_MS, type CheckVerdict } from './runner';

export const HEALTH_TICK_MS = 1_000;
const HEALTH_PUSH_MS = 10_000;

export interface HealthServiceDeps {
  runtime: () => Runtime;
  events: EventBus;
  budgets: () => Budgets;
  gate: FeatureGate;
  memory: MemoryManager;
  metrics: AppMetrics;
  now?: () => number;
}

export class HealthService {
  readonly #deps: HealthServiceDeps;
  readonly #now: () => number;
  readonly #schedule: CheckSchedule;
  readonly #probes = new Map<string, HealthProbe>();
  readonly #app: LevelClock;
  readonly #chains = new Map<number, LevelClock>();
  #report: HealthReport;
  #timer: NodeJS.Timeout | null = null;
  #lastPush = 0;
  #disposed = false;

  constructor(deps: HealthServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#schedule = new CheckSchedule(this.#now);
    this.#app = new LevelClock('HEALTHY', this.#now());
    this.#report = { level: 'HEALTHY', since: this.#app.since, reason: null, chains: [], checks: [] };
  }

  /** First round now, a second as soon as its checks have answered, then one every HEALTH_TICK_MS. */
  start(): void {
    this.evaluate();
    void this.#schedule.settled().then(() => {
      if (this.#disposed) return;
      this.evaluate();
      this.#loop();
    });
  }

  report(): HealthReport {
    return this.#report;
  }

  /** Run one round: start due checks, aggregate the latest results, update the gate, push on change. */
  evaluate(): HealthReport {
    const { runtime, memory, events, gate } = this.#deps;
    const rt = runtime();
    const now = this.#now();
    const statuses = rt.engine.status();
    const resources = rt.engine.resources();
    const gauge = memory.check();
    const budgets = this.#deps.budgets();
    const probe = (status: ProviderStatus, signal: AbortSignal) => this.#reach(rt, status, signal);
    const results = this.#schedule.round([
      ...statuses.flatMap((s) => providerChecks(s, budgets, probe)),
      ...resourceChecks(resources, () => gauge),
    ]);
    this.#closeUnused(rt);

    const byTarget = new Map<string, HealthCheckResult[]>();
    for (const r of results) byTarget.set(r.target, [...(byTarget.get(r.target) ?? []), r]);
    const chains: ChainHealth[] = rt.chains.map((chain) => {
      const providers = statuses
        .filter((s) => s.chainId === chain.chainId)
        .map((status) => ({ status, checks: byTarget.get(status.id) ?? [], level: 'HEALTHY' as HealthLevel }));
      for (const p of providers) p.level = scopeLevel(p.checks);
      const own = chainChecks(chain.chainId, providers, now);
      const level = chainLevel(
        own,
        providers.map((p) => p.level),
      );
      const clock = this.#chains.get(chain.chainId) ?? new LevelClock(level, now);
      clock.set(level, now);
      this.#chains.set(chain.chainId, clock);
      return {
        chainId: chain.chainId,
        level,
        since: clock.since,
        checks: [...own, ...providers.flatMap((p) => p.checks)],
        providers: providers.map((p) => ({ id: p.status.id, level: p.level })),
      };
    });
    for (const id of [...this.#chains.keys()]) if (!rt.chains.some((c) => c.chainId === id)) this.#chains.delete(id);

    const appChecks = results.filter((r) => r.scope === 'app');
    const level = worst([...chains.map((c) => c.level), scopeLevel(appChecks)]);
    const snapshot = rt.portfolio.get();
    // Offline: no chain has a usable provider and the portfolio has nothing (not even cached figures) to show.
    const offline = chains.length > 0 && chains.every((c) => c.level === 'UNHEALTHY') && snapshot.asOf.length === 0;
    const previous = this.#report;
    const changed = this.#app.set(level, now) || chains.some((c, i) => previous.chains[i]?.level !== c.level || previous.chains[i]?.chainId !== c.chainId);
    const reason = offline ? OFFLINE_REASON : reasonOf([...chains.flatMap((c) => c.checks), ...appChecks]);
    this.#report = { level, since: this.#app.since, reason, chains, checks: appChecks };
    gate.update({ level, offline, snapshot, now });
    if (changed || previous.chains.length !== chains.length || now - this.#lastPush >= HEALTH_PUSH_MS) {
      this.#lastPush = now;
      events.emit('health.updated', this.#report);
    }
    return this.#report;
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#schedule.dispose();
    await Promise.all([...this.#probes.values()].map((p) => p.close()));
    this.#probes.clear();
  }

  #loop(): void {
    if (this.#disposed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      try {
        this.evaluate();
      } catch {
        // A round that throws (a runtime being swapped) is skipped; the next one reads the new runtime.
      }
      this.#loop();
    }, HEALTH_TICK_MS);
  }

  /** The live reachability probe: eth_blockNumber on this service's own socket to the provider. */
  async #reach(rt: Runtime, status: ProviderStatus, signal: AbortSignal): Promise<CheckVerdict> {
    if (this.#deps.memory.paused()) {
      // Background work waits under critical memory pressure: judge by the breaker instead of probing.
      return { ok: status.breaker !== 'open', message: `not probed (memory pressure critical); breaker ${status.breaker}` };
    }
    const url = rt.chains.find((c) => c.chainId === status.chainId)?.providers.find((p) => p.name === status.name)?.url;
    if (url === undefined) return { ok: false, message: 'not configured any more' };
    const key = `${status.id}|${url}`;
    let probe = this.#probes.get(key);
    if (probe === undefined) {
      probe = new HealthProbe(url, { connectionMs: DEFAULT_CHECK_TIMEOUT_MS, requestMs: DEFAULT_CHECK_TIMEOUT_MS });
      this.#probes.set(key, probe);
    }
    const started = performance.now();
    const outcome = await probe.call('eth_blockNumber', signal);
    if (this.#disposed || (!outcome.ok && outcome.message === 'cancelled')) return { ok: false, message: 'cancelled' };
    this.#deps.metrics.countProbe(status.chainId, status.name, 'health', outcome.ok);
    const ms = Math.round(performance.now() - started);
    if (!outcome.ok) return { ok: false, message: outcome.message };
    const head = parseQuantity(outcome.result);
    return { ok: true, message: `answered in ${ms} ms${head === null ? '' : ` at block ${head}`}` };
  }

  /** Probe sockets of providers no longer configured (the runtime was rebuilt) are closed. */
  #closeUnused(rt: Runtime): void {
    const wanted = new Set(rt.chains.flatMap((c) => c.providers.map((p) => `${c.chainId}:${p.name}|${p.url}`)));
    for (const [key, probe] of this.#probes) {
      if (wanted.has(key)) continue;
      this.#probes.delete(key);
      void probe.close();
    }
  }
}

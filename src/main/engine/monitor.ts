/**
 * The health monitor of one chain: which of its providers may take traffic, from facts gathered in the background.
 *
 * - Chain id: checked at start and every `health.chainIdCheckMs`. A provider answering as another chain is
 *   quarantined (`excluded`: no traffic) until a re-check matches. A provider that cannot be reached for the check
 *   is left as it was (reachability is the breaker's job); the next round tries again.
 * - Head: polled every `health.headPollMs`, and learnt from `eth_blockNumber` answers on the request path. A provider
 *   that lags the best head (see head-tracker.ts) is `demoted` until it catches up.
 *
 * - Half-open breakers: a head poll of a provider whose breaker is due for its half-open probe *is* that probe (the
 *   `gate` hook runs it through the breaker, see breaker.ts `tryProbe`): an answer closes the breaker, a failure
 *   re-opens it with the grown cool-down. Without this a backup provider, which gets no user traffic while a
 *   better-ranked one is up, would stay half-open (and its chain DEGRADED) indefinitely after an outage. When a user
 *   request already holds the probe slot the poll runs beside the breaker and decides nothing.
 *
 * With `health.enabled` off nothing is probed, nobody is quarantined or demoted, and heads come from traffic only.
 *
 * Before its first successful chain-id check a provider is `eligible`: holding traffic back would delay every
 * start-up by a round trip (or by a whole request timeout when a provider hangs), while a wrong-chain provider is
 * rare (a configuration mistake) and is caught by the check that starts at once, in parallel with the first reads.
 */
import type { ProviderStatus } from '../../shared/domain';
import { HeadTracker, parseQuantity } from './head-tracker';
import { HealthProbe, type ProbeOutcome } from './health-probe';
import { notifyObserver, type EngineObserver } from './observer';
import type { Eligibility } from './selection';
import type { EngineOptions } from './types';

/** The `ProviderStatus` fields this monitor owns; merged over the provider's own status. */
export type HealthFacts = Pick<ProviderStatus, 'quarantine' | 'head' | 'lagBlocks' | 'lagging'>;

/** A provider as the monitor needs it: its id, its display name (how answers name it) and where to probe it. */
export interface MonitoredProvider {
  id: string;
  name: string;
  url: string;
}

type Quarantine = NonNullable<ProviderStatus['quarantine']>;

/**
 * Runs one head poll of a provider, given the send, and may run it as the provider's half-open breaker probe
 * (chain-engine.ts passes `Provider.healthProbe`). The default sends it plainly.
 */
export type ProbeGate = (providerId: string, send: () => Promise<ProbeOutcome>) => Promise<ProbeOutcome>;

const plain: ProbeGate = (_id, send) => send();

/** Background health facts for one chain's providers. Owns its timers and probe sockets; `dispose` ends them all. */
export class HealthMonitor {
  private readonly probes = new Map<string, HealthProbe>();
  private readonly idsByName = new Map<string, string>();
  private readonly quarantines = new Map<string, Quarantine>();
  private readonly heads: HeadTracker;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly stopped = new AbortController();
  private started = false;

  /** `onChange` fires whenever a fact shown in the status changes (quarantine, head, lag). */
  constructor(
    private readonly chainId: number,
    private readonly providers: readonly MonitoredProvider[],
    private readonly options: EngineOptions,
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
    /** Hears every probe sent (metrics count them apart from user traffic). */
    private readonly observer?: EngineObserver,
    /** Head polls go through it: how a poll doubles as a half-open breaker probe. */
    private readonly gate: ProbeGate = plain,
  ) {
    this.heads = new HeadTracker(options.health, now);
    for (const p of providers) this.idsByName.set(p.name, p.id);
  }

  /**
   * First chain-id check of every provider right away, then its first head poll, then both on their intervals.
   * The head poll waits for the check so that a wrong-chain provider's height never counts as this chain's best.
   */
  start(): void {
    if (this.started || this.stopped.signal.aborted || !this.options.health.enabled) return;
    this.started = true;
    for (const { id, url } of this.providers) {
      this.probes.set(id, new HealthProbe(url, this.options.timeouts));
      this.run(async () => {
        await this.checkChainId(id);
        this.schedule(this.options.health.chainIdCheckMs, () => this.chainIdRound(id));
        await this.headRound(id);
      });
    }
  }

  /** For selection: `excluded` while quarantined, `demoted` while lagging, otherwise (unknown included) `eligible`. */
  readonly eligibility = (providerId: string): Eligibility => {
    if (this.quarantines.has(providerId)) return 'excluded';
    return this.heads.facts(providerId).lagging ? 'demoted' : 'eligible';
  };

  /**
   * May what this provider answered (by display name, as answers carry it) stand for this chain? False while it is
   * quarantined for answering as another chain: its heights and cached answers then belong to that chain.
   */
  readonly trusts = (providerName: string): boolean => {
    const id = this.idsByName.get(providerName);
    return id === undefined || !this.quarantines.has(id);
  };

  factsOf(providerId: string): HealthFacts {
    const quarantine = this.quarantines.get(providerId);
    return { quarantine: quarantine === undefined ? null : { ...quarantine }, ...this.heads.facts(providerId) };
  }

  /**
   * A head learnt from an answer on the request path (by the provider's display name, as answers carry it): free
   * and often fresher than the last poll. Ignored for a quarantined provider, whose height belongs to another chain.
   */
  observeHead(providerName: string, blockNumber: bigint): void {
    const id = this.idsByName.get(providerName);
    if (id === undefined || this.quarantines.has(id) || this.stopped.signal.aborted) return;
    const moved = this.heads.observe(id, blockNumber);
    if (this.reevaluate() || moved) this.onChange();
  }

  /** Stops every timer, aborts in-flight probes, waits for them to settle and closes their sockets. */
  async dispose(): Promise<void> {
    this.stopped.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
    await Promise.all([...this.probes.values()].map((probe) => probe.close()));
  }

  private async chainIdRound(id: string): Promise<void> {
    await this.checkChainId(id);
    this.schedule(this.options.health.chainIdCheckMs, () => this.chainIdRound(id));
  }

  private async headRound(id: string): Promise<void> {
    await this.pollHead(id);
    this.schedule(this.options.health.headPollMs, () => this.headRound(id));
  }

  private async checkChainId(id: string): Promise<void> {
    const outcome = await this.probe(id, 'eth_chainId');
    // Unreachable or garbled: no verdict either way, the quarantine (or its absence) stands until the next round.
    const answered = outcome === null ? null : parseQuantity(outcome);
    if (answered === null || this.stopped.signal.aborted) return;
    const current = this.quarantines.get(id);
    if (answered === BigInt(this.chainId)) {
      if (current === undefined) return;
      this.quarantines.delete(id);
    } else {
      const reason = `answers as chain ${answered}, expected ${this.chainId}`;
      if (current?.reason === reason) return;
      // `since` is when the quarantine began, even if the provider changes which wrong chain it claims.
      this.quarantines.set(id, { reason, since: current?.since ?? this.now() });
      this.heads.forget(id);
    }
    this.reevaluate();
    this.onChange();
  }

  private async pollHead(id: string): Promise<void> {
    // A quarantined provider is not asked: its height would be another chain's, and it is owed no traffic.
    if (this.quarantines.has(id)) return;
    // The poll may be the breaker's half-open probe: a garbled answer fails it like a fault would.
    const outcome = await this.probe(id, 'eth_blockNumber', (send) =>
      this.gate(id, async () => {
        const sent = await send();
        return sent.ok && parseQuantity(sent.result) === null ? { ok: false, message: 'not a block number' } : sent;
      }),
    );
    const blockNumber = outcome === null ? null : parseQuantity(outcome);
    if (this.stopped.signal.aborted || this.quarantines.has(id)) return;
    // A failed poll records nothing, but still re-evaluates: the provider's head ages while the others move on,
    // which is how an unreachable or stuck provider ends up demoted by the time rule.
    const moved = blockNumber !== null && this.heads.observe(id, blockNumber);
    if (this.reevaluate() || moved) this.onChange();
  }

  /** The probe's result, or null when there is none. */
  private async probe(
    id: string,
    method: string,
    through: (send: () => Promise<ProbeOutcome>) => Promise<ProbeOutcome> = (send) => send(),
  ): Promise<unknown> {
    const probe = this.probes.get(id);
    if (probe === undefined) return null;
    const outcome = await through(() => probe.call(method, this.stopped.signal));
    const provider = this.providers.find((p) => p.id === id)?.name ?? id;
    notifyObserver(this.observer, 'onProbe', { chainId: this.chainId, provider, method, ok: outcome.ok });
    return outcome.ok ? outcome.result : null;
  }

  private reevaluate(): boolean {
    // Without polls nothing would notice a demoted provider catching up (it gets no traffic to learn from), so with
    // probes off no one is demoted; heads seen in traffic are still shown.
    if (!this.options.health.enabled) return false;
    const counted = new Set(this.providers.map((p) => p.id).filter((id) => !this.quarantines.has(id)));
    return this.heads.evaluate(counted);
  }

  /** Runs `task` now, tracked so that dispose can wait for it; it never rejects (no unhandled rejections). */
  private run(task: () => Promise<void>): void {
    if (this.stopped.signal.aborted) return;
    const running: Promise<void> = task()
      .catch(() => undefined)
      .finally(() => this.running.delete(running));
    this.running.add(running);
  }

  /** setTimeout rather than setInterval: the next round starts after this one ended, so rounds never pile up. */
  private schedule(delayMs: number, task: () => Promise<void>): void {
    if (this.stopped.signal.aborted) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.run(task);
    }, delayMs);
    this.timers.add(timer);
  }
}

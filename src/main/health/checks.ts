/**
 * The checks themselves, built afresh each round from the current runtime (it is rebuilt when chains change).
 *
 * Per provider (scope `provider`, target the provider id):
 * - `provider.reachability` (critical, live, every 5 s): `eth_blockNumber` on a probe socket of its own (never user
 *   traffic; it is the breaker's half-open probe only through the engine's own monitor, see engine/monitor.ts). An
 *   operator-isolated provider is still probed, so that this check, its head (polled by the engine's monitor in the
 *   background) and the operator card tell one story: reachable or not, but isolated; `provider.breaker` fails for
 *   it (critical), so it is UNHEALTHY, meaning "not usable for traffic", either way.
 * - `provider.breaker` (critical): the breaker is not open or isolated (half-open passes: it is probing).
 * - `provider.chain-id` (critical): not quarantined for answering as another chain.
 * - `provider.head-lag` (non-critical): not demoted for lagging behind the best head.
 * - `provider.error-rate` (non-critical): recent share of faults at most DEGRADED_ERROR_RATE.
 * - `provider.latency` (non-critical): recent p95 within the `complete` budget (from 5 answers on).
 * Derived checks read the engine's ProviderStatus (its own monitor's facts merged in): cheap, run every second.
 *
 * Per chain (scope `chain`): `chain.providers` (critical: at least one provider not UNHEALTHY) and `chain.head`
 * (non-critical: the best head rose within HEAD_STALL_MS). These are computed from the provider results, so they are
 * built after them (`chainChecks`).
 *
 * App resources (scope `app`): `app.memory` (fails at critical pressure), `app.cache` per tier (the last-known-good
 * LRU within its bound), `app.lanes` per chain (no lane queue LANE_SATURATION full).
 */
import type { Budgets, HealthCheckResult, HealthLevel, MemoryGauge, ProviderStatus } from '../../shared/domain';
import { DEFAULT_OPTIONS, type ChainResources } from '../engine';
import { DEGRADED_ERROR_RATE } from '../engine/health';
import type { CheckDefinition, CheckVerdict } from './runner';

/** A chain whose best head has not risen for a minute is stuck (or every provider is): its figures are ageing. */
export const HEAD_STALL_MS = 60_000;
/** A lane whose queue is this full is about to answer BUSY. */
export const LANE_SATURATION = 0.8;
/** Live probes: often enough to see an outage within seconds, rarely enough to cost nothing. */
export const REACHABILITY_INTERVAL_MS = 5_000;
/** Derived checks only read memory: every round. */
const DERIVED_INTERVAL_MS = 1_000;
const MIN_LATENCY_SAMPLES = 5;

/** Answers `eth_blockNumber` for one provider (the health service owns the sockets). */
export type ReachabilityProbe = (status: ProviderStatus, signal: AbortSignal) => Promise<CheckVerdict>;

export function providerChecks(status: ProviderStatus, budgets: Budgets, probe: ReachabilityProbe): CheckDefinition[] {
  const derived = (name: string, critical: boolean, verdict: () => CheckVerdict): CheckDefinition => ({
    name,
    scope: 'provider',
    target: status.id,
    critical,
    intervalMs: DERIVED_INTERVAL_MS,
    run: verdict,
  });
  return [
    {
      name: 'provider.reachability',
      scope: 'provider',
      target: status.id,
      critical: true,
      intervalMs: REACHABILITY_INTERVAL_MS,
      run: async (signal) => {
        const verdict = await probe(status, signal);
        // Reachability is a fact about the provider; isolation is the breaker check's verdict. Say both here.
        return status.breaker === 'isolated'
          ? { ok: verdict.ok, message: `isolated by an operator, no traffic; health probe ${verdict.message}` }
          : verdict;
      },
    },
    derived('provider.breaker', true, () => {
      if (status.breaker === 'open') return { ok: false, message: 'breaker open: no traffic until its probe' };
      if (status.breaker === 'isolated') return { ok: false, message: 'isolated by an operator' };
      return { ok: true, message: `breaker ${status.breaker}` };
    }),
    derived('provider.chain-id', true, () =>
      status.quarantine ? { ok: false, message: `quarantined: ${status.quarantine.reason}` } : { ok: true, message: 'chain id matches' },
    ),
    derived('provider.head-lag', false, () =>
      status.lagging
        ? { ok: false, message: `lagging ${status.lagBlocks ?? '?'} blocks behind the best head` }
        : { ok: true, message: status.lagBlocks === null ? 'head not known yet' : `${status.lagBlocks} blocks behind` },
    ),
    derived('provider.error-rate', false, () => {
      const percent = Math.round(status.errorRate * 100);
      return status.errorRate > DEGRADED_ERROR_RATE
        ? { ok: false, message: `${percent} % of recent requests failed` }
        : { ok: true, message: `${percent} % of recent requests failed` };
    }),
    derived('provider.latency', false, () => {
      const latency = status.latency;
      if (latency === null || latency.samples < MIN_LATENCY_SAMPLES) return { ok: true, message: 'too few answers to judge' };
      const ok = latency.p95 <= budgets.completeMs;
      return { ok, message: `p95 ${latency.p95} ms (budget ${budgets.completeMs} ms)` };
    }),
  ];
}

/** Chain-scope results, from its providers' levels and heads. */
export function chainChecks(
  chainId: number,
  providers: ReadonlyArray<{ status: ProviderStatus; level: HealthLevel }>,
  now: number,
): HealthCheckResult[] {
  const result = (name: string, critical: boolean, ok: boolean, message: string): HealthCheckResult => ({
    name,
    scope: 'chain',
    target: String(chainId),
    critical,
    ok,
    message,
    checkedAt: now,
    durationMs: 0,
  });
  const usable = providers.filter((p) => p.level !== 'UNHEALTHY');
  const heads = providers.flatMap((p) => (p.status.head ? [p.status.head.at] : []));
  const lastRise = heads.length === 0 ? null : Math.max(...heads);
  const stalled = lastRise !== null && now - lastRise > HEAD_STALL_MS;
  return [
    result(
      'chain.providers',
      true,
      usable.length > 0,
      usable.length > 0
        ? `${usable.length} of ${providers.length} providers usable`
        : `no usable provider (${providers.length} configured)`,
    ),
    result(
      'chain.head',
      false,
      !stalled,
      lastRise === null ? 'no head seen yet' : `best head rose ${Math.round((now - lastRise) / 1000)} s ago`,
    ),
  ];
}

/** App resource checks: memory, cache bounds, lane saturation. */
export function resourceChecks(resources: readonly ChainResources[], memory: () => MemoryGauge): CheckDefinition[] {
  const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
  const checks: CheckDefinition[] = [
    {
      name: 'app.memory',
      scope: 'app',
      target: 'heap',
      critical: false,
      intervalMs: 2_000,
      run: () => {
        const m = memory();
        return { ok: m.pressure !== 'critical', message: `heap ${mb(m.heapUsedBytes)} of ${mb(m.heapLimitBytes)} MB: ${m.pressure}` };
      },
    },
    {
      name: 'app.cache',
      scope: 'app',
      target: 'last-known-good',
      critical: false,
      intervalMs: 2_000,
      run: () => {
        const entries = resources.reduce((sum, r) => sum + r.lastKnownGood.entries, 0);
        const over = resources.filter((r) => r.lastKnownGood.entries > r.lastKnownGood.maxEntries);
        return over.length > 0
          ? { ok: false, message: `over its bound on chain ${over.map((r) => r.chainId).join(', ')}` }
          : { ok: true, message: `${entries} entries within bound` };
      },
    },
  ];
  for (const r of resources) {
    checks.push({
      name: 'app.lanes',
      scope: 'app',
      target: String(r.chainId),
      critical: false,
      intervalMs: DERIVED_INTERVAL_MS,
      run: () => {
        // The runtime builds its engine with the default lanes; their queue sizes are the capacity here.
        const full = (Object.keys(r.lanes) as Array<keyof typeof r.lanes>).filter(
          (lane) => r.lanes[lane].queued >= LANE_SATURATION * DEFAULT_OPTIONS.bulkheads[lane].queue,
        );
        return full.length > 0
          ? { ok: false, message: `${full.join(', ')} lane queue ≥ ${LANE_SATURATION * 100} % full` }
          : { ok: true, message: 'lanes below saturation' };
      },
    });
  }
  return checks;
}

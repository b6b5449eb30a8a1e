import { describe, expect, it } from 'vitest';
import type { MemoryGauge } from '../../../src/shared/domain';
import type { ChainResources } from '../../../src/main/engine';
import { AppMetrics } from '../../../src/main/metrics/registry';

const lanes = { critical: { active: 1, queued: 0, rejected: 0 }, standard: { active: 2, queued: 3, rejected: 1 }, background: { active: 0, queued: 0, rejected: 0 } };
const resources: ChainResources[] = [{ chainId: 1, lanes, inFlight: 2, lastKnownGood: { entries: 7, maxEntries: 5_000, durableEntries: null } }];
const memory: MemoryGauge = { rssBytes: 100, heapUsedBytes: 50, heapLimitBytes: 1_000, pressure: 'normal' };

describe('the metrics registry', () => {
  it('counts a synthetic observer sequence exactly', async () => {
    const metrics = new AppMetrics({ resources: () => resources, memory: () => memory, health: () => null });
    const o = metrics.observer;
    const attempt = { chainId: 1, method: 'eth_call', retry: false, phases: {} };
    o.onAttempt?.({ ...attempt, provider: 'primary', outcome: 'fault', code: 'PROVIDER_ERROR', latencyMs: 3 });
    o.onAttempt?.({ ...attempt, provider: 'primary', outcome: 'fault', code: 'PROVIDER_ERROR', latencyMs: 4, retry: true });
    o.onAttempt?.({ ...attempt, provider: 'secondary', outcome: 'ok', latencyMs: 30 });
    o.onAttempt?.({ ...attempt, provider: 'secondary', outcome: 'rpc-error', code: '3', latencyMs: 20 });
    o.onAttempt?.({ ...attempt, provider: 'public', outcome: 'cancelled', latencyMs: 1 });
    o.onRetry?.({ chainId: 1, provider: 'primary', method: 'eth_call' });
    o.onHedge?.({ chainId: 1, provider: 'secondary', won: false });
    o.onHedge?.({ chainId: 1, provider: 'secondary', won: true });
    o.onBreakerTransition?.({ chainId: 1, provider: 'primary', from: 'closed', to: 'open' });
    o.onLaneRejected?.({ chainId: 1, lane: 'standard', reason: 'full' });
    o.onCache?.({ chainId: 1, tier: 'last-known-good', hit: true });
    o.onCache?.({ chainId: 1, tier: 'last-known-good', hit: false });
    o.onCache?.({ chainId: 1, tier: 'last-known-good', hit: true });
    o.onProbe?.({ chainId: 1, provider: 'primary', method: 'eth_chainId', ok: false });
    metrics.countBreach('render');

    const text = await metrics.text();
    const line = (prefix: string): string | undefined => text.split('\n').find((l) => l.startsWith(prefix));
    expect(line('steadfast_rpc_requests_total{chain="1",provider="primary",outcome="fault"}')).toMatch(/ 2$/);
    expect(line('steadfast_rpc_requests_total{chain="1",provider="secondary",outcome="ok"}')).toMatch(/ 1$/);
    expect(line('steadfast_rpc_requests_total{chain="1",provider="public",outcome="cancelled"}')).toMatch(/ 1$/);
    expect(line('steadfast_rpc_errors_total{chain="1",provider="primary",code="PROVIDER_ERROR"}')).toMatch(/ 2$/);
    expect(line('steadfast_rpc_errors_total{chain="1",provider="secondary",code="RPC_ERROR"}')).toMatch(/ 1$/);
    expect(line('steadfast_retries_total{chain="1",provider="primary"}')).toMatch(/ 1$/);
    expect(line('steadfast_hedges_sent_total{chain="1",provider="secondary"}')).toMatch(/ 1$/);
    expect(line('steadfast_hedges_won_total{chain="1",provider="secondary"}')).toMatch(/ 1$/);
    expect(line('steadfast_breaker_transitions_total{chain="1",provider="primary",from="closed",to="open"}')).toMatch(/ 1$/);
    expect(line('steadfast_lane_rejected_total{chain="1",lane="standard",reason="full"}')).toMatch(/ 1$/);
    expect(line('steadfast_cache_hits_total{chain="1",tier="last-known-good"}')).toMatch(/ 2$/);
    expect(line('steadfast_cache_misses_total{chain="1",tier="last-known-good"}')).toMatch(/ 1$/);
    expect(line('steadfast_health_probes_total{chain="1",provider="primary",source="engine",outcome="failed"}')).toMatch(/ 1$/);
    expect(line('steadfast_budget_breaches_total{phase="render"}')).toMatch(/ 1$/);
    expect(line('steadfast_lane_queued{chain="1",lane="standard"}')).toBe('steadfast_lane_queued{chain="1",lane="standard"} 3');
    expect(line('steadfast_cache_entries{chain="1",tier="last-known-good"}')).toBe('steadfast_cache_entries{chain="1",tier="last-known-good"} 7');
    expect(line('steadfast_heap_limit_bytes')).toBe('steadfast_heap_limit_bytes 1000');
    // 30 ms and 20 ms answers from secondary fall in the 0.05 s bucket; the cancelled attempt is not timed.
    expect(line('steadfast_rpc_request_duration_seconds_bucket{le="0.05",chain="1",provider="secondary",method="eth_call"}')).toMatch(/ 2$/);
    expect(line('steadfast_rpc_request_latency_seconds_count{chain="1",provider="secondary",method="eth_call"}')).toMatch(/ 2$/);
    expect(text).not.toContain('provider="public",method');
    expect(metrics.caches(resources)).toEqual([{ tier: 'last-known-good', entries: 7, hits: 2, misses: 1 }]);
    expect(await metrics.registry.getSingleMetricAsString('steadfast_retries_total')).toContain('steadfast_retries_total{chain="1",provider="primary"} 1');
  });
});

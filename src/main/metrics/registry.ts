/**
 * The app's Prometheus metrics: ONE prom-client Registry of its own (never the global default, so two app instances
 * in one process, as in tests, never share or clash), fed by the engine's observer hook (engine/observer.ts) and by
 * the health service. Served at /metrics by the headless server.
 *
 * Latency is kept twice on purpose: the Histogram (fixed buckets) aggregates across instances in Prometheus; the
 * Summary gives this instance's p50/p95/p99 over a rolling 5-minute window (5 age buckets) without a query.
 *
 * No collectDefaultMetrics: it starts an event-loop-delay monitor and a GC observer that nothing ever stops, which
 * the leak checks (and a disposed app) would keep alive; the memory gauges below read the same figures on scrape.
 */
import { Counter, Gauge, Histogram, Registry, Summary } from 'prom-client';
import type { BudgetPhase, CacheGauge, HealthReport, MemoryGauge } from '../../shared/domain';
import type { ChainResources, EngineObserver } from '../engine';

/** Seconds: a local node answers in ~1 ms, a remote one in 20-300 ms, a sick one at the 10 s request timeout. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

export interface MetricsSources {
  /** The current runtime's chain resources (lanes, caches): read on scrape. */
  resources(): readonly ChainResources[];
  memory(): MemoryGauge;
  health(): HealthReport | null;
}

const LEVEL = { HEALTHY: 0, DEGRADED: 1, UNHEALTHY: 2 } as const;
const PRESSURE = { normal: 0, elevated: 1, critical: 2 } as const;

/** Where a probe came from: the engine's own monitor, the health service, or an operator's `providers.probe`. */
export type ProbeSource = 'engine' | 'health' | 'operator';

export class AppMetrics {
  readonly registry = new Registry();
  readonly observer: EngineObserver;
  /** Lifetime hit/miss counts per tier, for the operator view (prom-client's reads are async). */
  readonly #cache = new Map<string, { hits: number; misses: number }>();

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    const chainProvider = ['chain', 'provider'] as const;
    const requests = new Counter({
      name: 'steadfast_rpc_requests_total',
      help: 'Upstream JSON-RPC attempts (each retry and hedge is one), by outcome: ok, rpc-error, unsupported, fault, cancelled',
      labelNames: [...chainProvider, 'outcome'],
      registers,
    });
    const duration = new Histogram({
      name: 'steadfast_rpc_request_duration_seconds',
      help: 'Upstream attempt latency, send to end, by provider and method',
      labelNames: [...chainProvider, 'method'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const latency = new Summary({
      name: 'steadfast_rpc_request_latency_seconds',
      help: 'Upstream attempt latency percentiles over a rolling 5-minute window',
      labelNames: [...chainProvider, 'method'],
      percentiles: [0.5, 0.95, 0.99],
      maxAgeSeconds: 300,
      ageBuckets: 5,
      registers,
    });
    const errors = new Counter({
      name: 'steadfast_rpc_errors_total',
      help: 'Failed attempts by class: PROVIDER_ERROR, RATE_LIMITED, TIMEOUT (faults), RPC_ERROR (deterministic answers), METHOD_NOT_FOUND',
      labelNames: [...chainProvider, 'code'],
      registers,
    });
    const connects = new Counter({
      name: 'steadfast_rpc_connects_total',
      help: 'Real TCP(+TLS) connects of provider pools (reused keep-alive sockets do not connect)',
      labelNames: [...chainProvider, 'outcome'],
      registers,
    });
    const connectDuration = new Histogram({
      name: 'steadfast_rpc_connect_duration_seconds',
      help: 'Time to a connected socket, per real connect',
      labelNames: [...chainProvider],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const hedgesSent = new Counter({ name: 'steadfast_hedges_sent_total', help: 'Hedged requests sent to a provider', labelNames: [...chainProvider], registers });
    const hedgesWon = new Counter({ name: 'steadfast_hedges_won_total', help: 'Hedges whose answer was taken', labelNames: [...chainProvider], registers });
    const retries = new Counter({ name: 'steadfast_retries_total', help: 'Retries of transient faults on the same provider', labelNames: [...chainProvider], registers });
    const transitions = new Counter({
      name: 'steadfast_breaker_transitions_total',
      help: 'Circuit breaker state changes',
      labelNames: [...chainProvider, 'from', 'to'],
      registers,
    });
    const laneRejected = new Counter({
      name: 'steadfast_lane_rejected_total',
      help: 'Requests a bulkhead lane refused with BUSY (queue full or queue timeout)',
      labelNames: ['chain', 'lane', 'reason'],
      registers,
    });
    const cacheHits = new Counter({ name: 'steadfast_cache_hits_total', help: 'Cache lookups that found an answer', labelNames: ['chain', 'tier'], registers });
    const cacheMisses = new Counter({ name: 'steadfast_cache_misses_total', help: 'Cache lookups that found nothing', labelNames: ['chain', 'tier'], registers });
    this.probes = new Counter({
      name: 'steadfast_health_probes_total',
      help: 'Probe requests sent outside user traffic (engine monitor, health checks, operator probes)',
      labelNames: [...chainProvider, 'source', 'outcome'],
      registers,
    });
    this.breaches = new Counter({ name: 'steadfast_budget_breaches_total', help: 'Performance budget breaches by phase', labelNames: ['phase'], registers });
    this.#gauges(sources, registers);

    const count = (tier: string, hit: boolean): void => {
      const entry = this.#cache.get(tier) ?? { hits: 0, misses: 0 };
      if (hit) entry.hits++;
      else entry.misses++;
      this.#cache.set(tier, entry);
    };
    this.observer = {
      onAttempt(e) {
        const labels = { chain: String(e.chainId), provider: e.provider };
        requests.inc({ ...labels, outcome: e.outcome });
        if (e.outcome === 'cancelled') return;
        const seconds = e.latencyMs / 1000;
        duration.observe({ ...labels, method: e.method }, seconds);
        latency.observe({ ...labels, method: e.method }, seconds);
        const code =
          e.outcome === 'fault' ? e.code : e.outcome === 'rpc-error' ? 'RPC_ERROR' : e.outcome === 'unsupported' ? 'METHOD_NOT_FOUND' : undefined;
        if (code !== undefined) errors.inc({ ...labels, code });
      },
      onConnect(e) {
        const labels = { chain: String(e.chainId), provider: e.provider };
        connects.inc({ ...labels, outcome: e.ok ? 'ok' : 'failed' });
        if (e.ok) connectDuration.observe(labels, e.ms / 1000);
      },
      onHedge(e) {
        (e.won ? hedgesWon : hedgesSent).inc({ chain: String(e.chainId), provider: e.provider });
      },
      onRetry: (e) => retries.inc({ chain: String(e.chainId), provider: e.provider }),
      onBreakerTransition: (e) => transitions.inc({ chain: String(e.chainId), provider: e.provider, from: e.from, to: e.to }),
      onLaneRejected: (e) => laneRejected.inc({ chain: String(e.chainId), lane: e.lane, reason: e.reason }),
      onCache(e) {
        (e.hit ? cacheHits : cacheMisses).inc({ chain: String(e.chainId), tier: e.tier });
        count(e.tier, e.hit);
      },
      onProbe: (e) => this.countProbe(e.chainId, e.provider, 'engine', e.ok),
    };
  }

  private readonly probes: Counter;
  private readonly breaches: Counter;

  countProbe(chainId: number, provider: string, source: ProbeSource, ok: boolean): void {
    this.probes.inc({ chain: String(chainId), provider, source, outcome: ok ? 'ok' : 'failed' });
  }

  countBreach(phase: BudgetPhase): void {
    this.breaches.inc({ phase });
  }

  /** Per tier: entries now (summed over chains) and lifetime hits and misses. */
  caches(resources: readonly ChainResources[]): CacheGauge[] {
    const counts = this.#cache.get('last-known-good') ?? { hits: 0, misses: 0 };
    const entries = resources.reduce((sum, r) => sum + r.lastKnownGood.entries, 0);
    const tiers: CacheGauge[] = [{ tier: 'last-known-good', entries, ...counts }];
    const durable = resources.filter((r) => r.lastKnownGood.durableEntries !== null);
    if (durable.length > 0) {
      const diskCounts = this.#cache.get('last-known-good-disk') ?? { hits: 0, misses: 0 };
      const diskEntries = durable.reduce((sum, r) => sum + (r.lastKnownGood.durableEntries ?? 0), 0);
      tiers.push({ tier: 'last-known-good-disk', entries: diskEntries, ...diskCounts });
    }
    return tiers;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Gauges read on scrape from the current runtime, memory and health (never stale, nothing to keep in sync). */
  #gauges(sources: MetricsSources, registers: Registry[]): void {
    const laneGauge = (name: string, help: string, field: 'active' | 'queued') =>
      new Gauge({
        name,
        help,
        labelNames: ['chain', 'lane'],
        registers,
        collect() {
          this.reset();
          for (const r of sources.resources()) {
            for (const [lane, stats] of Object.entries(r.lanes)) this.set({ chain: String(r.chainId), lane }, stats[field]);
          }
        },
      });
    laneGauge('steadfast_lane_active', 'Requests in flight per bulkhead lane', 'active');
    laneGauge('steadfast_lane_queued', 'Requests waiting per bulkhead lane', 'queued');
    new Gauge({
      name: 'steadfast_cache_entries',
      help: 'Entries held per cache tier',
      labelNames: ['chain', 'tier'],
      registers,
      collect() {
        this.reset();
        for (const r of sources.resources()) {
          const chain = String(r.chainId);
          this.set({ chain, tier: 'last-known-good' }, r.lastKnownGood.entries);
          if (r.lastKnownGood.durableEntries !== null) this.set({ chain, tier: 'last-known-good-disk' }, r.lastKnownGood.durableEntries);
        }
      },
    });
    const memoryGauge = (name: string, help: string, read: (m: MemoryGauge) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(sources.memory()));
        },
      });
    memoryGauge('steadfast_process_resident_memory_bytes', 'Resident set size', (m) => m.rssBytes);
    memoryGauge('steadfast_heap_used_bytes', 'V8 heap used', (m) => m.heapUsedBytes);
    memoryGauge('steadfast_heap_limit_bytes', 'V8 heap size limit', (m) => m.heapLimitBytes);
    memoryGauge('steadfast_memory_pressure', 'Memory pressure: 0 normal, 1 elevated, 2 critical', (m) => PRESSURE[m.pressure]);
    new Gauge({
      name: 'steadfast_health_level',
      help: 'Health level: 0 HEALTHY, 1 DEGRADED, 2 UNHEALTHY (scope app, or chain by id)',
      labelNames: ['scope', 'target'],
      registers,
      collect() {
        this.reset();
        const report = sources.health();
        if (report === null) return;
        this.set({ scope: 'app', target: 'app' }, LEVEL[report.level]);
        for (const c of report.chains) this.set({ scope: 'chain', target: String(c.chainId) }, LEVEL[c.level]);
      },
    });
  }
}

/** One chain's engine: its providers, its request path and its viem client. */
import type { PublicClient } from 'viem';
import type { Priority, ProviderStatus } from '../../shared/domain';
import { SteadfastError } from '../../shared/errors';
import { batchFailover } from './batch';
import { bulkhead, Lanes, type LaneStats } from './bulkhead';
import { linkSignals, operationDeadline, reasonOf } from './deadline';
import { Dedupe } from './dedupe';
import { cancelledError, disposedError, findSteadfastError } from './errors';
import { failover } from './failover';
import { handleJsonRpc } from './jsonrpc';
import { lastKnownGood, memoryAnswerStore, type AnswerStore, type MemoryAnswerStore } from './last-known-good';
import { logsRange } from './logs-range';
import { HealthMonitor } from './monitor';
import { monotonicHead } from './monotonic-head';
import { notifyObserver, type EngineObserver } from './observer';
import { compose, type Handler, type Stage } from './pipeline';
import { Provider } from './provider';
import { weightedFallbackOrder } from './selection';
import { Tracer } from './trace';
import type {
  ActionOptions,
  BatchCall,
  BatchOutcome,
  ChainConfig,
  ChainEngine,
  EngineOptions,
  EngineResponse,
  RequestOptions,
  Trace,
} from './types';
import { createEngineClient } from './viem-client';

/** `ChainEngine` for one configured chain; built by `createEngine`, disposed with it. */
export class ChainEngineImpl implements ChainEngine {
  readonly client: PublicClient;
  private readonly providers: Provider[];
  private readonly tracer: Tracer;
  private readonly bulkheads: Lanes;
  private readonly dedupe: Dedupe;
  private readonly handle: Handler;
  private readonly handleBatch: Handler;
  private readonly monitor: HealthMonitor;
  private readonly answers: MemoryAnswerStore;
  private readonly durable: AnswerStore | undefined;

  /**
   * `lifetime` aborts on engine dispose: in-flight requests end with NOT_AVAILABLE instead of hanging. `observer`
   * (optional, see observer.ts) hears attempts, hedges, retries, breaker transitions, BUSY answers and cache lookups.
   */
  constructor(
    readonly config: ChainConfig,
    options: EngineOptions,
    private readonly lifetime: AbortSignal,
    onChange: () => void,
    observer?: EngineObserver,
    /** This chain's durable last-known-good tier, if the app keeps one (see last-known-good.ts DURABLE_METHODS). */
    durable?: AnswerStore,
  ) {
    const { chainId } = config;
    // The chain's height: the highest trusted eth_blockNumber answer (a stage below), which the providers also check
    // answers against (classify.ts). The monitor is built next; these callbacks only run once requests do.
    const height = monotonicHead(
      (name, head) => this.monitor.observeHead(name, head),
      (name) => this.monitor.trusts(name),
    );
    this.providers = config.providers.map((p) => new Provider(chainId, p, options, onChange, observer, height.best));
    // Health facts (chain id, heads): the first checks start now, with the engine, not at the first request.
    this.monitor = new HealthMonitor(
      config.chainId,
      this.providers.map((p, i) => ({ id: p.id, name: p.name, url: config.providers[i]?.url ?? '' })),
      options,
      onChange,
      Date.now,
      observer,
      // A head poll of a provider due for its half-open probe is that probe (see monitor.ts, breaker.ts).
      (id, send) => {
        const provider = this.providers.find((p) => p.id === id);
        return provider === undefined ? send() : provider.healthProbe(send, (outcome) => !outcome.ok);
      },
    );
    this.monitor.start();
    this.tracer = new Tracer(options.timeouts.globalMs);
    this.bulkheads = new Lanes(options.bulkheads, (lane, reason) =>
      notifyObserver(observer, 'onLaneRejected', { chainId, lane, reason }),
    );
    this.answers = memoryAnswerStore(options.cache.lastKnownGoodEntries);
    this.durable = durable;
    const onLookup = (hit: boolean, tier: string): void => notifyObserver(observer, 'onCache', { chainId, tier, hit });
    const laneOf = (): Priority => this.tracer.currentLane();
    this.dedupe = new Dedupe(laneOf);
    // Outermost first. tracing sees every caller (merged or not) → dedupe merges identical reads before anything
    // else costs work → lastKnownGood wraps everything that can fail for lack of a provider (queue refusals
    // included, which it deliberately does not answer from cache) → logsRange splits one caller's getLogs into
    // chunks → monotonicHead judges each answer → bulkhead admits each (chunk) request into its lane → the operation
    // deadline starts only once admitted (queueing has its own queueTimeoutMs) → failover (terminal: providers,
    // hedges, retries). The global (action) deadline is not a stage: request() links the action's signal in.
    const stages: Stage[] = [
      tracing(this.tracer),
      this.dedupe.stage,
      lastKnownGood({ store: this.answers, durable, tracer: this.tracer, onLookup, trusts: this.monitor.trusts }),
      logsRange({ tracer: this.tracer }),
      height.stage,
      bulkhead(this.bulkheads, laneOf),
      operationDeadline(options.timeouts.operationMs),
    ];
    const terminal = failover(config.chainId, this.providers, weightedFallbackOrder(), options, this.monitor.eligibility);
    this.handle = compose(stages, terminal);
    // The batch path reuses the bulkhead (ONE slot for the whole batch) and the operation deadline, then its own
    // terminal (batch.ts says why no hedging, dedupe or last-known-good). The calls ride in `params`; the answer's
    // `result` is the outcomes, in call order.
    const batchTerminal = batchFailover(config.chainId, this.providers, weightedFallbackOrder(), this.monitor.eligibility);
    this.handleBatch = compose(
      [bulkhead(this.bulkheads, laneOf), operationDeadline(options.timeouts.operationMs)],
      async ({ params, signal }) => {
        const answer = await batchTerminal(params as readonly BatchCall[], signal);
        return { result: answer.outcomes, provider: answer.provider, latencyMs: answer.latencyMs };
      },
    );
    this.client = createEngineClient(config, async (method, params, signal) => {
      const response = await this.request(method, params, signal === undefined ? {} : { signal });
      return response.result;
    });
  }

  /**
   * The lane is the request's own priority, else its action's, else `standard`. Inside `traced`, the action's signal
   * is linked in, so its global deadline and its caller's abort reach this request wherever it is (queued, merged,
   * on the wire); a request failing for that reason rethrows the action's reason (TIMEOUT global or CANCELLED).
   */
  async request(method: string, params: readonly unknown[], options: RequestOptions = {}): Promise<EngineResponse> {
    return this.run(options, (signal) => this.handle({ method, params, signal }));
  }

  /** One JSON-RPC batch through its own short path (see the constructor and batch.ts); `[]` sends nothing. */
  async requestBatch(calls: readonly BatchCall[], options: RequestOptions = {}): Promise<BatchOutcome[]> {
    if (calls.length === 0) return [];
    const response = await this.run(options, (signal) => this.handleBatch({ method: 'batch', params: calls, signal }));
    // Not a stage: the tracing stage belongs to the single-request path; a batch answered by one provider.
    this.tracer.record(response.provider);
    return response.result as BatchOutcome[];
  }

  /**
   * Runs one request (single or batch) under the engine's lifetime, the caller's signal and the enclosing action.
   * The lane is the request's own priority, else its action's, else `standard`. Inside `traced`, the action's signal
   * is linked in, so its global deadline and its caller's abort reach this request wherever it is (queued, merged,
   * on the wire); a request failing for that reason rethrows the action's reason (TIMEOUT global or CANCELLED).
   */
  private async run(options: RequestOptions, send: (signal: AbortSignal) => Promise<EngineResponse>): Promise<EngineResponse> {
    if (this.lifetime.aborted) throw disposedError();
    if (options.signal?.aborted) throw cancelledError();
    const action = this.tracer.actionSignal();
    const ended = reasonOf(action);
    if (ended !== undefined) throw ended;
    const link = linkSignals(this.lifetime, options.signal, action);
    try {
      const priority = this.tracer.priorityFor(options.priority);
      return await this.tracer.inLane(priority, () => send(link.signal));
    } catch (error) {
      if (this.lifetime.aborted) throw disposedError();
      const own = options.signal?.aborted === true;
      if (!own && action?.aborted === true && findSteadfastError(error)?.code === 'CANCELLED') throw reasonOf(action);
      throw error;
    } finally {
      link.dispose();
    }
  }

  traced<T>(fn: () => Promise<T>, options?: ActionOptions): Promise<{ value: T; trace: Trace }> {
    if (options?.signal?.aborted === true) return Promise.reject(cancelledError());
    return this.tracer.run(fn, options);
  }

  /** Never rejects: every failure is a JSON-RPC error object with the caller's id (see jsonrpc.ts). */
  handleJsonRpc(payload: unknown, options: RequestOptions = {}): Promise<unknown> {
    return handleJsonRpc(payload, (method, params) => this.request(method, params, options));
  }

  /** Bulkhead lane counters of this chain (in flight, queued, refused with BUSY), for metrics. */
  lanes(): Record<Priority, LaneStats> {
    return this.bulkheads.stats();
  }

  /** Distinct upstream calls the dedupe stage is sharing right now; 0 when idle. */
  inFlight(): number {
    return this.dedupe.size;
  }

  /** Entries in this chain's last-known-good cache, and its bound. */
  cacheStats(): { tier: 'last-known-good'; entries: number; maxEntries: number; durableEntries: number | null } {
    const durableEntries = this.durable?.size() ?? null;
    return { tier: 'last-known-good', entries: this.answers.size(), maxEntries: this.answers.maxEntries, durableEntries };
  }

  /** Memory pressure: keep at most `keepFraction` of the cache bound (least recently used go first). Returns drops. */
  trimCaches(keepFraction: number): number {
    return this.answers.trim(Math.floor(this.answers.maxEntries * Math.min(1, Math.max(0, keepFraction))));
  }

  status(): ProviderStatus[] {
    return this.providers.map((p) => {
      const own = p.status();
      const facts = this.monitor.factsOf(p.id);
      // A quarantined provider gets no traffic at all; a lagging one only as a last resort: say so in its level.
      const health = facts.quarantine ? 'UNHEALTHY' : facts.lagging && own.health === 'HEALTHY' ? 'DEGRADED' : own.health;
      return { ...own, ...facts, health };
    });
  }

  /** Operator switch by provider id (`${chainId}:${name}`); returns false when no provider has that id. */
  setProviderEnabled(id: string, enabled: boolean): boolean {
    const provider = this.providers.find((p) => p.id === id);
    provider?.setEnabled(enabled);
    return provider !== undefined;
  }

  async dispose(): Promise<void> {
    await Promise.all([this.monitor.dispose(), ...this.providers.map((p) => p.dispose())]);
  }
}

/** Records who answered, deterministic error answers included (the provider did answer). */
function tracing(tracer: Tracer): Stage {
  return (next) => async (request) => {
    try {
      const response = await next(request);
      tracer.record(response.provider);
      // Here too, not only in lastKnownGood: a caller merged by dedupe never runs that stage in its own context.
      if (response.cachedAt !== undefined) tracer.recordCached(response.cachedAt);
      return response;
    } catch (error) {
      if (error instanceof SteadfastError && error.code === 'RPC_ERROR' && error.provider !== undefined) {
        tracer.record(error.provider);
      }
      throw error;
    }
  };
}

/**
 * The engine's public shape: what the composition root builds and what the portfolio service reads through.
 * Plain Node: nothing under engine/ imports `electron`.
 */
import type { PublicClient } from 'viem';
import type { Priority, ProviderStatus } from '../../shared/domain';
import type { SteadfastError } from '../../shared/errors';

export interface ProviderConfig {
  /** Display name, unique within its chain (e.g. `primary`). Shown in the UI and logs instead of the URL. */
  name: string;
  /** HTTP(S) JSON-RPC endpoint. May hold secrets (API keys); never log or show it unmasked. */
  url: string;
  /** Fallback order: lower ranks are tried first; equal ranks share load by weight. */
  rank: number;
  /** Relative share of traffic among providers of equal rank. */
  weight: number;
}

export interface TokenConfig {
  address: `0x${string}`;
  symbol: string;
  name: string;
  decimals: number;
  /** Chainlink AggregatorV3-compatible USD feed, if the chain has one for this token. */
  priceFeed?: `0x${string}`;
}

export interface ChainConfig {
  chainId: number;
  name: string;
  nativeSymbol: string;
  nativeDecimals: number;
  /** USD feed for the native coin. */
  nativePriceFeed?: `0x${string}`;
  /** Multicall3 deployment, when the chain has one (balances are then read in one round trip). */
  multicall3?: `0x${string}`;
  /** ENS universal resolver, on chains where names resolve (viem's `getEnsAddress` calls it). */
  ensUniversalResolver?: `0x${string}`;
  tokens: TokenConfig[];
  providers: ProviderConfig[];
}

/** Bulkhead lane of a request: critical work (a user's action) never waits behind background work. */
export type { Priority };

export interface LaneOptions {
  /** Requests of this lane in flight at once. */
  concurrency: number;
  /** Requests that may wait for a slot; one more is refused at once with BUSY. */
  queue: number;
  /** How long a request may wait in the queue before it is refused with BUSY. */
  queueTimeoutMs: number;
}

export interface EngineOptions {
  timeouts: {
    /** TCP connect (and TLS) to a provider. */
    connectionMs: number;
    /** One request to one provider, from send to the full body. */
    requestMs: number;
    /** One `request()` through the whole path: queueing, every provider tried, hedges and retries. */
    operationMs: number;
    /** One user action (`traced(fn, ...)`): every request it makes shares this deadline. */
    globalMs: number;
  };
  breaker: {
    /** Consecutive provider faults that open the breaker. */
    consecutiveFailures: number;
    /** How long an open breaker first waits before letting one probe through (half-open). */
    halfOpenAfterMs: number;
    /** The wait doubles (with jitter) each time a probe fails, up to this; a success resets it. */
    halfOpenMaxMs: number;
  };
  bulkheads: Record<Priority, LaneOptions>;
  hedging: {
    enabled: boolean;
    /** Hedge after the first provider's recent p95 latency, but never sooner than this... */
    minDelayMs: number;
    /** ...nor later than this. */
    maxDelayMs: number;
    /** Hedges may add at most this fraction of extra upstream requests (a token budget). */
    maxExtraLoad: number;
  };
  retry: {
    /** Extra attempts on the same provider for a transient fault (reset connection, 502/503/504). */
    maxRetries: number;
    baseDelayMs: number;
    maxDelayMs: number;
  };
  health: {
    /**
     * Background probes (chain-id checks and head polls). Off, no provider is quarantined or demoted (heads seen in
     * traffic are still shown): for metered providers that bill every request, and for tests that count upstream
     * requests exactly.
     */
    enabled: boolean;
    /** Re-check each provider's chain id this often (a mismatch quarantines it). */
    chainIdCheckMs: number;
    /** Poll each provider's head block this often. */
    headPollMs: number;
    /** A provider more than this many blocks behind the best head is demoted until it catches up... */
    maxLagBlocks: number;
    /** ...or whose head is older than the best head by more than this. */
    maxLagMs: number;
  };
  cache: {
    /** Last-known-good answers kept for when every provider fails. */
    lastKnownGoodEntries: number;
  };
}

/** One upstream answer, with who gave it. */
export interface EngineResponse {
  result: unknown;
  /** The provider's display name. */
  provider: string;
  latencyMs: number;
  /**
   * Set when every provider failed and this is the last known good answer instead: when it was first received.
   * `provider` then names who gave it back then.
   */
  cachedAt?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Bulkhead lane; default `standard`, or the enclosing action's priority (see `traced`). */
  priority?: Priority;
}

/** One user action: its lane and its shared deadline. */
export interface ActionOptions {
  priority?: Priority;
  /** Deadline shared by every request the action makes; default `timeouts.globalMs`. */
  deadlineMs?: number;
  signal?: AbortSignal;
}

/** What `ChainEngine.traced` collected while its function ran. */
export interface Trace {
  /** Display names of the providers that answered, in order, without repeats. */
  providers: string[];
  /** The oldest last-known-good answer used (epoch ms), or null when every answer was live. */
  oldestCachedAt: number | null;
}

/** One call of a JSON-RPC batch (`ChainEngine.requestBatch`). */
export interface BatchCall {
  method: string;
  params: readonly unknown[];
}

/** One element's outcome in a batch, in call order: its result, or the chain's deterministic error answer (RPC_ERROR). */
export type BatchOutcome = { ok: true; result: unknown } | { ok: false; error: SteadfastError };

export interface ChainEngine {
  readonly config: ChainConfig;
  /** A viem public client whose transport is this engine (so every viem action goes through the request path). */
  readonly client: PublicClient;
  /** Send one JSON-RPC request through the request path. Throws SteadfastError on failure. */
  request(method: string, params: readonly unknown[], options?: RequestOptions): Promise<EngineResponse>;
  /**
   * Send `calls` as ONE JSON-RPC batch (one HTTP request) to one provider, trying providers in selection order: one
   * bulkhead slot, one operation deadline. Elements the chain answered with a deterministic error come back as
   * `{ ok: false }`; provider trouble fails the whole batch over (see batch.ts). Throws SteadfastError like `request`
   * when no provider answered.
   */
  requestBatch(calls: readonly BatchCall[], options?: RequestOptions): Promise<BatchOutcome[]>;
  /**
   * Run `fn` as one action: the requests it makes (through `client` or `request`) share one deadline and lane, and
   * the trace reports who answered them and whether any answer came from the last-known-good cache.
   */
  traced<T>(fn: () => Promise<T>, options?: ActionOptions): Promise<{ value: T; trace: Trace }>;
  /**
   * The engine as a JSON-RPC 2.0 endpoint: a request object or a batch array in, the answer(s) out, each with the
   * caller's own id. Errors become JSON-RPC error objects (never a throw), with the SteadfastError as `data`.
   */
  handleJsonRpc(payload: unknown, options?: RequestOptions): Promise<unknown>;
  status(): ProviderStatus[];
}

export interface Engine {
  chain(chainId: number): ChainEngine;
  chains(): ChainEngine[];
  status(): ProviderStatus[];
  /** Called whenever any provider's status changes (breaker transition, latency, error). Returns unsubscribe. */
  onStatusChange(listener: (status: ProviderStatus[]) => void): () => void;
  /** Closes pooled connections and timers. The engine is unusable afterwards. */
  dispose(): Promise<void>;
}

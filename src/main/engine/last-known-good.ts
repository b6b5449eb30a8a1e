/**
 * Last-known-good answers: every successful read is remembered per (method, canonical params); when the inner path
 * fails because no provider could answer, the remembered answer is served instead, with the time it was received.
 *
 * Which failures fall back (FALLBACK_CODES), and why:
 * - ALL_PROVIDERS_FAILED, NO_HEALTHY_PROVIDER: nobody could answer; this is what the cache is for.
 * - PROVIDER_ERROR, RATE_LIMITED, TIMEOUT: failover reports a single provider's own fault when it was the only one it
 *   could try (the others skipped by open breakers), and a deadline stage reports TIMEOUT: still "nobody answered".
 * Never:
 * - RPC_ERROR: the chain answered (execution reverted, invalid params). A cached success for the same call would
 *   contradict what the chain says now.
 * - CANCELLED: the caller gave up; nobody is waiting for a stale answer.
 * - BUSY: our own bulkhead shed the request while providers may be fine. Serving stale data there would hide local
 *   overload and mark healthy readings stale; the caller (the portfolio keeps its last reading) retries later.
 * - NOT_AVAILABLE, INVALID_INPUT, INTERNAL: the engine's or the caller's problem, not the providers'.
 *
 * Staleness: a read pinned to a block number (or hash) is immutable, so its cached answer is still true, merely old.
 * A `latest`-relative read served from cache may be out of date: `Trace.oldestCachedAt` is how the UI learns that.
 */
import { LRUCache } from 'lru-cache';
import { SteadfastError, type ErrorCode } from '../../shared/errors';
import { findSteadfastError } from './errors';
import type { Stage } from './pipeline';

/** One remembered answer. */
export interface CachedAnswer {
  result: unknown;
  /** Display name of the provider that gave it. */
  provider: string;
  /** Epoch ms at which it was received. */
  receivedAt: number;
}

/**
 * Where answers are kept. Small on purpose, so that a durable tier (on disk, surviving restarts) can later sit behind
 * the same interface, e.g. a memory LRU in front of a SQLite table.
 */
export interface AnswerStore {
  get(key: string): CachedAnswer | undefined;
  set(key: string, answer: CachedAnswer): void;
  delete(key: string): void;
  /** Entries held now (for the operator's cache gauges). */
  size(): number;
}

/** The in-memory tier, with what the operator view and the memory manager need besides. */
export interface MemoryAnswerStore extends AnswerStore {
  /** The most it will hold. */
  readonly maxEntries: number;
  /** Drop least recently used entries until at most `keep` remain; returns how many were dropped. */
  trim(keep: number): number;
}

/** The in-memory tier: least recently used entries go first once `maxEntries` is reached. */
export function memoryAnswerStore(maxEntries: number): MemoryAnswerStore {
  const cache = new LRUCache<string, CachedAnswer>({ max: maxEntries });
  return {
    get: (key) => cache.get(key),
    set: (key, answer) => void cache.set(key, answer),
    delete: (key) => void cache.delete(key),
    size: () => cache.size,
    maxEntries,
    trim(keep) {
      let dropped = 0;
      // pop() removes the least recently used entry: under memory pressure the oldest fallbacks go first.
      while (cache.size > Math.max(0, keep) && cache.pop() !== undefined) dropped++;
      return dropped;
    },
  };
}

/**
 * Reads whose answer is worth keeping. Writes (eth_sendRawTransaction), stateful filters (eth_newFilter,
 * eth_getFilterChanges) and estimates that would mislead if stale (eth_estimateGas) are deliberately absent.
 */
export const CACHEABLE_METHODS: ReadonlySet<string> = new Set([
  'eth_blockNumber',
  'eth_chainId',
  'net_version',
  'eth_getBalance',
  'eth_getCode',
  'eth_getStorageAt',
  'eth_getTransactionCount',
  'eth_call',
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_getTransactionByHash',
  'eth_getTransactionReceipt',
  'eth_getLogs',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_feeHistory',
]);

/**
 * Reads also kept in the durable tier (on disk, surviving a restart): what one portfolio reading needs (the head,
 * then balances and every contract read at it, multicall included), so that the app opened while every provider is
 * down still shows the last figures with their age. Logs, blocks and receipts stay in memory only: history keeps its
 * own store, and writing every scanned block to disk would cost far more than it saves.
 */
export const DURABLE_METHODS: ReadonlySet<string> = new Set(['eth_blockNumber', 'eth_chainId', 'eth_getBalance', 'eth_call']);

/** Failures that mean "no provider answered" (see the file comment for the reasoning behind each). */
export const FALLBACK_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ALL_PROVIDERS_FAILED',
  'NO_HEALTHY_PROVIDER',
  'PROVIDER_ERROR',
  'RATE_LIMITED',
  'TIMEOUT',
]);

/**
 * The cache key: method plus params with object keys sorted and 0x-strings lower-cased, so that `{to, data}` and
 * `{data, to}`, or a checksummed and a lower-case address, share one entry. Undefined when params cannot be
 * serialised (a bigint): the request is then not cached, and failover reports the bad params.
 */
export function cacheKey(method: string, params: readonly unknown[]): string | undefined {
  try {
    return `${method}:${JSON.stringify(params, canonical)}`;
  } catch {
    return undefined;
  }
}

function canonical(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return /^0x/i.test(value) ? value.toLowerCase() : value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/** No provider answered and nothing is cached: the caller is offline for this read. */
export function offlineError(method: string, underlying: SteadfastError): SteadfastError {
  return new SteadfastError(
    {
      code: 'OFFLINE',
      message: `no provider answered ${method} and nothing is cached: ${underlying.message}`,
      retryable: true,
      details: { method, cause: underlying.toData() },
    },
    { cause: underlying },
  );
}

/** The provider-side error behind an OFFLINE one (as thrown by this stage), or the error itself. */
export function underlyingError(error: SteadfastError): SteadfastError {
  return error.code === 'OFFLINE' && error.cause instanceof SteadfastError ? error.cause : error;
}

export interface LastKnownGoodOptions {
  store: AnswerStore;
  /** The chain engine's tracer, so that `traced()` reports the oldest cached answer it was given. */
  tracer: { recordCached(cachedAt: number): void };
  /** Clock; tests may pin it. */
  now?: () => number;
  /**
   * Told of each fallback lookup, per tier consulted: `last-known-good` (memory), then, on a miss there,
   * `last-known-good-disk` (a hit: a cached answer was served; a miss on the last tier: the caller got OFFLINE).
   */
  onLookup?: (hit: boolean, tier: string) => void;
  /** The durable tier (main's SQLite table): written for DURABLE_METHODS, read when memory has nothing. */
  durable?: AnswerStore | undefined;
  /**
   * May an answer from this provider still be served? False for one since found answering as another chain: what
   * it said belongs to that chain. Such an answer is dropped, not served.
   */
  trusts?: (providerName: string) => boolean;
}

/** The stage: remember good reads, serve them when no provider answers, OFFLINE when there is nothing to serve. */
export function lastKnownGood(options: LastKnownGoodOptions): Stage {
  const { store, tracer, now = Date.now, trusts = () => true, durable } = options;
  const told = (hit: boolean, tier: string): void => {
    try {
      options.onLookup?.(hit, tier);
    } catch {
      // Metrics must not change what the caller gets.
    }
  };
  /** The tier's answer, unless it came from a provider no longer trusted (then it is dropped there). */
  const lookup = (tier: AnswerStore, key: string): CachedAnswer | undefined => {
    const cached = tier.get(key);
    if (cached === undefined || trusts(cached.provider)) return cached;
    tier.delete(key);
    return undefined;
  };
  return (next) => async (request) => {
    const key = CACHEABLE_METHODS.has(request.method) ? cacheKey(request.method, request.params) : undefined;
    if (key === undefined) return next(request);
    try {
      const response = await next(request);
      // A response already served from a cache further in is not a new observation: keep the original time.
      if (response.cachedAt === undefined) {
        const answer = { result: response.result, provider: response.provider, receivedAt: now() };
        store.set(key, answer);
        if (durable !== undefined && DURABLE_METHODS.has(request.method)) durable.set(key, answer);
      }
      return response;
    } catch (error) {
      const typed = findSteadfastError(error);
      if (typed === undefined || !FALLBACK_CODES.has(typed.code) || request.signal.aborted) throw error;
      let cached = lookup(store, key);
      told(cached !== undefined, 'last-known-good');
      if (cached === undefined && durable !== undefined && DURABLE_METHODS.has(request.method)) {
        cached = lookup(durable, key);
        told(cached !== undefined, 'last-known-good-disk');
        // Back in memory: the next lookups of this answer (and trimming under memory pressure) stay in memory.
        if (cached !== undefined) store.set(key, cached);
      }
      if (cached === undefined) throw offlineError(request.method, typed);
      tracer.recordCached(cached.receivedAt);
      // A copy, so a caller that edits its answer cannot change what the next caller is served. Live answers are
      // stored uncopied (copying every read is the expensive side); viem's formatters build new objects anyway.
      return { result: structuredClone(cached.result), provider: cached.provider, latencyMs: 0, cachedAt: cached.receivedAt };
    }
  };
}

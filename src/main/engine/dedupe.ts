/**
 * De-duplication: identical reads in flight at the same time (same method, same params as canonical JSON; one
 * instance per chain, so the chain is implied) share ONE upstream call. A refresh that asks for the same block or
 * balance from three views costs one request.
 *
 * - Every waiter gets its own copy of the result (structuredClone), so one caller mutating its answer cannot change
 *   another's; an upstream error reaches every waiter.
 * - One waiter aborting detaches only that waiter (CANCELLED at once); the shared call is aborted only when every
 *   waiter has given up. It has its own signal for that reason: it must outlive the caller who happened to start it.
 * - The entry goes when the call settles (or is abandoned), so a later request gets a fresh answer: this is
 *   coalescing, not caching.
 * - Lanes: a waiter may join a call running in its own lane or a more urgent one, never a less urgent one; otherwise
 *   a critical request could end up waiting in the background queue behind a background refresh.
 */
import type { Priority } from '../../shared/domain';
import { SteadfastError } from '../../shared/errors';
import { cancelledError } from './errors';
import type { EngineRequest, Stage } from './pipeline';
import type { EngineResponse } from './types';

/**
 * An allowlist, not a denylist of writes: sharing a call that has side effects (eth_sendRawTransaction) or whose
 * answer depends on who asks and when (eth_getFilterChanges consumes the filter's changes, eth_subscribe, anvil_* /
 * evm_* test controls) would be wrong, and a method unknown to us is safer sent twice than merged.
 */
const DEDUPABLE: ReadonlySet<string> = new Set([
  'eth_blockNumber',
  'eth_chainId',
  'net_version',
  'web3_clientVersion',
  'eth_syncing',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_blobBaseFee',
  'eth_feeHistory',
  'eth_getBalance',
  'eth_getCode',
  'eth_getStorageAt',
  'eth_getTransactionCount',
  'eth_getProof',
  'eth_call',
  'eth_estimateGas',
  'eth_getLogs',
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_getBlockReceipts',
  'eth_getBlockTransactionCountByNumber',
  'eth_getBlockTransactionCountByHash',
  'eth_getTransactionByHash',
  'eth_getTransactionByBlockNumberAndIndex',
  'eth_getTransactionByBlockHashAndIndex',
  'eth_getTransactionReceipt',
]);

/** Most urgent first: a caller may join entries of its own lane or of any lane before it. */
const LANE_ORDER: readonly Priority[] = ['critical', 'standard', 'background'];

interface Entry {
  readonly controller: AbortController;
  readonly done: Promise<EngineResponse>;
  waiters: number;
}

/** Whether `method` may be shared between callers. */
export function isDedupable(method: string): boolean {
  return DEDUPABLE.has(method);
}

/**
 * JSON with object keys sorted, so `{to, data}` and `{data, to}` are one key. Throws on what JSON cannot hold
 * (bigint): such a request is not merged and the path below reports it as the caller's error.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  });
}

/** The dedupe stage of one chain, with its in-flight map. */
export class Dedupe {
  private readonly inFlight = new Map<string, Entry>();

  /** `laneOf` names the lane of the request being sent (the same function the bulkhead uses). */
  constructor(private readonly laneOf: () => Priority) {}

  /** Distinct upstream calls in flight now (0 when idle: entries never outlive their call). */
  get size(): number {
    return this.inFlight.size;
  }

  readonly stage: Stage = (next) => (request) => {
    if (!isDedupable(request.method)) return next(request);
    let key: string;
    try {
      key = `${request.method}|${canonicalJson(request.params)}`;
    } catch {
      return next(request);
    }
    const lane = this.laneOf();
    const joinable = LANE_ORDER.slice(0, LANE_ORDER.indexOf(lane) + 1);
    for (const l of joinable) {
      const entry = this.inFlight.get(`${l}|${key}`);
      if (entry !== undefined) return this.wait(`${l}|${key}`, entry, request.signal);
    }
    return this.start(`${lane}|${key}`, request, next);
  };

  private start(key: string, request: EngineRequest, next: (r: EngineRequest) => Promise<EngineResponse>): Promise<EngineResponse> {
    if (request.signal.aborted) return Promise.reject(cancelledError());
    const controller = new AbortController();
    const entry: Entry = { controller, waiters: 0, done: next({ ...request, signal: controller.signal }) };
    this.inFlight.set(key, entry);
    const remove = (): void => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    };
    // Also marks the shared promise as handled: its rejection is delivered to the waiters below, not lost.
    entry.done.then(remove, remove);
    return this.wait(key, entry, request.signal);
  }

  private wait(key: string, entry: Entry, signal: AbortSignal): Promise<EngineResponse> {
    if (signal.aborted) return Promise.reject(cancelledError());
    entry.waiters++;
    return new Promise<EngineResponse>((resolve, reject) => {
      let attached = true;
      const detach = (): boolean => {
        if (!attached) return false;
        attached = false;
        entry.waiters--;
        signal.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = (): void => {
        if (!detach()) return;
        reject(cancelledError());
        if (entry.waiters === 0) {
          // Nobody wants the answer any more: cancel it down to the socket and let the next caller start afresh.
          if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
          entry.controller.abort();
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.done.then(
        (response) => {
          if (detach()) resolve({ ...response, result: structuredClone(response.result) });
        },
        (error: unknown) => {
          // Each waiter its own error, as each gets its own result: one caller decorating or rethrowing it must not
          // change what the others see.
          if (!detach()) return;
          reject(error instanceof SteadfastError ? new SteadfastError(structuredClone(error.toData()), { cause: error.cause }) : error);
        },
      );
    });
  }
}

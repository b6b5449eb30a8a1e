/**
 * eth_getLogs over a range a provider refuses as too large: split [fromBlock, toBlock] in halves, recursively, ask
 * again for each half in order, and answer with the logs concatenated in block order, as one answer would have been.
 *
 * - Only numeric ranges are split. A missing fromBlock is `earliest` (0); `latest` (or a missing toBlock) is resolved
 *   once through the same path (eth_blockNumber). `safe`, `finalized` and `pending` are refused with the reason: their
 *   number is not what eth_blockNumber says, and guessing would silently change the query.
 * - Halves are fetched one after the other: the point is to ask less of the provider at a time, and a failure of the
 *   first half ends the whole request before more work is spent.
 * - Depth and the number of sub-requests are capped, so a provider that refuses every range cannot make one call
 *   fan out without end. A single block that is still refused returns the provider's error.
 *
 * A range refusal is not the provider's fault and must not count against it. That is classification's job (see the
 * recognizer in range-limit.ts); this stage recognizes the refusal whichever error class it arrives in.
 */
import { SteadfastError } from '../../shared/errors';
import { findSteadfastError } from './errors';
import type { EngineRequest, Handler, Stage } from './pipeline';
import { isRangeLimitMessage } from './range-limit';
import type { EngineResponse } from './types';

export interface LogsRangeOptions {
  /** How many times a range may be halved (20 halvings narrow it a millionfold). */
  maxDepth?: number;
  /** Sub-requests (eth_blockNumber included) one eth_getLogs may turn into. */
  maxSubRequests?: number;
  /** The chain engine's tracer: every provider that answered a piece is named in the trace. */
  tracer?: { record(provider: string): void };
}

const DEFAULT_MAX_DEPTH = 20;
// A 100 000-block range against a 2 000-block limit takes 64 pieces plus the refused halvings along the way.
const DEFAULT_MAX_SUB_REQUESTS = 160;

/** Whether an error that reached this stage is a range refusal, in any class classification may have given it. */
export function isRangeLimitError(error: SteadfastError): boolean {
  switch (error.code) {
    case 'RPC_ERROR':
      return isRangeLimitMessage(error.message) || isRangeLimitMessage(json(error.details?.data));
    case 'PROVIDER_ERROR':
    case 'RATE_LIMITED':
      return isRangeLimitMessage(error.message);
    case 'ALL_PROVIDERS_FAILED': {
      // One provider refusing the range is enough: the others failed for their own reasons, a smaller range may pass.
      const attempts = error.details?.attempts;
      return Array.isArray(attempts) && attempts.some((a: { message?: unknown }) => isRangeLimitMessage(String(a.message)));
    }
    default:
      return false;
  }
}

/** The stage. */
export function logsRange(options: LogsRangeOptions = {}): Stage {
  const limits = {
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxSubRequests: options.maxSubRequests ?? DEFAULT_MAX_SUB_REQUESTS,
  };
  return (next) => async (request) => {
    if (request.method !== 'eth_getLogs') return next(request);
    try {
      return await next(request);
    } catch (error) {
      const refusal = findSteadfastError(error);
      if (refusal === undefined || !isRangeLimitError(refusal)) throw error;
      return new Splitter(next, request, limits, options.tracer).run(refusal);
    }
  };
}

type Filter = Record<string, unknown>;

/** One split eth_getLogs: its budget, its pieces in order. */
class Splitter {
  private left: number;
  private readonly pieces: unknown[][] = [];
  private provider = '';
  private readonly started = performance.now();

  constructor(
    private readonly next: Handler,
    private readonly request: EngineRequest,
    private readonly limits: { maxDepth: number; maxSubRequests: number },
    private readonly tracer: LogsRangeOptions['tracer'],
  ) {
    this.left = limits.maxSubRequests;
  }

  async run(refusal: SteadfastError): Promise<EngineResponse> {
    const [filter, ...rest] = this.request.params;
    if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
      throw notSplit(refusal, 'the filter is not an object');
    }
    const f = filter as Filter;
    if (f.blockHash !== undefined) throw notSplit(refusal, 'a blockHash filter names a single block');
    const from = await this.resolve(f.fromBlock ?? 'earliest', refusal);
    const to = await this.resolve(f.toBlock ?? 'latest', refusal);
    if (from > to) throw notSplit(refusal, 'fromBlock is after toBlock');
    if (from === to) throw refusal;
    await this.halves(f, rest, from, to, 1, refusal);
    return { result: this.pieces.flat(), provider: this.provider, latencyMs: Math.round(performance.now() - this.started) };
  }

  /** Fetch [lo, mid] then [mid + 1, hi], halving again whichever is refused. */
  private async halves(filter: Filter, rest: unknown[], lo: bigint, hi: bigint, depth: number, refusal: SteadfastError): Promise<void> {
    const mid = lo + (hi - lo) / 2n;
    for (const [a, b] of [[lo, mid], [mid + 1n, hi]] as const) {
      try {
        const response = await this.send('eth_getLogs', [{ ...filter, fromBlock: hex(a), toBlock: hex(b) }, ...rest], refusal);
        if (!Array.isArray(response.result)) throw notAList(response.provider);
        this.pieces.push(response.result);
      } catch (error) {
        const again = findSteadfastError(error);
        if (again === undefined || !isRangeLimitError(again) || a === b) throw error;
        if (depth >= this.limits.maxDepth) throw notSplit(again, `the range was halved ${depth} times already`);
        await this.halves(filter, rest, a, b, depth + 1, again);
      }
    }
  }

  private async resolve(tag: unknown, refusal: SteadfastError): Promise<bigint> {
    if (tag === 'earliest') return 0n;
    if (tag === 'latest') {
      const head = await this.send('eth_blockNumber', [], refusal);
      if (typeof head.result === 'string' && /^0x[0-9a-f]+$/i.test(head.result)) return BigInt(head.result);
      throw notSplit(refusal, 'eth_blockNumber did not answer with a block number');
    }
    if (typeof tag === 'string' && /^0x[0-9a-f]+$/i.test(tag)) return BigInt(tag);
    throw notSplit(refusal, `block ${JSON.stringify(tag)} is not a number (only numbers, earliest and latest are split)`);
  }

  private async send(method: string, params: unknown[], refusal: SteadfastError): Promise<EngineResponse> {
    if (this.left <= 0) throw notSplit(refusal, `it would take more than ${this.limits.maxSubRequests} sub-requests`);
    this.left--;
    const response = await this.next({ method, params, signal: this.request.signal });
    this.tracer?.record(response.provider);
    this.provider = response.provider;
    return response;
  }
}

/** The refusal, with why it was not (or no further) split: the caller sees the provider's words and ours. */
function notSplit(refusal: SteadfastError, reason: string): SteadfastError {
  const data = refusal.toData();
  return new SteadfastError(
    { ...data, message: `${data.message} (not split: ${reason})`, details: { ...data.details, notSplit: reason } },
    { cause: refusal },
  );
}

function notAList(provider: string): SteadfastError {
  return new SteadfastError({
    code: 'PROVIDER_ERROR',
    message: `${provider}: eth_getLogs answered with something other than a list`,
    retryable: true,
    provider,
  });
}

const hex = (n: bigint): string => `0x${n.toString(16)}`;

function json(value: unknown): string {
  if (value === undefined) return '';
  try {
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return '';
  }
}

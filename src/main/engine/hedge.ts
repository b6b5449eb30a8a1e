/**
 * Hedged reads: when the provider we asked has not answered by its own recent p95, ask the next provider too and
 * take whichever answers first (Dean & Barroso, "The Tail at Scale"). The rules that decide *whether* and *when*
 * live here; failover.ts runs the race.
 *
 * Counting (per provider, in status): `hedges.sent` on the provider the hedge went TO, `hedges.won` on that same
 * provider when its answer was the one taken. So "sent" reads as "extra load this provider took on for others'
 * slowness" and won/sent as "how often hedging it paid off". The slow provider is visible in its own p95 already.
 */
import type { EngineOptions } from './types';

/**
 * Reads only, by explicit allowlist: sending a request twice must be harmless. Never eth_sendRawTransaction (a
 * second copy is at best a "known transaction" error, at worst a confusing nonce race), never filters or
 * subscriptions (state lives on one node), never anything unknown.
 */
export const HEDGEABLE_METHODS: ReadonlySet<string> = new Set([
  'eth_blockNumber',
  'eth_call',
  'eth_chainId',
  'eth_estimateGas',
  'eth_feeHistory',
  'eth_gasPrice',
  'eth_getBalance',
  'eth_getBlockByHash',
  'eth_getBlockByNumber',
  'eth_getBlockReceipts',
  'eth_getBlockTransactionCountByNumber',
  'eth_getCode',
  'eth_getLogs',
  'eth_getProof',
  'eth_getStorageAt',
  'eth_getTransactionByHash',
  'eth_getTransactionCount',
  'eth_getTransactionReceipt',
  'eth_maxPriorityFeePerGas',
  'eth_syncing',
  'net_version',
  'web3_clientVersion',
]);

export function isHedgeable(method: string): boolean {
  return HEDGEABLE_METHODS.has(method);
}

/** Below this many answers a p95 is just "the slowest few": hedge at the maximum delay until there are more. */
export const MIN_P95_SAMPLES = 20;

/** When to hedge an attempt on a provider whose recent p95 is `p95Ms` over `samples` answers. */
export function hedgeDelayMs(p95Ms: number | null, samples: number, options: EngineOptions['hedging']): number {
  if (p95Ms === null || samples < MIN_P95_SAMPLES) return options.maxDelayMs;
  return Math.min(options.maxDelayMs, Math.max(options.minDelayMs, p95Ms));
}

/**
 * How many requests' worth of budget the bucket may hold: the largest burst of hedges after a quiet spell. The
 * bucket starts full, so the first slow request after start-up (when a dead primary hurts most) can be hedged.
 */
const BURST_REQUESTS = 20;

/**
 * A token bucket that caps hedges at `maxExtraLoad` of reads: every hedgeable request earns `maxExtraLoad` tokens,
 * a hedge spends one, no token no hedge. Over any n requests, hedges ≤ capacity + n × maxExtraLoad, with
 * capacity = max(1, 20 × maxExtraLoad) (2 with the default 0.1); maxExtraLoad 0 means never.
 * One bucket per chain: providers of one chain share their users' patience.
 */
export class HedgeBudget {
  private tokens: number;
  private readonly capacity: number;

  constructor(private readonly maxExtraLoad: number) {
    this.capacity = maxExtraLoad > 0 ? Math.max(1, BURST_REQUESTS * maxExtraLoad) : 0;
    this.tokens = this.capacity;
  }

  /** A hedgeable request started. */
  earn(): void {
    this.tokens = Math.min(this.capacity, this.tokens + this.maxExtraLoad);
  }

  /** Spend one token if there is one. */
  take(): boolean {
    // The epsilon absorbs float drift: ten earnings of 0.1 must buy a hedge.
    if (this.tokens < 1 - 1e-9) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** Tokens left, for tests and diagnostics. */
  available(): number {
    return this.tokens;
  }
}

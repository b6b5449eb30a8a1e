/**
 * Reads a chain as it was at a past block, through the engine in the background lane: which block was the latest
 * at a given time, and every watched balance and feed price at that block in one Multicall3 `aggregate3` call.
 *
 * Every upstream request goes through `spend`, so the caller's request budget is exact (one request per block
 * header looked up, one per reading), not an estimate.
 */
import { decodeFunctionResult, encodeFunctionData, parseAbi, type Address, type Hex } from 'viem';
import type { ChainConfig, ChainEngine } from '../../engine/types';
import { aggregatorV3Abi, erc20Abi, multicall3Abi } from '../abis';
import { toUsdDecimals, valueUsd } from '../valuation';
import type { SnapshotRow } from './snapshot-store';

const aggregate3Abi = parseAbi([
  'struct Call3 { address target; bool allowFailure; bytes callData; }',
  'struct Result { bool success; bytes returnData; }',
  'function aggregate3(Call3[] calls) payable returns (Result[] returnData)',
]);

/** Thrown when the request budget would be exceeded: the caller stops and keeps what it has. */
export class BudgetExhausted extends Error {}

export interface PastReaderOptions {
  chain: ChainEngine;
  /** Called before each upstream request; throws BudgetExhausted when none is left. */
  spend: () => void;
  signal: AbortSignal;
  /** Per-request deadline in the background lane. */
  deadlineMs: number;
}

export class PastReader {
  /** Block number → timestamp (seconds); points close in time share most of their binary search. */
  readonly #timestamps = new Map<bigint, number>();
  #head: bigint | null = null;

  constructor(private readonly options: PastReaderOptions) {}

  async #call<T>(method: string, params: readonly unknown[]): Promise<T> {
    this.options.spend();
    const { chain, signal, deadlineMs } = this.options;
    const { value } = await chain.traced(() => chain.request(method, params, { priority: 'background', signal }), {
      priority: 'background',
      deadlineMs,
      signal,
    });
    return value.result as T;
  }

  async #timestamp(block: bigint | 'latest'): Promise<{ number: bigint; timestamp: number }> {
    if (block !== 'latest') {
      const known = this.#timestamps.get(block);
      if (known !== undefined) return { number: block, timestamp: known };
    }
    const tag = block === 'latest' ? 'latest' : `0x${block.toString(16)}`;
    const header = await this.#call<{ number: Hex; timestamp: Hex } | null>('eth_getBlockByNumber', [tag, false]);
    if (!header) throw new Error(`no block ${tag}`);
    const number = BigInt(header.number);
    const timestamp = Number(BigInt(header.timestamp));
    this.#timestamps.set(number, timestamp);
    return { number, timestamp };
  }

  /**
   * The latest block whose timestamp is at or before `atS` (seconds), or null when the chain is younger than that.
   * Interpolation on timestamps (a few requests on a chain with regular blocks), falling back to a bisection step
   * whenever a guess fails to halve the interval, so irregular chains still take at most ~2·log2(head) requests.
   */
  async blockAt(atS: number): Promise<bigint | null> {
    if (this.#head === null) this.#head = (await this.#timestamp('latest')).number;
    let hi = this.#head;
    const head = await this.#timestamp(hi);
    if (head.timestamp <= atS) return hi;
    let lo = 0n;
    let loTs = (await this.#timestamp(lo)).timestamp;
    if (loTs > atS) return null;
    let hiTs = head.timestamp;
    let bisect = false;
    // Invariant: ts(lo) <= atS < ts(hi).
    while (hi - lo > 1n) {
      const width = hi - lo;
      let guess = bisect || hiTs === loTs ? lo + width / 2n : lo + (width * BigInt(atS - loTs)) / BigInt(hiTs - loTs);
      if (guess <= lo) guess = lo + 1n;
      if (guess >= hi) guess = hi - 1n;
      const { timestamp } = await this.#timestamp(guess);
      if (timestamp <= atS) {
        lo = guess;
        loTs = timestamp;
      } else {
        hi = guess;
        hiTs = timestamp;
      }
      bisect = (hi - lo) * 2n > width;
    }
    return lo;
  }

  /**
   * Every holder's native and token balances and every feed's answer at `block`, valued as the live portfolio
   * values them. Null when the chain cannot say: no Multicall3 at that block (before its deployment), or a balance
   * failed to read (e.g. before the token existed) — a point with a hole would chart as a fake drop.
   */
  async readAt(config: ChainConfig, holders: readonly Address[], block: bigint): Promise<SnapshotRow[] | null> {
    if (!config.multicall3) return null;
    type Plan = { target: Address; data: Hex; decode: (data: Hex) => unknown };
    const plans: Plan[] = [];
    const call = (target: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []): number => {
      const data = encodeFunctionData({ abi, functionName, args } as never);
      plans.push({ target, data, decode: (ret) => decodeFunctionResult({ abi, functionName, data: ret } as never) });
      return plans.length - 1;
    };
    const assets = [
      { asset: 'native', symbol: config.nativeSymbol, decimals: config.nativeDecimals, feed: config.nativePriceFeed, token: null as Address | null },
      ...config.tokens.map((t) => ({ asset: t.address as string, symbol: t.symbol, decimals: t.decimals, feed: t.priceFeed, token: t.address as Address | null })),
    ];
    const balanceCalls = holders.map((holder) =>
      assets.map((a) =>
        a.token === null
          ? call(config.multicall3!, multicall3Abi, 'getEthBalance', [holder])
          : call(a.token, erc20Abi, 'balanceOf', [holder]),
      ),
    );
    const feedCalls = assets.map((a) =>
      a.feed ? { decimals: call(a.feed, aggregatorV3Abi, 'decimals'), round: call(a.feed, aggregatorV3Abi, 'latestRoundData') } : null,
    );
    const data = encodeFunctionData({
      abi: aggregate3Abi,
      functionName: 'aggregate3',
      args: [plans.map((p) => ({ target: p.target, allowFailure: true, callData: p.data }))],
    });
    const raw = await this.#call<Hex>('eth_call', [{ to: config.multicall3, data }, `0x${block.toString(16)}`]);
    if (raw === '0x') return null; // no Multicall3 at that block yet
    const results = decodeFunctionResult({ abi: aggregate3Abi, functionName: 'aggregate3', data: raw });
    const decoded = (index: number): unknown => {
      const result = results[index];
      if (!result?.success || result.returnData === '0x') return undefined;
      try {
        return plans[index]!.decode(result.returnData);
      } catch {
        return undefined;
      }
    };
    const prices = feedCalls.map((f) => {
      if (!f) return null;
      const decimals = decoded(f.decimals);
      const round = decoded(f.round) as readonly [bigint, bigint, bigint, bigint, bigint] | undefined;
      if (decimals === undefined || round === undefined || round[1] <= 0n) return null;
      return toUsdDecimals(round[1], Number(decimals));
    });
    const rows: SnapshotRow[] = [];
    for (const [h, holder] of holders.entries()) {
      for (const [i, a] of assets.entries()) {
        const amount = decoded(balanceCalls[h]![i]!);
        if (typeof amount !== 'bigint') return null;
        const price = prices[i] ?? null;
        rows.push({
          chainId: config.chainId,
          chainName: config.name,
          address: holder,
          asset: a.asset,
          symbol: a.symbol,
          decimals: a.decimals,
          amount,
          priceUsd: price,
          valueUsd: price === null ? null : valueUsd(amount, a.decimals, price),
          blockNumber: block,
        });
      }
    }
    return rows;
  }
}

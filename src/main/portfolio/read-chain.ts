/**
 * One chain's reading: every watched address's native and token balances and every price feed, all at ONE block
 * so the figures on screen are consistent with each other. With Multicall3 that is two round trips (head, then one
 * aggregate call); without it, also two: the head, then every figure as ONE JSON-RPC batch (`requestBatch`) pinned
 * to the same block, decoded here with viem into the same shape as viem's multicall with allowFailure.
 *
 * The tokens read are the chain's tracked, non-hidden tokens (configured, discovered, user-added) as the caller
 * passes them; Chainlink feeds are read for those that have one. Other price sources are the price book's job.
 */

/** A token to read: its metadata, its feed if any, and where it came from (discovered tokens show only when held). */
export interface ReadToken extends TokenConfig {
  origin: TokenOrigin;
}

/** The configuration's tokens as read tokens (a chain with no token tracking: tests, the bare runtime). */
export const configuredTokens = (tokens: readonly TokenConfig[]): ReadToken[] =>
  tokens.map((token) => ({ ...token, origin: 'configured' }));
import { decodeFunctionResult, encodeFunctionData, hexToBigInt, numberToHex, type Abi, type Address, type Hex } from 'viem';
import type { Price, TokenOrigin } from '../../shared/domain';
import type { ChainEngine, TokenConfig } from '../engine/types';
import { aggregatorV3Abi, erc20Abi, multicall3Abi } from './abis';
import { toUsdDecimals } from './valuation';

export interface ChainReading {
  chainId: number;
  blockNumber: bigint;
  /** When the figures were read; for a reading served from cache, when the oldest cached answer was received. */
  fetchedAt: number;
  /** The provider that answered the balance read (for cached answers, the one that answered back then). */
  source: string;
  /**
   * Some answer came from the engine's last-known-good cache because no provider answered: the figures may be out of
   * date, and `fetchedAt` is the age of the oldest of them, not the time of this read.
   */
  stale: boolean;
  /** `${holder}` → native balance. */
  native: Map<string, bigint>;
  /** `${token}:${holder}` (lower-case) → token balance. */
  tokens: Map<string, bigint>;
  /** token address (lower-case) or `native` → price, absent when no source knows it. */
  prices: Map<string, Price>;
  /** The tokens this reading covers, in display order. */
  tokenList: readonly ReadToken[];
}

interface Call {
  key: string;
  kind: 'native' | 'token' | 'feed-answer' | 'feed-decimals';
  /** A balance that may fail alone: a discovered token is anyone's contract, and a reverting one must not blank the chain. */
  optional?: boolean;
  contract: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] };
}

/**
 * Calldata per aggregate3 call. viem's default (1 KiB, about 28 balanceOf calls) would split a portfolio of a few
 * addresses and tokens into several eth_calls; 32 KiB carries about 900 figures in one, well within what providers
 * accept for an eth_call (their gas cap, not the calldata, is the limit, and balanceOf reads are cheap).
 */
export const MULTICALL_BATCH_BYTES = 32_768;

export async function readChain(
  chain: ChainEngine,
  holders: readonly Address[],
  tokens: readonly ReadToken[] = configuredTokens(chain.config.tokens),
): Promise<ChainReading> {
  const { config, client } = chain;
  const { value, trace } = await chain.traced(async () => {
    const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
    const calls = planCalls(chain, holders, tokens);
    const results = config.multicall3
      ? await client.multicall({
          contracts: calls.map((c) => c.contract) as never,
          blockNumber,
          allowFailure: true,
          batchSize: MULTICALL_BATCH_BYTES,
        })
      : await readBatch(chain, calls, blockNumber);
    return { blockNumber, calls, results: results as Array<{ status: 'success' | 'failure'; result?: unknown; error?: Error }> };
  });

  const reading: ChainReading = {
    chainId: config.chainId,
    blockNumber: value.blockNumber,
    // A cached answer is as old as when it was received: the age shown must be the data's, not this read's.
    fetchedAt: trace.oldestCachedAt ?? Date.now(),
    source: trace.providers.at(-1) ?? 'unknown',
    stale: trace.oldestCachedAt !== null,
    native: new Map(),
    tokens: new Map(),
    prices: new Map(),
    tokenList: tokens,
  };
  const feedDecimals = new Map<string, number>();
  const feedAnswers = new Map<string, readonly [bigint, bigint, bigint, bigint, bigint]>();
  value.calls.forEach((call, index) => {
    const outcome = value.results[index];
    if (!outcome || outcome.status !== 'success') {
      // A balance we could not read must not show as zero: fail the reading, the caller keeps the cached one.
      if ((call.kind === 'native' || call.kind === 'token') && !call.optional) {
        throw outcome?.error ?? new Error(`no result for ${call.key}`);
      }
      return; // a missing price is shown as "no price", not as an error
    }
    if (call.kind === 'native') reading.native.set(call.key, outcome.result as bigint);
    else if (call.kind === 'token') reading.tokens.set(call.key, outcome.result as bigint);
    else if (call.kind === 'feed-decimals') feedDecimals.set(call.key, Number(outcome.result));
    else feedAnswers.set(call.key, outcome.result as readonly [bigint, bigint, bigint, bigint, bigint]);
  });
  for (const [asset, round] of feedAnswers) {
    const decimals = feedDecimals.get(asset);
    const [, answer, , updatedAt] = round;
    // A non-positive answer is a broken feed, not a free token.
    if (decimals === undefined || answer <= 0n) continue;
    reading.prices.set(asset, { usd: toUsdDecimals(answer, decimals), source: 'chainlink', at: Number(updatedAt) * 1000 });
  }
  return reading;
}

function planCalls(chain: ChainEngine, holders: readonly Address[], tokens: readonly ReadToken[]): Call[] {
  const { config } = chain;
  const calls: Call[] = [];
  for (const holder of holders) {
    const key = holder.toLowerCase();
    calls.push({
      key,
      kind: 'native',
      contract: config.multicall3
        ? { address: config.multicall3, abi: multicall3Abi, functionName: 'getEthBalance', args: [holder] }
        : { address: holder, abi: [], functionName: 'native' },
    });
    for (const token of tokens) {
      calls.push({
        key: `${token.address.toLowerCase()}:${key}`,
        kind: 'token',
        optional: token.origin === 'discovered',
        contract: { address: token.address, abi: erc20Abi, functionName: 'balanceOf', args: [holder] },
      });
    }
  }
  const feeds: Array<[string, Address | undefined]> = [
    ['native', config.nativePriceFeed],
    ...tokens.map((t): [string, Address | undefined] => [t.address.toLowerCase(), t.priceFeed ?? undefined]),
  ];
  for (const [asset, feed] of feeds) {
    if (!feed) continue;
    calls.push({ key: asset, kind: 'feed-decimals', contract: { address: feed, abi: aggregatorV3Abi, functionName: 'decimals' } });
    calls.push({
      key: asset,
      kind: 'feed-answer',
      contract: { address: feed, abi: aggregatorV3Abi, functionName: 'latestRoundData' },
    });
  }
  return calls;
}

type CallResult = { status: 'success'; result: unknown } | { status: 'failure'; error: Error };

/**
 * Without Multicall3: every figure in ONE JSON-RPC batch at `blockNumber`, with the same result shape as viem's
 * multicall with allowFailure (an element the chain refused, or whose answer does not decode, fails alone). A batch
 * no provider answered rejects, as a failed aggregate call would.
 */
async function readBatch(chain: ChainEngine, calls: readonly Call[], blockNumber: bigint): Promise<CallResult[]> {
  const block = numberToHex(blockNumber);
  const outcomes = await chain.requestBatch(
    calls.map(({ kind, contract }) =>
      kind === 'native'
        ? { method: 'eth_getBalance', params: [contract.address, block] }
        : {
            method: 'eth_call',
            params: [{ to: contract.address, data: encodeFunctionData(abiCall(contract) as never) }, block],
          },
    ),
  );
  return calls.map((call, i): CallResult => {
    const outcome = outcomes[i];
    if (outcome === undefined) return { status: 'failure', error: new Error(`no result for ${call.key}`) };
    if (!outcome.ok) return { status: 'failure', error: outcome.error };
    try {
      const data = outcome.result as Hex;
      const result = call.kind === 'native' ? hexToBigInt(data) : decodeFunctionResult({ ...abiCall(call.contract), data } as never);
      return { status: 'success', result };
    } catch (error) {
      return { status: 'failure', error: error instanceof Error ? error : new Error(String(error)) };
    }
  });
}

/** The call as viem's encode/decode take it (cast: the ABIs are typed per call site, the plan holds them untyped). */
const abiCall = (contract: Call['contract']): { abi: Abi; functionName: string; args: readonly unknown[] } => ({
  abi: contract.abi as Abi,
  functionName: contract.functionName,
  args: contract.args ?? [],
});

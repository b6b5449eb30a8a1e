/**
 * What the seeded chains must show, derived from the seed plans only (never from the chains), so a test that
 * compares the app against these figures compares it against the plan's literals.
 */
import { exactUsd, type SeedPlan } from './seed-plan';
import type { DemoChainExpectations, DemoExpectations } from './types';

/** One chain's expectations; `transfers` counts come from the generated script (they are not literals). */
export function chainExpectations(
  chainId: number,
  plan: SeedPlan,
  addressOf: (account: number) => `0x${string}`,
  counts: { transfers: number; unlistedTransfers: number },
): DemoChainExpectations {
  const pricesUsd: Record<string, bigint> = { [plan.nativeSymbol]: plan.nativePriceUsd };
  const apiPricesUsd: Record<string, bigint> = { [plan.nativeSymbol]: plan.nativePriceUsd };
  const decimals: Record<string, number> = { [plan.nativeSymbol]: plan.nativeDecimals };
  for (const token of plan.tokens) {
    if (token.feed !== false) pricesUsd[token.symbol] = token.priceUsd;
    apiPricesUsd[token.symbol] = token.priceUsd;
    decimals[token.symbol] = token.decimals;
  }
  const balances: Record<`0x${string}`, Record<string, bigint>> = {};
  let totalUsd = 0n;
  let totalUsdWithPriceApi = 0n;
  for (const holder of plan.holders) {
    balances[addressOf(holder.account)] = { ...holder.balances };
    for (const [symbol, amount] of Object.entries(holder.balances)) {
      const places = decimals[symbol];
      if (places === undefined) throw new Error(`seed plan: no token ${symbol}`);
      const feed = pricesUsd[symbol];
      const api = apiPricesUsd[symbol];
      if (feed !== undefined) totalUsd += exactUsd(amount, places, feed);
      if (api !== undefined) totalUsdWithPriceApi += exactUsd(amount, places, api);
    }
  }
  let totalUsdWithDiscovery = totalUsdWithPriceApi;
  for (const token of plan.unlisted) {
    if (token.apiPriceUsd === null) continue;
    apiPricesUsd[token.symbol] = token.apiPriceUsd;
    for (const holder of plan.holders) {
      totalUsdWithDiscovery += exactUsd(token.balances[holder.account] ?? 0n, token.decimals, token.apiPriceUsd);
    }
  }
  return { chainId, balances, pricesUsd, apiPricesUsd, totalUsd, totalUsdWithPriceApi, totalUsdWithDiscovery, ...counts };
}

/** The demo's expectations: the first chain's at the top level (as before there were two), every chain by id. */
export function demoExpectations(chains: DemoChainExpectations[]): DemoExpectations {
  const [first] = chains;
  if (first === undefined) throw new Error('demo: no chains');
  const sum = (pick: (c: DemoChainExpectations) => bigint): bigint => chains.reduce((total, c) => total + pick(c), 0n);
  return {
    balances: first.balances,
    pricesUsd: first.pricesUsd,
    totalUsd: first.totalUsd,
    transfers: first.transfers,
    chains: Object.fromEntries(chains.map((c) => [c.chainId, c])),
    overall: {
      totalUsd: sum((c) => c.totalUsd),
      totalUsdWithPriceApi: sum((c) => c.totalUsdWithPriceApi),
      totalUsdWithDiscovery: sum((c) => c.totalUsdWithDiscovery),
    },
  };
}

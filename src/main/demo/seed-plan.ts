/**
 * The demo chain's seed plan: every figure a test or a screenshot may assert is a literal here.
 *
 * The history before the final state is generated (see seed-history.ts), but it always ends by settling each watched
 * balance to exactly these amounts, so the end state never depends on the generator.
 */
import { parseUnits } from 'viem';
import { USD_DECIMALS } from '../../shared/domain';
import type { DemoExpectations } from './types';

/** An ERC-20 the seed deploys, with its USD feed's final answer (8 decimals, as Chainlink answers). */
export interface PlannedToken {
  symbol: string;
  name: string;
  decimals: number;
  priceUsd: bigint;
  /** Where the feed starts 30 days back; the history walks from here to `priceUsd`. */
  startPriceUsd: bigint;
}

/** A watched address by its anvil dev-account index, with its final balances by symbol (smallest units). */
export interface PlannedHolder {
  label: string;
  account: number;
  balances: Record<string, bigint>;
}

export interface SeedPlan {
  nativeSymbol: string;
  nativeDecimals: number;
  nativePriceUsd: bigint;
  nativeStartPriceUsd: bigint;
  tokens: PlannedToken[];
  holders: PlannedHolder[];
  /** Random-looking token transfers before settlement (mints, funding and settlement come on top). */
  historyTokenTransfers: number;
  historyNativeTransfers: number;
  /** Seed of the history generator: the same seed gives the same transactions, in the same blocks. */
  historySeed: number;
}

const usd = (whole: string): bigint => parseUnits(whole, USD_DECIMALS);

/**
 * The default plan. Edge values on purpose: a zero balance, one smallest unit (1 micro-USDC, 1 satoshi), a
 * fractional native amount with 11 significant decimals, and a two-decimal DAI amount.
 *
 * Every amount × price / 10^decimals is an integer, so the expected USD total is exact and no rounding rule is
 * implied: 0.12345678901 ETH × 3000 = 370.37036703 exactly, whereas 18 significant wei digits would not be.
 */
export const DEFAULT_SEED_PLAN: SeedPlan = {
  nativeSymbol: 'ETH',
  nativeDecimals: 18,
  nativePriceUsd: usd('3000'),
  nativeStartPriceUsd: usd('2815.42'),
  tokens: [
    { symbol: 'USDC', name: 'USD Coin', decimals: 6, priceUsd: usd('1'), startPriceUsd: usd('0.9996') },
    { symbol: 'WBTC', name: 'Wrapped BTC', decimals: 8, priceUsd: usd('60000'), startPriceUsd: usd('57230.5') },
    { symbol: 'DAI', name: 'Dai Stablecoin', decimals: 18, priceUsd: usd('1'), startPriceUsd: usd('1.0003') },
  ],
  holders: [
    {
      label: 'Treasury',
      account: 1,
      balances: { ETH: parseUnits('12.5', 18), USDC: parseUnits('2500', 6), WBTC: parseUnits('0.25', 8), DAI: parseUnits('1000', 18) },
    },
    {
      label: 'Trading',
      account: 2,
      balances: { ETH: parseUnits('3.75', 18), USDC: parseUnits('150.5', 6), WBTC: 0n, DAI: parseUnits('42.42', 18) },
    },
    {
      label: 'Cold storage',
      account: 3,
      balances: { ETH: parseUnits('0.12345678901', 18), USDC: 1n, WBTC: 1n, DAI: 0n },
    },
  ],
  historyTokenTransfers: 300,
  historyNativeTransfers: 40,
  historySeed: 0x5eed_f457,
};

/** The exact USD value of `amount` smallest units at `priceUsd`; throws if the plan would need rounding. */
export function exactUsd(amount: bigint, decimals: number, priceUsd: bigint): bigint {
  const scaled = amount * priceUsd;
  const unit = 10n ** BigInt(decimals);
  if (scaled % unit !== 0n) throw new Error(`seed plan: ${amount} × ${priceUsd} / 10^${decimals} is not exact`);
  return scaled / unit;
}

/** What the seeded chain must show, derived from the plan only (never from the chain). */
export function expectationsOf(
  plan: SeedPlan,
  addressOf: (account: number) => `0x${string}`,
  transfers: number,
): DemoExpectations {
  const pricesUsd: Record<string, bigint> = { [plan.nativeSymbol]: plan.nativePriceUsd };
  const decimals: Record<string, number> = { [plan.nativeSymbol]: plan.nativeDecimals };
  for (const token of plan.tokens) {
    pricesUsd[token.symbol] = token.priceUsd;
    decimals[token.symbol] = token.decimals;
  }
  const balances: Record<`0x${string}`, Record<string, bigint>> = {};
  let totalUsd = 0n;
  for (const holder of plan.holders) {
    balances[addressOf(holder.account)] = { ...holder.balances };
    for (const [symbol, amount] of Object.entries(holder.balances)) {
      const price = pricesUsd[symbol];
      const places = decimals[symbol];
      if (price === undefined || places === undefined) throw new Error(`seed plan: no token ${symbol}`);
      totalUsd += exactUsd(amount, places, price);
    }
  }
  return { balances, pricesUsd, totalUsd, transfers };
}

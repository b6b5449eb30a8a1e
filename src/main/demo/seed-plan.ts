/**
 * The demo chains' seed plans: every figure a test or a screenshot may assert is a literal here.
 *
 * The history before the final state is generated (see seed-history.ts), but it always ends by settling each watched
 * balance to exactly these amounts, so the end state never depends on the generator.
 */
import { parseUnits } from 'viem';
import { USD_DECIMALS } from '../../shared/domain';

/** An ERC-20 the seed deploys and lists in the chain config, with its final USD price (8 decimals). */
export interface PlannedToken {
  symbol: string;
  name: string;
  decimals: number;
  priceUsd: bigint;
  /** Where the feed starts 30 days back; the history walks from here to `priceUsd`. */
  startPriceUsd: bigint;
  /**
   * False: no on-chain feed is deployed; only the price API knows `priceUsd` (the "else from the price API" case).
   * Default true: a Chainlink-compatible feed answers `priceUsd`, and the price API answers the same.
   */
  feed?: boolean;
}

/**
 * An ERC-20 the seed deploys but does NOT list in the chain config: it exists to be found by token discovery (from
 * the Transfer logs of the watched addresses), as airdrops and freshly bought tokens are found on real chains.
 */
export interface UnlistedToken {
  symbol: string;
  name: string;
  decimals: number;
  /** The price API's price (8 decimals); null: nobody prices it, the UI says "no price". No feed ever. */
  apiPriceUsd: bigint | null;
  /** Dev account that deploys it and sends it out: the deployer, or a stranger (spam is airdropped by strangers). */
  owner: number;
  spam: boolean;
  /** Final balance per dev account index (watched holders; anything absent is 0). */
  balances: Record<number, bigint>;
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
  /** CoinGecko coin id of the native coin (`/simple/price?ids=`). */
  nativePriceId: string;
  /** CoinGecko asset platform id of the chain (`/simple/token_price/{platform}`). */
  pricePlatform: string;
  tokens: PlannedToken[];
  unlisted: UnlistedToken[];
  holders: PlannedHolder[];
  /** ENS names the chain resolves (a universal resolver is deployed when there is at least one). */
  ens: Array<{ name: string; account: number }>;
  /** Random-looking token transfers before settlement (mints, funding and settlement come on top). */
  historyTokenTransfers: number;
  historyNativeTransfers: number;
  /** Seed of the history generator: the same seed gives the same transactions, in the same blocks. */
  historySeed: number;
}

const usd = (whole: string): bigint => parseUnits(whole, USD_DECIMALS);
const units = parseUnits;

/**
 * The plan of chain 31337 "Steadfast Local". Edge values on purpose: a zero balance, one smallest unit (1 micro-USDC,
 * 1 satoshi), a fractional native amount with 11 significant decimals, and a two-decimal DAI amount.
 *
 * Every amount × price / 10^decimals is an integer, so the expected USD total is exact and no rounding rule is
 * implied: 0.12345678901 ETH × 3000 = 370.37036703 exactly, whereas 18 significant wei digits would not be.
 *
 * The listed tokens, balances and history are those of the single-chain demo, unchanged: contracts added later
 * (unlisted tokens, the ENS resolver) are deployed after them, so every earlier address stays where it was.
 */
export const DEFAULT_SEED_PLAN: SeedPlan = {
  nativeSymbol: 'ETH',
  nativeDecimals: 18,
  nativePriceUsd: usd('3000'),
  nativeStartPriceUsd: usd('2815.42'),
  nativePriceId: 'ethereum',
  pricePlatform: 'steadfast-local',
  tokens: [
    { symbol: 'USDC', name: 'USD Coin', decimals: 6, priceUsd: usd('1'), startPriceUsd: usd('0.9996') },
    { symbol: 'WBTC', name: 'Wrapped BTC', decimals: 8, priceUsd: usd('60000'), startPriceUsd: usd('57230.5') },
    { symbol: 'DAI', name: 'Dai Stablecoin', decimals: 18, priceUsd: usd('1'), startPriceUsd: usd('1.0003') },
  ],
  unlisted: [
    // Priced by the price API only: discovery finds it, Chainlink cannot price it, the API can.
    { symbol: 'GOV', name: 'Steadfast Governance', decimals: 18, apiPriceUsd: usd('12.5'), owner: 0, spam: false, balances: { 1: units('200', 18), 2: units('7.5', 18) } },
    // Priced by nobody: shown with "no price", left out of every total.
    { symbol: 'NOPE', name: 'No Price Token', decimals: 18, apiPriceUsd: null, owner: 0, spam: false, balances: { 1: units('1000', 18), 3: units('42', 18) } },
    // Airdropped by a stranger (dev account 9) to every watched address: what users hide.
    {
      symbol: 'FREE-ETH.COM',
      name: 'Claim your ETH at free-eth.com',
      decimals: 18,
      apiPriceUsd: null,
      owner: 9,
      spam: true,
      balances: { 1: units('1000', 18), 2: units('1000', 18), 3: units('1000', 18) },
    },
  ],
  holders: [
    {
      label: 'Treasury',
      account: 1,
      balances: { ETH: units('12.5', 18), USDC: units('2500', 6), WBTC: units('0.25', 8), DAI: units('1000', 18) },
    },
    {
      label: 'Trading',
      account: 2,
      balances: { ETH: units('3.75', 18), USDC: units('150.5', 6), WBTC: 0n, DAI: units('42.42', 18) },
    },
    {
      label: 'Cold storage',
      account: 3,
      balances: { ETH: units('0.12345678901', 18), USDC: 1n, WBTC: 1n, DAI: 0n },
    },
  ],
  ens: [
    { name: 'treasury.steadfast.eth', account: 1 },
    { name: 'trading.steadfast.eth', account: 2 },
    { name: 'cold.steadfast.eth', account: 3 },
    // Not watched by default, so adding it by name can succeed.
    { name: 'vault.steadfast.eth', account: 5 },
  ],
  historyTokenTransfers: 300,
  historyNativeTransfers: 40,
  historySeed: 0x5eed_f457,
};

/**
 * The plan of chain 31338 "Steadfast L2": its own gas coin and tokens, with symbols that differ from chain 1's
 * (the UI's page objects still find holdings by symbol within an address card), at addresses that coincide with
 * chain 1's (same deployer, same nonces): a token is known by chain and address, never by address alone.
 */
export const L2_SEED_PLAN: SeedPlan = {
  nativeSymbol: 'SLT',
  nativeDecimals: 18,
  nativePriceUsd: usd('0.8'),
  nativeStartPriceUsd: usd('0.7415'),
  nativePriceId: 'steadfast-l2-token',
  pricePlatform: 'steadfast-l2',
  tokens: [
    { symbol: 'USDC.e', name: 'Bridged USD Coin', decimals: 6, priceUsd: usd('1'), startPriceUsd: usd('1.0002') },
    // Listed but without a feed: priced only once the price API is in the chain of sources.
    { symbol: 'STEAD', name: 'Stead Token', decimals: 18, priceUsd: usd('0.25'), startPriceUsd: usd('0.25'), feed: false },
  ],
  unlisted: [],
  holders: [
    { label: 'Treasury', account: 1, balances: { SLT: units('1500', 18), 'USDC.e': units('10000', 6), STEAD: units('4000', 18) } },
    { label: 'Trading', account: 2, balances: { SLT: units('25.5', 18), 'USDC.e': units('0.01', 6), STEAD: units('123.4', 18) } },
    { label: 'Cold storage', account: 3, balances: { SLT: 0n, 'USDC.e': 0n, STEAD: 0n } },
  ],
  ens: [],
  historyTokenTransfers: 200,
  historyNativeTransfers: 60,
  historySeed: 0x12_5eed,
};

/** The exact USD value of `amount` smallest units at `priceUsd`; throws if the plan would need rounding. */
export function exactUsd(amount: bigint, decimals: number, priceUsd: bigint): bigint {
  const scaled = amount * priceUsd;
  const unit = 10n ** BigInt(decimals);
  if (scaled % unit !== 0n) throw new Error(`seed plan: ${amount} × ${priceUsd} / 10^${decimals} is not exact`);
  return scaled / unit;
}

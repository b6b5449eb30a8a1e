/**
 * Assembles what the user sees from the latest reading of each chain. Pure: readings and watched addresses in,
 * PortfolioSnapshot out, so the arithmetic is tested without a chain.
 */
import type {
  AddressPortfolio,
  Freshness,
  Holding,
  PortfolioSnapshot,
  Price,
  WatchedAddress,
} from '../../shared/domain';
import type { ErrorData } from '../../shared/errors';
import type { ChainConfig } from '../engine/types';
import type { ChainReading } from './read-chain';
import { valueUsd } from './valuation';

/**
 * A chain's latest reading, and whether it is being served from cache because the last refresh failed. The figures
 * are stale when either says so: the service keeps the previous reading after a failed refresh (`stale` here), or
 * the engine answered from its last-known-good cache (`reading.stale`).
 */
export interface ChainState {
  reading: ChainReading;
  stale: boolean;
}

const isStale = (state: ChainState): boolean => state.stale || state.reading.stale;

export function buildSnapshot(input: {
  chains: readonly ChainConfig[];
  states: ReadonlyMap<number, ChainState>;
  watched: readonly WatchedAddress[];
  refreshing: boolean;
  error: ErrorData | null;
  now: number;
  /** Tokens hidden since their chain was read: left out at once, without waiting for the next reading. */
  hidden?: (chainId: number, address: `0x${string}`) => boolean;
}): PortfolioSnapshot {
  const { chains, states, watched } = input;
  const hidden = input.hidden ?? (() => false);
  const addresses: AddressPortfolio[] = watched.map((entry) => {
    const holdings: Holding[] = [];
    for (const chain of chains) {
      const state = states.get(chain.chainId);
      if (state) holdings.push(...holdingsOf(entry.address, chain, state, hidden));
    }
    const priced = holdings.filter((h) => h.valueUsd !== null);
    return {
      address: entry.address,
      label: entry.label,
      holdings,
      totalUsd: priced.reduce((sum, h) => sum + (h.valueUsd ?? 0n), 0n),
      unpriced: holdings.length - priced.length,
    };
  });
  const asOf = [...states.values()].map((state) => ({
    chainId: state.reading.chainId,
    blockNumber: state.reading.blockNumber,
    fetchedAt: state.reading.fetchedAt,
    stale: isStale(state),
  }));
  const hasData = states.size > 0;
  // Every chain's figures are cached (no provider answered anywhere): offline, with the figures kept on screen. Not
  // 'ready', which would claim current figures.
  const allStale = hasData && [...states.values()].every(isStale);
  return {
    status: watched.length === 0 ? 'empty' : allStale ? 'offline' : hasData ? 'ready' : input.error ? 'offline' : 'loading',
    totalUsd: addresses.reduce((sum, a) => sum + a.totalUsd, 0n),
    addresses,
    asOf,
    updatedAt: input.now,
    refreshing: input.refreshing,
    error: input.error,
  };
}

function holdingsOf(
  holder: `0x${string}`,
  chain: ChainConfig,
  state: ChainState,
  hidden: (chainId: number, address: `0x${string}`) => boolean,
): Holding[] {
  const { reading } = state;
  const stale = isStale(state);
  const key = holder.toLowerCase();
  const native = reading.native.get(key);
  // An address added after this chain was last read has no figures yet: show nothing rather than zero.
  if (native === undefined) return [];
  const freshness: Freshness = {
    chainId: chain.chainId,
    blockNumber: reading.blockNumber,
    fetchedAt: reading.fetchedAt,
    source: stale ? 'cache' : reading.source,
    stale,
  };
  // A price read at the cached block is itself cached: say so rather than pass it off as live.
  const priceOf = (asset: string): Price | null => {
    const price = reading.prices.get(asset) ?? null;
    return price && stale ? { ...price, source: 'cache' } : price;
  };
  const holdings: Holding[] = [];
  const nativePrice = priceOf('native');
  holdings.push({
    token: {
      chainId: chain.chainId,
      address: 'native',
      symbol: chain.nativeSymbol,
      name: chain.nativeSymbol,
      decimals: chain.nativeDecimals,
    },
    amount: native,
    price: nativePrice,
    valueUsd: nativePrice ? valueUsd(native, chain.nativeDecimals, nativePrice.usd) : null,
    freshness,
  });
  for (const token of reading.tokenList) {
    const amount = reading.tokens.get(`${token.address.toLowerCase()}:${key}`);
    if (amount === undefined || hidden(chain.chainId, token.address)) continue;
    // A discovered token is shown where it is held: every address once received something, and a row of zeros for
    // each watched address would be noise. Configured and user-added tokens show even at zero (the user asked).
    if (token.origin === 'discovered' && amount === 0n) continue;
    const price = priceOf(token.address.toLowerCase());
    holdings.push({
      token: { chainId: chain.chainId, address: token.address, symbol: token.symbol, name: token.name, decimals: token.decimals },
      amount,
      price,
      valueUsd: price ? valueUsd(amount, token.decimals, price.usd) : null,
      freshness,
    });
  }
  return holdings;
}

/**
 * The public chains Steadfast knows out of the box, from viem's chain definitions. They come configured with their
 * public RPC endpoints but switched OFF: enabling one is the user's choice (it sends their addresses to public
 * providers), and a fresh install reads nothing but the embedded local chain.
 */
import { arbitrum, base, mainnet, optimism, polygon, type Chain } from 'viem/chains';
import type { ChainPreset } from '../../shared/domain';
import type { ChainSettings } from './schema';

interface PresetExtras {
  pricePlatform: string;
  nativePriceId: string;
}

const PRESETS: Array<[Chain, PresetExtras]> = [
  [mainnet, { pricePlatform: 'ethereum', nativePriceId: 'ethereum' }],
  [base, { pricePlatform: 'base', nativePriceId: 'ethereum' }],
  [arbitrum, { pricePlatform: 'arbitrum-one', nativePriceId: 'ethereum' }],
  [optimism, { pricePlatform: 'optimistic-ethereum', nativePriceId: 'ethereum' }],
  [polygon, { pricePlatform: 'polygon-pos', nativePriceId: 'polygon-ecosystem-token' }],
];

export function chainPresets(): ChainPreset[] {
  return PRESETS.map(([chain, extras]) => ({
    chainId: chain.id,
    name: chain.name,
    nativeSymbol: chain.nativeCurrency.symbol,
    publicRpcUrls: [...chain.rpcUrls.default.http],
    multicall3: chain.contracts?.multicall3?.address ?? null,
    pricePlatform: extras.pricePlatform,
    ens: chain.contracts?.ensUniversalResolver !== undefined,
  }));
}

/** The presets as settings entries, disabled, each public endpoint a provider (`public`, `public-2`, ...). */
export function presetChains(): ChainSettings[] {
  return PRESETS.map(([chain, extras]) => ({
    chainId: chain.id,
    name: chain.name,
    enabled: false,
    nativeSymbol: chain.nativeCurrency.symbol,
    nativeDecimals: chain.nativeCurrency.decimals,
    ...(chain.contracts?.multicall3 ? { multicall3: chain.contracts.multicall3.address } : {}),
    ...(chain.contracts?.ensUniversalResolver ? { ensUniversalResolver: chain.contracts.ensUniversalResolver.address } : {}),
    pricePlatform: extras.pricePlatform,
    nativePriceId: extras.nativePriceId,
    tokens: [],
    indexer: null,
    providers: chain.rpcUrls.default.http.map((url, index) => ({
      name: index === 0 ? 'public' : `public-${index + 1}`,
      url,
      rank: 2,
      weight: 1,
      wsUrl: null,
    })),
  }));
}

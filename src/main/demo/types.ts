/**
 * The embedded demo: real local chains (anvil) seeded with contracts and history, fronted by fault-injecting
 * proxies that act as the chains' providers, plus a local indexer (Etherscan/Blockscout account API) and a local
 * price API (CoinGecko `simple` API). Used by `npm start` with no configuration, by tests and by benchmarks.
 */
import type { DemoStatus, Fault, ProviderRole, WatchedAddress } from '../../shared/domain';
import type { ChainConfig } from '../engine/types';

export interface DemoProvider {
  name: string;
  role: ProviderRole;
  /** The proxy's URL on 127.0.0.1. */
  url: string;
}

/** A token the seed deployed but left out of `ChainConfig.tokens`: token discovery is expected to find it. */
export interface DemoUnlistedToken {
  address: `0x${string}`;
  symbol: string;
  name: string;
  decimals: number;
  /** What the demo price API answers for it (8 decimals); null when it has no price anywhere. */
  apiPriceUsd: bigint | null;
  /** Airdropped by a stranger: a discovery feature should offer to hide it. */
  spam: boolean;
  /** Final balance of each watched address (every watched address is present, 0 included). */
  balances: Record<`0x${string}`, bigint>;
}

export interface DemoChain {
  /** Ready to hand to the engine: providers are the proxies (primary rank 0, secondary rank 1, public rank 2). */
  config: ChainConfig;
  /** anvil itself, behind the proxies. Tests use it to read ground truth or mine blocks; the app never does. */
  anvilUrl: string;
  providers: DemoProvider[];
  /** Seeded tokens that are not in `config.tokens`, for discovery to find. */
  unlistedTokens: DemoUnlistedToken[];
  /** CoinGecko asset platform id of this chain on the demo price API (`/simple/token_price/{platform}`). */
  pricePlatform: string;
  /** CoinGecko coin id of the native coin on the demo price API (`/simple/price?ids=`). */
  nativePriceId: string;
}

/** The seeded end state of one chain, derived from its seed plan's literals. */
export interface DemoChainExpectations {
  chainId: number;
  /** address → symbol (the native coin by its symbol) → amount in smallest units; listed tokens only. */
  balances: Record<`0x${string}`, Record<string, bigint>>;
  /** symbol → USD price with 8 decimals, as the chain's feeds answer (tokens without a feed are absent). */
  pricesUsd: Record<string, bigint>;
  /** symbol → USD price with 8 decimals, as the price API answers (feed prices, API-only prices; unpriced absent). */
  apiPricesUsd: Record<string, bigint>;
  /** Listed tokens and the native coin of every watched address, priced by the feeds only (today's portfolio). */
  totalUsd: bigint;
  /** The same holdings priced by feed, else by the price API. */
  totalUsdWithPriceApi: bigint;
  /** Listed and discovered (unlisted) tokens, priced by feed, else by the price API; unpriced ones left out. */
  totalUsdWithDiscovery: bigint;
  /** Transfer events of the listed tokens. */
  transfers: number;
  /** Transfer events of the unlisted tokens. */
  unlistedTransfers: number;
}

/**
 * The seeded end state, stated as literals in the seed plans so that tests can assert exact values. The top-level
 * `balances`, `pricesUsd`, `totalUsd` and `transfers` are those of the first chain (31337), as before the demo had a
 * second chain; `chains` has every chain, and `overall` sums them.
 */
export interface DemoExpectations {
  /** First chain: address → token symbol (the native coin by its symbol) → amount in smallest units. */
  balances: Record<`0x${string}`, Record<string, bigint>>;
  /** First chain: token symbol → USD price with 8 decimals, as the feeds answer. */
  pricesUsd: Record<string, bigint>;
  /** First chain: sum over all watched addresses and listed tokens, feed-priced, 8 decimals. */
  totalUsd: bigint;
  /** First chain: number of token transfers seeded (listed tokens). */
  transfers: number;
  /** Every running chain by chain id. */
  chains: Record<number, DemoChainExpectations>;
  /** Sums over every running chain of the per-chain totals of the same name. */
  overall: { totalUsd: bigint; totalUsdWithPriceApi: bigint; totalUsdWithDiscovery: bigint };
}

/** A local HTTP API of the demo (indexer or price API). */
export interface DemoApi {
  /** http://127.0.0.1:<port>, no trailing slash. */
  baseUrl: string;
  /** The only key the API accepts. */
  apiKey: string;
}

/** Where the demo's chains get history from: an Etherscan v2-compatible account API (`{baseUrl}/v2/api?chainid=`). */
export interface DemoIndexer extends DemoApi {
  kind: 'etherscan';
  /** The same data as a Blockscout instance of this chain: `{blockscoutUrl}/api?module=account...`. */
  blockscoutUrl: string;
}

export interface DemoServices {
  /** CoinGecko-compatible (`{baseUrl}/api/v3/simple/...`, key in `x-cg-demo-api-key`). */
  priceApi: DemoApi;
  /** By chain id. */
  indexers: Record<number, DemoIndexer>;
}

export type DemoServiceName = 'indexer' | 'price-api';

export interface Demo {
  chains: DemoChain[];
  watched: WatchedAddress[];
  expected: DemoExpectations;
  /** The demo's indexer and price API; the demo chains are not in settings, so features find them here. */
  services: DemoServices;
  /**
   * Set a provider's fault: by display name (that provider on every chain) or `chainId:name` (one chain's). Takes
   * effect for the next connection/request.
   */
  setFault(provider: string, fault: Fault): void;
  /**
   * Set a fault on the indexer or the price API (all chains: one server serves them). `none`, `refuse`, `reset`,
   * `hang`, `delay`, `http`, `garbage` behave as on the proxies; `rpc-error` answers the API's own error document
   * with the fault's message (a rate limit, say); `wrong-id` means nothing to these APIs and acts as `none`.
   */
  setServiceFault(service: DemoServiceName, fault: Fault): void;
  status(): DemoStatus;
  /** Stops the services, proxies and anvils; resolves when every anvil has exited and every socket is closed. */
  stop(): Promise<void>;
}

/**
 * Domain types that cross the contract. Outputs are produced by main (trusted), so they are plain TypeScript types;
 * inputs, which come from the untrusted renderer, have zod schemas in `contract.ts`.
 *
 * Money: token amounts are bigint in the token's smallest unit; USD figures are bigint with `USD_DECIMALS`
 * decimals (the precision Chainlink USD feeds answer in), so sums stay exact and nothing is rounded until display.
 */
export const USD_DECIMALS = 8;

/** A circuit breaker's state, one badge each in the UI. `isolated` means switched off by an operator. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export type HealthLevel = 'HEALTHY' | 'DEGRADED' | 'UNHEALTHY';

/** A provider's place in its chain's fallback order. Lower rank is tried first. */
export type ProviderRole = 'primary' | 'secondary' | 'public';

export interface ProviderIssue {
  code: string;
  message: string;
  /** Epoch milliseconds. */
  at: number;
}

export type Priority = 'critical' | 'standard' | 'background';

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  /** Samples in the rolling window the percentiles are taken over. */
  samples: number;
}

export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  /** Epoch ms. */
  at: number;
}

export interface ProviderStatus {
  /** `${chainId}:${name}`: stable across restarts, unique per app. */
  id: string;
  chainId: number;
  name: string;
  rank: number;
  weight: number;
  /** The URL with its secret parts (API keys in path or query, credentials) masked. */
  url: string;
  breaker: BreakerState;
  health: HealthLevel;
  /** Epoch ms when the breaker last changed state, or null if it never has. */
  breakerSince: number | null;
  lastLatencyMs: number | null;
  lastSuccessAt: number | null;
  lastError: ProviderIssue | null;
  requests: number;
  failures: number;
  /** Rolling latency of answered requests; null until there is a sample. */
  latency: LatencySummary | null;
  /** Share of recent requests that were provider faults, 0..1. */
  errorRate: number;
  /** Epoch ms until which the provider asked us to back off (HTTP 429 / Retry-After); null when not throttled. */
  throttledUntil: number | null;
  /** Set while quarantined for answering as another chain; no traffic until a re-check matches. */
  quarantine: { reason: string; since: number } | null;
  /** The provider's latest head, when known. */
  head: { blockNumber: bigint; at: number } | null;
  /** Blocks behind the best head among the chain's providers; null when unknown. */
  lagBlocks: number | null;
  /** True while demoted for lagging behind the others. */
  lagging: boolean;
  hedges: { sent: number; won: number };
  retries: number;
  /** Recent breaker transitions, oldest first (bounded). */
  transitions: BreakerTransition[];
}

export interface ChainInfo {
  chainId: number;
  name: string;
  nativeSymbol: string;
}

/** When and where a figure came from. */
export interface Freshness {
  chainId: number;
  blockNumber: bigint;
  /** Epoch ms when the value was read. */
  fetchedAt: number;
  /** Which provider answered (display name), or `cache` when served from the last-known-good store. */
  source: string;
  /** True when served from cache because no provider answered. */
  stale: boolean;
}

export interface TokenInfo {
  chainId: number;
  /** Contract address, or `native` for the chain's own coin. */
  address: `0x${string}` | 'native';
  symbol: string;
  name: string;
  decimals: number;
}

export type PriceSource = 'chainlink' | 'price-api' | 'cache';

export interface Price {
  /** USD per whole token, with USD_DECIMALS decimals. */
  usd: bigint;
  source: PriceSource;
  /** Epoch ms of the price's own timestamp (the feed's updatedAt), not of our read. */
  at: number;
}

export interface Holding {
  token: TokenInfo;
  /** In the token's smallest unit. */
  amount: bigint;
  /** Null when no price is known: the UI says so instead of counting it as zero. */
  price: Price | null;
  /** amount × price, USD_DECIMALS decimals; null when the price is unknown. */
  valueUsd: bigint | null;
  freshness: Freshness;
}

export interface AddressPortfolio {
  address: `0x${string}`;
  label: string;
  holdings: Holding[];
  /** Sum of the holdings that have a price. */
  totalUsd: bigint;
  /** Number of holdings left out of the total because they have no price. */
  unpriced: number;
}

export type PortfolioStatus = 'empty' | 'loading' | 'ready' | 'offline';

export interface PortfolioSnapshot {
  status: PortfolioStatus;
  totalUsd: bigint;
  addresses: AddressPortfolio[];
  /** The newest block each chain's figures were read at. */
  asOf: Array<{ chainId: number; blockNumber: bigint; fetchedAt: number; stale: boolean }>;
  /** Epoch ms when this snapshot was assembled. */
  updatedAt: number;
  refreshing: boolean;
  /** The last refresh's error, shown beside the (possibly cached) figures. */
  error: import('./errors').ErrorData | null;
}

export type FeatureName = 'realtimePrices' | 'history' | 'analytics' | 'alerts';
export type FeatureMode = 'normal' | 'degraded' | 'disabled';

export interface FeatureState {
  name: FeatureName;
  /** 1 is the most important; lower priorities step down first. */
  priority: number;
  mode: FeatureMode;
  /** Why it is not normal (null when normal). */
  reason: string | null;
  /** Epoch ms when the mode last changed. */
  since: number;
}

export interface WatchedAddress {
  address: `0x${string}`;
  label: string;
}

/** A watched address as listed to the user. */
export interface ListedAddress extends WatchedAddress {
  /** Seeded with the embedded demo chain: shown, but not removable (it is not in the user's settings). */
  builtIn: boolean;
}

/** Settings as the renderer may see them: provider URLs masked. */
export interface PublicSettings {
  chains: Array<{
    chainId: number;
    name: string;
    providers: Array<{ name: string; url: string; rank: number; weight: number }>;
  }>;
  addresses: ListedAddress[];
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'headless';
  /** True when running on the embedded local chain. */
  demo: boolean;
  chains: ChainInfo[];
}

/** Faults the embedded demo's proxies can inject, per provider, at run time. */
export type Fault =
  | { kind: 'none' }
  | { kind: 'refuse' }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'delay'; ms: number }
  | { kind: 'http'; status: number; retryAfterSeconds?: number }
  | { kind: 'garbage'; body: 'html' | 'text' | 'empty' | 'truncated' }
  | { kind: 'rpc-error'; code: number; message: string }
  | { kind: 'wrong-id' };

export interface DemoProviderState {
  name: string;
  role: ProviderRole;
  chainId: number;
  fault: Fault;
  /** Requests the proxy has seen since start (JSON-RPC batch counts once). */
  requests: number;
}

export interface DemoStatus {
  running: boolean;
  providers: DemoProviderState[];
}

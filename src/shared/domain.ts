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

// ---------------------------------------------------------------------------------------------------------------
// Chains and providers (settings screen)

/** A chain Steadfast knows how to set up (viem's chain definitions, plus the embedded local chains). */
export interface ChainPreset {
  chainId: number;
  name: string;
  nativeSymbol: string;
  /** Public RPC endpoints from viem's definition (the default providers when the chain is enabled). */
  publicRpcUrls: string[];
  multicall3: `0x${string}` | null;
  /** CoinGecko platform id for token prices (e.g. `ethereum`, `base`), when there is one. */
  pricePlatform: string | null;
  /** Whether ENS names resolve on this chain. */
  ens: boolean;
}

/** A provider as the settings screen edits it. `url` is masked when read back; secrets never leave main. */
export interface ProviderSettings {
  name: string;
  url: string;
  rank: number;
  weight: number;
  /** Optional WebSocket endpoint of the same provider (masked when read back). */
  wsUrl: string | null;
  /** True when parts of the URL (API keys) are kept in the secret store, not in the settings file. */
  hasSecret: boolean;
}

/** What testing a provider before saving it found. */
export interface ProviderProbe {
  chainId: number;
  /** True when the provider answers as the chain it is being added to. */
  matches: boolean;
  head: bigint;
  latencyMs: number;
}

/** Where a chain's history comes from when no provider-side index is enough. */
export interface IndexerSettings {
  /** Etherscan v2 (`/v2/api?chainid=`) or Blockscout (`/api`): the same account module either way. */
  kind: 'etherscan' | 'blockscout';
  /** Masked when read back. */
  baseUrl: string;
  hasApiKey: boolean;
}

export interface ChainSettingsView {
  chainId: number;
  name: string;
  nativeSymbol: string;
  enabled: boolean;
  /** The embedded local chain (not editable, not persisted: it is rebuilt at every start). */
  builtIn: boolean;
  providers: ProviderSettings[];
  indexer: IndexerSettings | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

export type TokenOrigin = 'configured' | 'discovered' | 'user';

export interface TrackedToken extends TokenInfo {
  origin: TokenOrigin;
  /** Hidden tokens (spam) are neither shown nor counted, but stay known so discovery does not bring them back. */
  hidden: boolean;
  priceFeed: `0x${string}` | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Prices

/** The user-orderable fallback chain of price sources; `cache` is always last and cannot be removed. */
export type PriceSourceName = 'chainlink' | 'price-api';

export interface PriceSettings {
  order: PriceSourceName[];
  /** CoinGecko-compatible API (masked when read back), or null for none. */
  api: { baseUrl: string; hasApiKey: boolean } | null;
}

// ---------------------------------------------------------------------------------------------------------------
// History

export type HistoryKind = 'sent' | 'received' | 'token-transfer' | 'contract-call';

export interface HistoryRow {
  chainId: number;
  hash: `0x${string}`;
  /** Position within the transaction, so that one transaction with several transfers gives several rows. */
  logIndex: number | null;
  blockNumber: bigint;
  /** Epoch ms of the block. */
  timestamp: number;
  kind: HistoryKind;
  /** Whether value came in (`in`), went out (`out`), or neither (a call moving nothing, a self-transfer). */
  direction: 'in' | 'out' | 'self' | 'none';
  /** The other side of the transfer or call. */
  counterparty: `0x${string}` | null;
  asset: { address: `0x${string}` | 'native'; symbol: string; decimals: number } | null;
  /** In the asset's smallest unit; 0 for a call that moved nothing. */
  amount: bigint;
  /** Fee paid in the native coin (wei) when this address sent the transaction; null otherwise. */
  fee: bigint | null;
  /** The called function's selector or name, for contract calls. */
  method: string | null;
  failed: boolean;
}

export type HistorySource = 'indexer' | 'logs' | 'cache';

export interface HistoryPage {
  address: `0x${string}`;
  chainId: number;
  rows: HistoryRow[];
  /** Rows available in all (for the virtual list's height). */
  total: number;
  offset: number;
  source: HistorySource;
  /** Logs fallback: only blocks from here on were scanned (the limited recent window). Null when complete. */
  fromBlock: bigint | null;
  /** Epoch ms when this history was last read from its source. */
  fetchedAt: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Analytics

export type AnalyticsRange = '24h' | '7d' | '30d' | 'all';

export interface AllocationSlice {
  key: string;
  label: string;
  valueUsd: bigint;
  /** Share of the total in basis points (1/100 of a percent), summing to 10000 (or 0 for an empty total). */
  shareBps: number;
}

export interface ValueChange {
  /** USD (USD_DECIMALS) then and now. */
  fromUsd: bigint;
  toUsd: bigint;
  /** Basis points; null when the start value is 0. */
  changeBps: number | null;
}

export interface Analytics {
  byAsset: AllocationSlice[];
  byChain: AllocationSlice[];
  /** Total value over time from the snapshots Steadfast recorded, oldest first. */
  series: Array<{ at: number; totalUsd: bigint }>;
  change: { h24: ValueChange | null; d7: ValueChange | null; d30: ValueChange | null };
}

// ---------------------------------------------------------------------------------------------------------------
// Alerts

export interface PriceAlert {
  id: string;
  chainId: number;
  asset: `0x${string}` | 'native';
  symbol: string;
  direction: 'above' | 'below';
  /** USD with USD_DECIMALS. */
  thresholdUsd: bigint;
  /** `armed` fires on the next crossing; `fired` waits for the price to cross back before it re-arms. */
  state: 'armed' | 'fired';
  createdAt: number;
  lastFiredAt: number | null;
}

export interface AlertFired {
  alert: PriceAlert;
  priceUsd: bigint;
  at: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Export

export interface CsvFile {
  filename: string;
  /** RFC 4180 CSV, CRLF line ends, a header row first. */
  csv: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Refresh progress

export interface RefreshProgress {
  /** One entry per chain × address being read in this refresh. */
  parts: Array<{ chainId: number; address: `0x${string}`; state: 'pending' | 'done' | 'failed' }>;
  startedAt: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Health, metrics, budgets (issue 5)

export interface HealthCheckResult {
  /** Stable name, e.g. `provider.reachability`, `provider.chain-id`, `chain.providers`, `app.memory`. */
  name: string;
  scope: 'provider' | 'chain' | 'app';
  /** What was checked: a provider id (`31337:primary`), a chain id as text, or a resource name. */
  target: string;
  /** A failing critical check makes its scope UNHEALTHY. */
  critical: boolean;
  ok: boolean;
  /** Why it passed or failed, for the operator. A check that hung says so. */
  message: string;
  checkedAt: number;
  durationMs: number;
}

export interface ChainHealth {
  chainId: number;
  level: HealthLevel;
  /** Epoch ms when the level last changed. */
  since: number;
  checks: HealthCheckResult[];
  /**
   * Each provider's level by its own checks (by provider id), the verdict the chain's level is built from. It sees
   * what the engine's own rating (`ProviderStatus.health`, from traffic) cannot: a backup that gets no traffic but
   * fails its reachability probe.
   */
  providers: Array<{ id: string; level: HealthLevel }>;
}

export interface HealthReport {
  level: HealthLevel;
  since: number;
  /** One line on why the app is at this level (the failing checks, summarised). */
  reason: string | null;
  chains: ChainHealth[];
  /** App-wide checks (memory, caches, worker pools). */
  checks: HealthCheckResult[];
}

export interface LaneGauge {
  active: number;
  queued: number;
  rejected: number;
}

export interface MemoryGauge {
  rssBytes: number;
  heapUsedBytes: number;
  heapLimitBytes: number;
  /** `elevated` trims caches; `critical` also pauses background work. */
  pressure: 'normal' | 'elevated' | 'critical';
}

export interface CacheGauge {
  /** Cache tier, e.g. `last-known-good`, `prices`, `history`. */
  tier: string;
  entries: number;
  hits: number;
  misses: number;
}

export type BudgetPhase = 'connection' | 'firstByte' | 'complete' | 'render';

export interface Budgets {
  connectionMs: number;
  firstByteMs: number;
  completeMs: number;
  renderMs: number;
}

export interface BudgetBreach {
  id: string;
  /** e.g. `eth_call` or `render:overview`. */
  operation: string;
  phase: BudgetPhase;
  budgetMs: number;
  actualMs: number;
  excessMs: number;
  at: number;
  chainId: number | null;
  provider: string | null;
}

/** Everything the operator panel shows besides provider statuses (pushed as `operator.updated`). */
export interface OperatorSnapshot {
  health: HealthReport;
  lanes: Array<{ chainId: number; lanes: Record<Priority, LaneGauge>; inFlight: number }>;
  caches: CacheGauge[];
  memory: MemoryGauge;
  budgets: Budgets;
  /** Most recent first, bounded. */
  breaches: BudgetBreach[];
}

/** A provider probed on an operator's request. */
export interface ProbeResult {
  providerId: string;
  ok: boolean;
  latencyMs: number;
  head: bigint | null;
  chainId: number | null;
  error: import('./errors').ErrorData | null;
}

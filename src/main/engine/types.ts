/**
 * The engine's public shape: what the composition root builds and what the portfolio service reads through.
 * Plain Node: nothing under engine/ imports `electron`.
 */
import type { PublicClient } from 'viem';
import type { ProviderStatus } from '../../shared/domain';

export interface ProviderConfig {
  /** Display name, unique within its chain (e.g. `primary`). Shown in the UI and logs instead of the URL. */
  name: string;
  /** HTTP(S) JSON-RPC endpoint. May hold secrets (API keys); never log or show it unmasked. */
  url: string;
  /** Fallback order: lower ranks are tried first; equal ranks share load by weight. */
  rank: number;
  /** Relative share of traffic among providers of equal rank. */
  weight: number;
}

export interface TokenConfig {
  address: `0x${string}`;
  symbol: string;
  name: string;
  decimals: number;
  /** Chainlink AggregatorV3-compatible USD feed, if the chain has one for this token. */
  priceFeed?: `0x${string}`;
}

export interface ChainConfig {
  chainId: number;
  name: string;
  nativeSymbol: string;
  nativeDecimals: number;
  /** USD feed for the native coin. */
  nativePriceFeed?: `0x${string}`;
  /** Multicall3 deployment, when the chain has one (balances are then read in one round trip). */
  multicall3?: `0x${string}`;
  tokens: TokenConfig[];
  providers: ProviderConfig[];
}

export interface EngineOptions {
  timeouts: {
    /** TCP connect (and TLS) to a provider. */
    connectionMs: number;
    /** One request to one provider, from send to the full body. */
    requestMs: number;
  };
  breaker: {
    /** Consecutive provider faults that open the breaker. */
    consecutiveFailures: number;
    /** How long an open breaker waits before letting one probe through (half-open). */
    halfOpenAfterMs: number;
  };
}

/** One upstream answer, with who gave it. */
export interface EngineResponse {
  result: unknown;
  /** The provider's display name. */
  provider: string;
  latencyMs: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

/** What `ChainEngine.traced` collected while its function ran. */
export interface Trace {
  /** Display names of the providers that answered, in order, without repeats. */
  providers: string[];
}

export interface ChainEngine {
  readonly config: ChainConfig;
  /** A viem public client whose transport is this engine (so every viem action goes through the request path). */
  readonly client: PublicClient;
  /** Send one JSON-RPC request through the request path. Throws SteadfastError on failure. */
  request(method: string, params: readonly unknown[], options?: RequestOptions): Promise<EngineResponse>;
  /** Run `fn` and report which providers answered the requests it made (through `client` or `request`). */
  traced<T>(fn: () => Promise<T>): Promise<{ value: T; trace: Trace }>;
  status(): ProviderStatus[];
}

export interface Engine {
  chain(chainId: number): ChainEngine;
  chains(): ChainEngine[];
  status(): ProviderStatus[];
  /** Called whenever any provider's status changes (breaker transition, latency, error). Returns unsubscribe. */
  onStatusChange(listener: (status: ProviderStatus[]) => void): () => void;
  /** Closes pooled connections and timers. The engine is unusable afterwards. */
  dispose(): Promise<void>;
}

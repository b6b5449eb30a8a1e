/**
 * The embedded demo: a real local chain (anvil) seeded with contracts and history, fronted by fault-injecting
 * proxies that act as the chain's providers. Used by `npm start` with no configuration, by tests and by benchmarks.
 */
import type { DemoStatus, Fault, ProviderRole, WatchedAddress } from '../../shared/domain';
import type { ChainConfig } from '../engine/types';

export interface DemoProvider {
  name: string;
  role: ProviderRole;
  /** The proxy's URL on 127.0.0.1. */
  url: string;
}

export interface DemoChain {
  /** Ready to hand to the engine: providers are the proxies (primary rank 0, secondary rank 1, public rank 2). */
  config: ChainConfig;
  /** anvil itself, behind the proxies. Tests use it to read ground truth or mine blocks; the app never does. */
  anvilUrl: string;
  providers: DemoProvider[];
}

/** The seeded end state, stated as literals in the seed plan so that tests can assert exact values. */
export interface DemoExpectations {
  /** address → token symbol (the native coin by its symbol) → amount in smallest units. */
  balances: Record<`0x${string}`, Record<string, bigint>>;
  /** token symbol → USD price with 8 decimals, as the feeds answer. */
  pricesUsd: Record<string, bigint>;
  /** Sum over all watched addresses and tokens, 8 decimals. */
  totalUsd: bigint;
  /** Number of token transfers seeded. */
  transfers: number;
}

export interface Demo {
  chains: DemoChain[];
  watched: WatchedAddress[];
  expected: DemoExpectations;
  /** Set a provider's fault (by its display name); takes effect for the next connection/request. */
  setFault(provider: string, fault: Fault): void;
  status(): DemoStatus;
  /** Stops proxies and anvil; resolves when the anvil process has exited and every socket is closed. */
  stop(): Promise<void>;
}

/**
 * The read paths compared: Steadfast's engine and the peers a developer would otherwise reach for, all reading the
 * same balance from the same demo providers on 127.0.0.1, each with the same per-request timeout.
 */
import { FallbackProvider, JsonRpcProvider, Network } from 'ethers';
import { createPublicClient, fallback, http, type Address } from 'viem';
import type { DemoChain } from '../../src/main/demo/types';
import { createEngine } from '../../src/main/engine';

export interface Peer {
  name: string;
  getBalance(address: Address): Promise<bigint>;
  dispose(): Promise<void>;
}

export type PeerFactory = (chain: DemoChain, requestTimeoutMs: number) => Peer;

export const steadfast: PeerFactory = (chain, requestTimeoutMs) => {
  const engine = createEngine([chain.config], {
    timeouts: { connectionMs: requestTimeoutMs, requestMs: requestTimeoutMs },
    // Long health intervals: the background monitor must not add requests to what is measured.
    health: { chainIdCheckMs: 3_600_000, headPollMs: 3_600_000 },
  });
  const client = engine.chain(chain.config.chainId).client;
  return { name: 'steadfast', getBalance: (address) => client.getBalance({ address }), dispose: () => engine.dispose() };
};

/** One provider, no resilience: the floor any resilient path pays overhead against. */
export const viemHttp: PeerFactory = (chain, requestTimeoutMs) => {
  const primary = chain.providers[0]!.url;
  const client = createPublicClient({ transport: http(primary, { timeout: requestTimeoutMs, retryCount: 0 }), cacheTime: 0 });
  return { name: 'viem http', getBalance: (address) => client.getBalance({ address }), dispose: async () => {} };
};

/** viem's own fallback transport over the same three providers, in order. */
export const viemFallback: PeerFactory = (chain, requestTimeoutMs) => {
  const transports = chain.providers.map((p) => http(p.url, { timeout: requestTimeoutMs, retryCount: 0 }));
  const client = createPublicClient({ transport: fallback(transports, { rank: false, retryCount: 0 }), cacheTime: 0 });
  return { name: 'viem fallback', getBalance: (address) => client.getBalance({ address }), dispose: async () => {} };
};

/** ethers v6 FallbackProvider (quorum 1) over the same providers, primary preferred. */
export const ethersFallback: PeerFactory = (chain, requestTimeoutMs) => {
  const network = Network.from(chain.config.chainId);
  const providers = chain.providers.map((p, index) => {
    const provider = new JsonRpcProvider(p.url, network, { staticNetwork: network, batchMaxCount: 1, cacheTimeout: -1 });
    return { provider, priority: index + 1, weight: 1, stallTimeout: requestTimeoutMs };
  });
  const fallbackProvider = new FallbackProvider(providers, network, { quorum: 1, cacheTimeout: -1 });
  return {
    name: 'ethers fallback',
    getBalance: (address) => fallbackProvider.getBalance(address),
    dispose: async () => {
      fallbackProvider.destroy();
    },
  };
};

export const PEERS: PeerFactory[] = [steadfast, viemHttp, viemFallback, ethersFallback];

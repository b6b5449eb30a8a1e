import { numberToHex } from 'viem';
import { describe, expect, it, vi } from 'vitest';
import type { ChainConfig, ChainEngine, Trace } from '../../../src/main/engine/types';
import { readChain } from '../../../src/main/portfolio/read-chain';

const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
const USDC = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const;

const config: ChainConfig = {
  chainId: 31337,
  name: 'Local',
  nativeSymbol: 'ETH',
  nativeDecimals: 18,
  tokens: [{ address: USDC, symbol: 'USDC', name: 'USD Coin', decimals: 6 }],
  providers: [],
};

/** A chain engine whose client answers fixed figures and whose trace is what the test says (no multicall3). */
function engineWith(trace: Trace): ChainEngine {
  const client = {
    getBlockNumber: async () => 420n,
    getBalance: async () => 5n * 10n ** 18n,
    readContract: async () => 2_500_000n,
  };
  return {
    config,
    client,
    // No multicall3: the figures come as one JSON-RPC batch (eth_getBalance, then balanceOf via eth_call).
    requestBatch: async (calls: Array<{ method: string }>) =>
      calls.map((c) => ({
        ok: true,
        result: c.method === 'eth_getBalance' ? numberToHex(5n * 10n ** 18n) : numberToHex(2_500_000n, { size: 32 }),
      })),
    traced: async (fn: () => Promise<unknown>) => ({ value: await fn(), trace }),
  } as unknown as ChainEngine;
}

describe('readChain', () => {
  it('a live reading: fetched now, from the provider that answered, not stale', async () => {
    vi.useFakeTimers({ now: 50_000, toFake: ['Date'] });
    try {
      const reading = await readChain(engineWith({ providers: ['secondary'], oldestCachedAt: null }), [A]);
      expect(reading).toMatchObject({ blockNumber: 420n, fetchedAt: 50_000, source: 'secondary', stale: false });
      expect(reading.native.get(A.toLowerCase())).toBe(5n * 10n ** 18n);
      expect(reading.tokens.get(`${USDC.toLowerCase()}:${A.toLowerCase()}`)).toBe(2_500_000n);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a reading served from the last-known-good cache is stale and as old as the oldest cached answer', async () => {
    const reading = await readChain(engineWith({ providers: ['primary'], oldestCachedAt: 12_345 }), [A]);
    expect(reading).toMatchObject({ fetchedAt: 12_345, source: 'primary', stale: true });
    expect(reading.native.get(A.toLowerCase())).toBe(5n * 10n ** 18n);
  });
});

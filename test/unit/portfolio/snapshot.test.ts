import { describe, expect, it } from 'vitest';
import type { ChainConfig } from '../../../src/main/engine/types';
import { configuredTokens, type ChainReading } from '../../../src/main/portfolio/read-chain';
import { buildSnapshot } from '../../../src/main/portfolio/snapshot';
import { toUsdDecimals, valueUsd } from '../../../src/main/portfolio/valuation';

const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
const USDC = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const;
const SPAM = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' as const;

const chain: ChainConfig = {
  chainId: 31337,
  name: 'Local',
  nativeSymbol: 'ETH',
  nativeDecimals: 18,
  nativePriceFeed: '0x0000000000000000000000000000000000000001',
  tokens: [
    { address: USDC, symbol: 'USDC', name: 'USD Coin', decimals: 6, priceFeed: '0x0000000000000000000000000000000000000002' },
    { address: SPAM, symbol: 'SPAM', name: 'Spam', decimals: 18 },
  ],
  providers: [],
};

function reading(): ChainReading {
  return {
    chainId: 31337,
    blockNumber: 420n,
    fetchedAt: 1_000,
    source: 'primary',
    stale: false,
    native: new Map([[A.toLowerCase(), 12_500_000_000_000_000_000n]]),
    tokens: new Map([
      [`${USDC.toLowerCase()}:${A.toLowerCase()}`, 2_500_000_000n],
      [`${SPAM.toLowerCase()}:${A.toLowerCase()}`, 10n ** 24n],
    ]),
    prices: new Map([
      ['native', { usd: 300_000_000_000n, source: 'chainlink' as const, at: 900 }],
      [USDC.toLowerCase(), { usd: 100_000_000n, source: 'chainlink' as const, at: 900 }],
    ]),
    tokenList: configuredTokens(chain.tokens),
  };
}

describe('valuation', () => {
  it('values exactly with 8-decimal USD', () => {
    expect(valueUsd(12_500_000_000_000_000_000n, 18, 300_000_000_000n)).toBe(3_750_000_000_000n); // $37,500.00
    expect(valueUsd(1n, 8, 6_000_000_000_000n)).toBe(60_000n); // 1 sat at $60,000 = $0.0006
    expect(valueUsd(2n ** 256n - 1n, 18, 1n)).toBe((2n ** 256n - 1n) / 10n ** 18n);
  });

  it('rescales feed answers to 8 decimals', () => {
    expect(toUsdDecimals(1_000_000_000_000_000_000n, 18)).toBe(100_000_000n);
    expect(toUsdDecimals(100n, 2)).toBe(100_000_000n);
    expect(toUsdDecimals(123n, 8)).toBe(123n);
  });
});

describe('buildSnapshot', () => {
  it('sums priced holdings and counts the unpriced without valuing them at zero', () => {
    const snapshot = buildSnapshot({
      chains: [chain],
      states: new Map([[31337, { reading: reading(), stale: false }]]),
      watched: [{ address: A, label: 'Treasury' }],
      refreshing: false,
      error: null,
      now: 2_000,
    });
    expect(snapshot.status).toBe('ready');
    expect(snapshot.totalUsd).toBe(3_750_000_000_000n + 250_000_000_000n); // $37,500 + $2,500
    const [portfolio] = snapshot.addresses;
    expect(portfolio?.unpriced).toBe(1);
    expect(portfolio?.holdings.map((h) => [h.token.symbol, h.amount, h.valueUsd])).toEqual([
      ['ETH', 12_500_000_000_000_000_000n, 3_750_000_000_000n],
      ['USDC', 2_500_000_000n, 250_000_000_000n],
      ['SPAM', 10n ** 24n, null],
    ]);
    expect(portfolio?.holdings[0]?.freshness).toEqual({ chainId: 31337, blockNumber: 420n, fetchedAt: 1_000, source: 'primary', stale: false });
  });

  it('marks a cached chain stale, its source and prices as cache', () => {
    const snapshot = buildSnapshot({
      chains: [chain],
      states: new Map([[31337, { reading: reading(), stale: true }]]),
      watched: [{ address: A, label: 'Treasury' }],
      refreshing: true,
      error: { code: 'ALL_PROVIDERS_FAILED', message: 'Local: every provider failed', retryable: true },
      now: 2_000,
    });
    const eth = snapshot.addresses[0]?.holdings[0];
    expect(eth?.freshness.source).toBe('cache');
    expect(eth?.freshness.stale).toBe(true);
    expect(eth?.price?.source).toBe('cache');
    expect(snapshot.asOf).toEqual([{ chainId: 31337, blockNumber: 420n, fetchedAt: 1_000, stale: true }]);
    // Every chain cached: offline with the figures kept (and counted), never 'ready'.
    expect(snapshot.status).toBe('offline');
    expect(snapshot.totalUsd).toBe(4_000_000_000_000n);
  });

  it('stays ready while at least one chain is fresh, with the cached chain marked stale', () => {
    const l2: ChainConfig = { ...chain, chainId: 31338, name: 'L2', tokens: [] };
    const snapshot = buildSnapshot({
      chains: [chain, l2],
      states: new Map([
        [31337, { reading: reading(), stale: false }],
        [31338, { reading: { ...reading(), chainId: 31338, tokenList: [], tokens: new Map(), fetchedAt: 500 }, stale: true }],
      ]),
      watched: [{ address: A, label: 'Treasury' }],
      refreshing: false,
      error: { code: 'ALL_PROVIDERS_FAILED', message: 'L2: every provider failed', retryable: true },
      now: 2_000,
    });
    expect(snapshot.status).toBe('ready');
    expect(snapshot.asOf.map((a) => [a.chainId, a.fetchedAt, a.stale])).toEqual([[31337, 1_000, false], [31338, 500, true]]);
  });

  it('marks a reading the engine served from its last-known-good cache stale, although the refresh succeeded', () => {
    const cached = { ...reading(), stale: true, fetchedAt: 600 };
    const snapshot = buildSnapshot({
      chains: [chain],
      states: new Map([[31337, { reading: cached, stale: false }]]),
      watched: [{ address: A, label: 'Treasury' }],
      refreshing: false,
      error: null,
      now: 2_000,
    });
    const [eth, usdc] = snapshot.addresses[0]?.holdings ?? [];
    expect(eth?.freshness).toEqual({ chainId: 31337, blockNumber: 420n, fetchedAt: 600, source: 'cache', stale: true });
    expect(usdc?.price?.source).toBe('cache');
    expect(snapshot.asOf).toEqual([{ chainId: 31337, blockNumber: 420n, fetchedAt: 600, stale: true }]);
    expect(snapshot.totalUsd).toBe(3_750_000_000_000n + 250_000_000_000n); // stale figures still count, with their age
  });

  it('is offline when nothing was ever read and the read failed, empty with nothing watched', () => {
    const base = { chains: [chain], states: new Map(), refreshing: false, now: 1 };
    const error = { code: 'ALL_PROVIDERS_FAILED' as const, message: 'down', retryable: true };
    expect(buildSnapshot({ ...base, watched: [{ address: A, label: 'A' }], error }).status).toBe('offline');
    expect(buildSnapshot({ ...base, watched: [{ address: A, label: 'A' }], error: null }).status).toBe('loading');
    expect(buildSnapshot({ ...base, watched: [], error: null }).status).toBe('empty');
  });
});

/** Domain values for renderer tests, with the exact figures the assertions expect. */
import type {
  AppInfo,
  FeatureState,
  Holding,
  PortfolioSnapshot,
  ProviderStatus,
  TokenInfo,
} from '../../../src/shared/domain';

export const ALICE = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
export const BOB = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const;
export const NOW = 1_800_000_000_000;

const ETH: TokenInfo = { chainId: 31337, address: 'native', symbol: 'ETH', name: 'Ether', decimals: 18 };
const USDC: TokenInfo = {
  chainId: 31337,
  address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  symbol: 'USDC',
  name: 'USD Coin',
  decimals: 6,
};
const MYST: TokenInfo = {
  chainId: 31337,
  address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  symbol: 'MYST',
  name: 'Mystery',
  decimals: 18,
};

function freshness(blockNumber: bigint, stale = false) {
  return { chainId: 31337, blockNumber, fetchedAt: NOW - 5_000, source: stale ? 'cache' : 'primary', stale };
}

export function holdings(blockNumber = 123n, stale = false): Holding[] {
  return [
    {
      token: ETH,
      amount: 123456789012345678n,
      price: { usd: 3_000_00000000n, source: 'chainlink', at: NOW - 60_000 },
      // 0.123456789012345678 ETH × $3,000 = $370.370367037037034 → 37037036703 with 8 decimals (truncated by main).
      valueUsd: 37037036703n,
      freshness: freshness(blockNumber, stale),
    },
    {
      token: USDC,
      amount: 2_500_000000n,
      price: { usd: 1_00000000n, source: 'chainlink', at: NOW - 60_000 },
      valueUsd: 2_500_00000000n,
      freshness: freshness(blockNumber, stale),
    },
    { token: MYST, amount: 5n * 10n ** 18n, price: null, valueUsd: null, freshness: freshness(blockNumber, stale) },
  ];
}

export function readySnapshot(overrides: Partial<PortfolioSnapshot> = {}): PortfolioSnapshot {
  const list = holdings();
  return {
    status: 'ready',
    totalUsd: 2_870_37036703n,
    addresses: [{ address: ALICE, label: 'Alice', holdings: list, totalUsd: 2_870_37036703n, unpriced: 1 }],
    asOf: [{ chainId: 31337, blockNumber: 123n, fetchedAt: NOW - 5_000, stale: false }],
    updatedAt: NOW - 5_000,
    refreshing: false,
    error: null,
    ...overrides,
  };
}

export function provider(overrides: Partial<ProviderStatus> = {}): ProviderStatus {
  return {
    id: '31337:primary',
    chainId: 31337,
    name: 'primary',
    rank: 0,
    weight: 1,
    url: 'http://127.0.0.1:8545/****',
    breaker: 'closed',
    health: 'HEALTHY',
    breakerSince: null,
    lastLatencyMs: 12,
    lastSuccessAt: NOW - 2_000,
    lastError: null,
    requests: 10,
    failures: 0,
    latency: { p50: 10, p95: 18, p99: 25, samples: 10 },
    errorRate: 0,
    throttledUntil: null,
    quarantine: null,
    head: { blockNumber: 123n, at: NOW - 2_000 },
    lagBlocks: 0,
    lagging: false,
    hedges: { sent: 0, won: 0 },
    retries: 0,
    transitions: [],
    ...overrides,
  };
}

export function feature(overrides: Partial<FeatureState> = {}): FeatureState {
  return { name: 'realtimePrices', priority: 1, mode: 'normal', reason: null, since: NOW - 30_000, ...overrides };
}

export const APP_INFO: AppInfo = {
  version: '0.1.0',
  mode: 'headless',
  demo: true,
  chains: [{ chainId: 31337, name: 'Demo chain', nativeSymbol: 'ETH' }],
};

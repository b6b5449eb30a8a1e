/** A portfolio snapshot with exact figures for the analytics, alerts and export tests (main side, no renderer). */
import type { Holding, PortfolioSnapshot, TokenInfo } from '../../../src/shared/domain';

export const ALICE = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
export const NOW = 1_800_000_000_000;

const ETH: TokenInfo = { chainId: 31337, address: 'native', symbol: 'ETH', name: 'Ether', decimals: 18 };
const USDC: TokenInfo = { chainId: 31337, address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', symbol: 'USDC', name: 'USD Coin', decimals: 6 };
const MYST: TokenInfo = { chainId: 31337, address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512', symbol: 'MYST', name: 'Mystery', decimals: 18 };

function freshness(blockNumber: bigint, stale: boolean) {
  return { chainId: 31337, blockNumber, fetchedAt: NOW - 5_000, source: stale ? 'cache' : 'primary', stale };
}

export function holdings(blockNumber = 123n, stale = false): Holding[] {
  return [
    {
      token: ETH,
      amount: 123456789012345678n,
      price: { usd: 3_000_00000000n, source: 'chainlink', at: NOW - 60_000 },
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
  return {
    status: 'ready',
    totalUsd: 2_870_37036703n,
    addresses: [{ address: ALICE, label: 'Alice', holdings: holdings(), totalUsd: 2_870_37036703n, unpriced: 1 }],
    asOf: [{ chainId: 31337, blockNumber: 123n, fetchedAt: NOW - 5_000, stale: false }],
    updatedAt: NOW - 5_000,
    refreshing: false,
    error: null,
    ...overrides,
  };
}

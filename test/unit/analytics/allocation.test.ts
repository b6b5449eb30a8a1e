import { describe, expect, it } from 'vitest';
import { allocationByAsset, allocationByChain, basisPoints, type ValuedRow } from '../../../src/main/portfolio/analytics/allocation';
import { changeBps, changeOver, thin } from '../../../src/main/portfolio/analytics/change';
import { shouldRecord } from '../../../src/main/portfolio/analytics/throttle';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('basis-point allocation (largest remainder)', () => {
  it('hands the missing points to the largest remainders, ties to the earlier slice', () => {
    expect(basisPoints([1n, 1n, 1n])).toEqual([3334, 3333, 3333]);
    expect(basisPoints([2n, 1n])).toEqual([6667, 3333]);
    // 1/7 = 1428.571…, 2/7 = 2857.142…, 4/7 = 5714.285…: floors sum to 9999, the largest remainder (0.571) gets it.
    expect(basisPoints([1n, 2n, 4n])).toEqual([1429, 2857, 5714]);
    expect(basisPoints([50n, 30n, 20n])).toEqual([5000, 3000, 2000]);
  });

  it('sums to exactly 10000 on awkward values, and to 0 for an empty total', () => {
    const values = [37037036703n, 250000000000n, 1n, 1n, 99999999999n, 7n];
    const shares = basisPoints(values);
    expect(sum(shares)).toBe(10000);
    // Exact shares 956.94, 6459.33, 0.00…, 0.00…, 2583.73, 0.00…: floors sum to 9998; .94 and .73 get the two points.
    expect(shares).toEqual([957, 6459, 0, 0, 2584, 0]);
    expect(basisPoints([0n, 0n])).toEqual([0, 0]);
    expect(basisPoints([])).toEqual([]);
  });

  it('groups by chain and address (not by symbol) and by chain, largest first', () => {
    const rows: ValuedRow[] = [
      { chainId: 1, chainName: 'Ethereum', asset: 'native', symbol: 'ETH', valueUsd: 300n },
      { chainId: 1, chainName: 'Ethereum', asset: 'native', symbol: 'ETH', valueUsd: 100n },
      { chainId: 1, chainName: 'Ethereum', asset: '0xA0', symbol: 'USDC', valueUsd: 200n },
      { chainId: 8453, chainName: 'Base', asset: '0xB0', symbol: 'USDC', valueUsd: 200n },
    ];
    expect(allocationByAsset(rows)).toEqual([
      { key: '1:native', label: 'ETH · Ethereum', valueUsd: 400n, shareBps: 5000 },
      { key: '1:0xA0', label: 'USDC · Ethereum', valueUsd: 200n, shareBps: 2500 },
      { key: '8453:0xB0', label: 'USDC · Base', valueUsd: 200n, shareBps: 2500 },
    ]);
    expect(allocationByChain(rows)).toEqual([
      { key: '1', label: 'Ethereum', valueUsd: 600n, shareBps: 7500 },
      { key: '8453', label: 'Base', valueUsd: 200n, shareBps: 2500 },
    ]);
  });
});

describe('value change', () => {
  it('is exact in basis points, rounded half away from zero, null from zero', () => {
    expect(changeBps(100n, 101n)).toBe(100);
    expect(changeBps(3n, 2n)).toBe(-3333);
    expect(changeBps(20000n, 20001n)).toBe(1); // 0.5 bp rounds up
    expect(changeBps(20000n, 19999n)).toBe(-1);
    expect(changeBps(0n, 5n)).toBeNull();
  });

  const H = 3_600_000;
  const now = 1_800_000_000_000;
  const series = [
    { at: now - 50 * H, totalUsd: 1_000n },
    { at: now - 25 * H, totalUsd: 2_000n },
    { at: now - 23 * H, totalUsd: 4_000n },
    { at: now, totalUsd: 5_000n },
  ];

  it('takes the snapshot nearest the point in time, and says null when none is that old', () => {
    // Nearest to now − 24 h: the one at −25 h and the one at −23 h are equally near; the older (first) wins.
    expect(changeOver(series, 24 * H, now)).toEqual({ fromUsd: 2_000n, toUsd: 5_000n, changeBps: 15000 });
    expect(changeOver(series, 48 * H, now)).toEqual({ fromUsd: 1_000n, toUsd: 5_000n, changeBps: 40000 });
    expect(changeOver(series, 7 * 24 * H, now)).toBeNull();
    expect(changeOver([], 24 * H, now)).toBeNull();
  });

  it('thins a long series to at most the asked points, keeping the last', () => {
    const long = Array.from({ length: 1000 }, (_, i) => ({ at: i * 1000, totalUsd: BigInt(i) }));
    const thinned = thin(long, 100);
    expect(thinned.length).toBeLessThanOrEqual(100);
    expect(thinned.at(-1)).toEqual({ at: 999_000, totalUsd: 999n });
  });
});

describe('recording throttle', () => {
  const last = { at: 0, totalUsd: 1_000_000n };
  it('records the first, then every 5 minutes, or on a move over 0.5 %', () => {
    expect(shouldRecord(null, { at: 0, totalUsd: 0n })).toBe(true);
    expect(shouldRecord(last, { at: 299_999, totalUsd: 1_005_000n })).toBe(false); // exactly 0.5 %: not more
    expect(shouldRecord(last, { at: 299_999, totalUsd: 1_005_001n })).toBe(true);
    expect(shouldRecord(last, { at: 299_999, totalUsd: 994_999n })).toBe(true);
    expect(shouldRecord(last, { at: 300_000, totalUsd: 1_000_000n })).toBe(true);
    expect(shouldRecord({ at: 0, totalUsd: 0n }, { at: 1, totalUsd: 1n })).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { comparableChange, comparableChangeOver, type ChangeRow } from '../../../src/main/portfolio/analytics/change';

const H = 3_600_000;
const now = 1_800_000_000_000;
const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const NEW = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

describe('change over the same (chain, address) pairs', () => {
  it('does not count a newly watched address as a gain', () => {
    const then: ChangeRow[] = [
      { chainId: 1, address: A, valueUsd: 1_000n },
      { chainId: 1, address: A, valueUsd: 500n },
      { chainId: 2, address: B, valueUsd: 2_000n },
    ];
    const latest: ChangeRow[] = [
      // Same address, other spelling: the same holder.
      { chainId: 1, address: A.toLowerCase(), valueUsd: 1_650n },
      { chainId: 2, address: B, valueUsd: 2_000n },
      // Added since: on neither side.
      { chainId: 1, address: NEW, valueUsd: 10_000n },
      { chainId: 2, address: NEW, valueUsd: 1n },
    ];
    expect(comparableChange(then, latest)).toEqual({ fromUsd: 3_500n, toUsd: 3_650n, changeBps: 429 });
  });

  it('leaves out an address no longer watched, and a chain read only on one side', () => {
    const then: ChangeRow[] = [
      { chainId: 1, address: A, valueUsd: 1_000n },
      { chainId: 1, address: B, valueUsd: 9_000n },
      { chainId: 2, address: A, valueUsd: 4_000n },
    ];
    const latest: ChangeRow[] = [
      { chainId: 1, address: A, valueUsd: 800n },
      // Unpriced now: counts as 0, as in the snapshot total; a token of a kept address that lost its price is a change.
      { chainId: 2, address: A, valueUsd: null },
    ];
    expect(comparableChange(then, latest)).toEqual({ fromUsd: 5_000n, toUsd: 800n, changeBps: -8400 });
    expect(comparableChange([], latest)).toEqual({ fromUsd: 0n, toUsd: 0n, changeBps: null });
  });

  it('starts from the snapshot nearest the period, and is null when none is that old', () => {
    const rows: Record<number, ChangeRow[]> = {
      1: [{ chainId: 1, address: A, valueUsd: 1_000n }],
      2: [{ chainId: 1, address: A, valueUsd: 2_000n }],
      3: [
        { chainId: 1, address: A, valueUsd: 2_500n },
        { chainId: 1, address: NEW, valueUsd: 7_500n },
      ],
    };
    const series = [
      { id: 1, at: now - 50 * H, totalUsd: 1_000n },
      { id: 2, at: now - 23 * H, totalUsd: 2_000n },
      { id: 3, at: now, totalUsd: 10_000n },
    ];
    const rowsOf = (p: { id: number }) => rows[p.id]!;
    // The totals say +400 % (2,000 → 10,000); over the address present in both it is +25 %.
    expect(comparableChangeOver(series, 24 * H, now, rowsOf)).toEqual({ fromUsd: 2_000n, toUsd: 2_500n, changeBps: 2500 });
    expect(comparableChangeOver(series, 48 * H, now, rowsOf)).toEqual({ fromUsd: 1_000n, toUsd: 2_500n, changeBps: 15000 });
    expect(comparableChangeOver(series, 7 * 24 * H, now, rowsOf)).toBeNull();
    expect(comparableChangeOver([], 24 * H, now, rowsOf)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { comparableChange, comparableChangeOver, type ChangeRow } from '../../../src/main/portfolio/analytics/change';

const H = 3_600_000;
const now = 1_800_000_000_000;
const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const NEW = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const GONE = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const RECEIVED = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';

describe('change over the same (chain, address) pairs', () => {
  it('does not count a newly watched address as a gain', () => {
    const then: ChangeRow[] = [
      { chainId: 1, address: A, asset: 'native', valueUsd: 1_000n },
      { chainId: 1, address: A, asset: TOKEN, valueUsd: 500n },
      { chainId: 2, address: B, asset: 'native', valueUsd: 2_000n },
    ];
    const latest: ChangeRow[] = [
      // Same address, other spelling: the same holder.
      { chainId: 1, address: A.toLowerCase(), asset: 'native', valueUsd: 1_650n },
      { chainId: 2, address: B, asset: 'native', valueUsd: 2_000n },
      // Added since: on neither side.
      { chainId: 1, address: NEW, asset: 'native', valueUsd: 10_000n },
      { chainId: 2, address: NEW, asset: 'native', valueUsd: 1n },
    ];
    expect(comparableChange(then, latest)).toEqual({ fromUsd: 3_500n, toUsd: 3_650n, changeBps: 429 });
  });

  it('leaves out an address no longer watched, and a chain read only on one side', () => {
    const then: ChangeRow[] = [
      { chainId: 1, address: A, asset: 'native', valueUsd: 1_000n },
      { chainId: 1, address: B, asset: 'native', valueUsd: 9_000n },
      { chainId: 2, address: A, asset: 'native', valueUsd: 4_000n },
    ];
    const latest: ChangeRow[] = [
      { chainId: 1, address: A, asset: 'native', valueUsd: 800n },
      { chainId: 2, address: A, asset: 'native', valueUsd: 3_000n },
    ];
    expect(comparableChange(then, latest)).toEqual({ fromUsd: 5_000n, toUsd: 3_800n, changeBps: -2400 });
    expect(comparableChange([], latest)).toEqual({ fromUsd: 0n, toUsd: 0n, changeBps: null });
  });

  it('leaves a holding without a value on either side out of both; one received or gone in between counts', () => {
    const then: ChangeRow[] = [
      { chainId: 1, address: A, asset: 'native', valueUsd: 1_000n },
      // The backfill could not price this token at that block: its value then is unknown, not 0.
      { chainId: 1, address: A, asset: TOKEN, valueUsd: null },
      { chainId: 1, address: A, asset: GONE, valueUsd: 300n },
    ];
    const latest: ChangeRow[] = [
      { chainId: 1, address: A.toLowerCase(), asset: 'native', valueUsd: 1_100n },
      { chainId: 1, address: A, asset: TOKEN.toLowerCase(), valueUsd: 5_000n },
      { chainId: 1, address: A, asset: RECEIVED, valueUsd: 200n },
    ];
    expect(comparableChange(then, latest)).toEqual({ fromUsd: 1_300n, toUsd: 1_300n, changeBps: 0 });
    // Priced then, without a price now: left out too (a failed price source is not a loss).
    const unpricedNow = latest.map((r) => (r.asset === RECEIVED ? { ...r, valueUsd: null } : r));
    expect(comparableChange(then, unpricedNow)).toEqual({ fromUsd: 1_300n, toUsd: 1_100n, changeBps: -1538 });
  });

  it('starts from the snapshot nearest the period, and is null when none is that old', () => {
    const rows: Record<number, ChangeRow[]> = {
      1: [{ chainId: 1, address: A, asset: 'native', valueUsd: 1_000n }],
      2: [{ chainId: 1, address: A, asset: 'native', valueUsd: 2_000n }],
      3: [
        { chainId: 1, address: A, asset: 'native', valueUsd: 2_500n },
        { chainId: 1, address: NEW, asset: 'native', valueUsd: 7_500n },
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

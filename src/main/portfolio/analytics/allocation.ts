/**
 * Allocation by asset and by chain, in basis points that sum to exactly 10000.
 *
 * Rounding each share on its own can sum to 9999 or 10001, which a pie chart shows as a gap or an overlap and a
 * careful user reads as a bug. Largest-remainder (Hamilton) rounding floors every share, then hands the missing
 * points to the slices with the largest remainders, so the sum is exact and no slice moves by more than one point.
 */
import type { AllocationSlice } from '../../../shared/domain';

/** One valued position as recorded in a snapshot. */
export interface ValuedRow {
  chainId: number;
  chainName: string;
  /** Token address as recorded, or `native`. */
  asset: string;
  symbol: string;
  valueUsd: bigint;
}

const BPS = 10_000n;

/**
 * Shares of `values` in basis points (largest remainder). Ties in the remainder go to the larger value, then to the
 * earlier index, so the result is deterministic. A zero (or negative) total gives all zeros.
 */
export function basisPoints(values: readonly bigint[]): number[] {
  const total = values.reduce((sum, v) => sum + v, 0n);
  if (total <= 0n) return values.map(() => 0);
  const floors = values.map((v) => (v * BPS) / total);
  const remainders = values.map((v, index) => ({ index, rest: (v * BPS) % total, value: v }));
  let missing = Number(BPS - floors.reduce((sum, f) => sum + f, 0n));
  remainders.sort((a, b) => (a.rest === b.rest ? (a.value === b.value ? a.index - b.index : a.value > b.value ? -1 : 1) : a.rest > b.rest ? -1 : 1));
  const shares = floors.map(Number);
  for (const { index } of remainders) {
    if (missing <= 0) break;
    shares[index]! += 1;
    missing -= 1;
  }
  return shares;
}

function slices(groups: Map<string, { label: string; valueUsd: bigint }>): AllocationSlice[] {
  // Largest first: the order a reader scans a breakdown in; the key breaks ties so the order is stable.
  const entries = [...groups.entries()].sort(([ka, a], [kb, b]) =>
    a.valueUsd === b.valueUsd ? ka.localeCompare(kb) : a.valueUsd > b.valueUsd ? -1 : 1,
  );
  const shares = basisPoints(entries.map(([, g]) => g.valueUsd));
  return entries.map(([key, g], i) => ({ key, label: g.label, valueUsd: g.valueUsd, shareBps: shares[i]! }));
}

/** By asset, keyed `chainId:address` (never by symbol: two chains' USDC are two assets), summed over addresses. */
export function allocationByAsset(rows: readonly ValuedRow[]): AllocationSlice[] {
  const groups = new Map<string, { label: string; valueUsd: bigint }>();
  for (const row of rows) {
    const key = `${row.chainId}:${row.asset}`;
    const group = groups.get(key) ?? { label: `${row.symbol} · ${row.chainName}`, valueUsd: 0n };
    group.valueUsd += row.valueUsd;
    groups.set(key, group);
  }
  return slices(groups);
}

/** By chain, keyed by the chain id as a string. */
export function allocationByChain(rows: readonly ValuedRow[]): AllocationSlice[] {
  const groups = new Map<string, { label: string; valueUsd: bigint }>();
  for (const row of rows) {
    const key = String(row.chainId);
    const group = groups.get(key) ?? { label: row.chainName, valueUsd: 0n };
    group.valueUsd += row.valueUsd;
    groups.set(key, group);
  }
  return slices(groups);
}

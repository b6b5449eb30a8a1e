/**
 * Value change over a period, from the recorded series: "now" is the latest snapshot, "then" is the snapshot nearest
 * the point in time the period reaches back to. No snapshot that old means no answer (null), never a guess from a
 * younger one: a "30-day change" computed from two days of data would be a lie with a confident label.
 *
 * The change compares like with like: only the (chain, address) pairs present in both snapshots count, so watching
 * a new address (or unwatching one) is not a gain (or a loss), and a holding without a value on either side is left
 * out of both. See `comparableChange`.
 */
import type { ValueChange } from '../../../shared/domain';

export interface SeriesPoint {
  at: number;
  totalUsd: bigint;
}

/** (to − from) / from in basis points, rounded half away from zero; null when `from` is 0 (no finite ratio). */
export function changeBps(fromUsd: bigint, toUsd: bigint): number | null {
  if (fromUsd === 0n) return null;
  const scaled = (toUsd - fromUsd) * 10_000n;
  const negative = scaled < 0n !== fromUsd < 0n;
  const absScaled = scaled < 0n ? -scaled : scaled;
  const absFrom = fromUsd < 0n ? -fromUsd : fromUsd;
  const rounded = (absScaled * 2n + absFrom) / (absFrom * 2n);
  return Number(negative ? -rounded : rounded);
}

/**
 * The change over `periodMs` before `now`, given the series oldest first. The start is the snapshot nearest
 * `now − periodMs` (on either side: a backfilled daily point a few minutes off is still the best reading there is),
 * but only if some snapshot is at least that old.
 */
export function changeOver(series: readonly SeriesPoint[], periodMs: number, now: number): ValueChange | null {
  const start = changeStart(series, periodMs, now);
  const latest = series.at(-1);
  if (!start || !latest) return null;
  return { fromUsd: start.totalUsd, toUsd: latest.totalUsd, changeBps: changeBps(start.totalUsd, latest.totalUsd) };
}

/** The snapshot a change over `periodMs` starts from (see `changeOver`), or null when none is that old. */
export function changeStart<T extends SeriesPoint>(series: readonly T[], periodMs: number, now: number): T | null {
  const oldest = series[0];
  if (!oldest) return null;
  const target = now - periodMs;
  if (oldest.at > target) return null;
  let best = oldest;
  for (const point of series) {
    if (Math.abs(point.at - target) < Math.abs(best.at - target)) best = point;
  }
  return best;
}

/** A recorded holding as far as a change needs it. */
export interface ChangeRow {
  chainId: number;
  address: string;
  /** `native` or the token's contract address. */
  asset: string;
  valueUsd: bigint | null;
}

const holderKey = (row: ChangeRow): string => `${row.chainId}:${row.address.toLowerCase()}`;
const holdingKey = (row: ChangeRow): string => `${holderKey(row)}:${row.asset.toLowerCase()}`;

/**
 * The change between two snapshots' holdings, like with like:
 * - over the (chain, address) pairs present in both: an address watched only now (or only then) is left out of both
 *   sides, so adding one is not a gain;
 * - without any holding whose value is unknown on either side (unpriced then or now): a token the backfill could not
 *   price at a past block, or one whose price source failed, is not worth 0, so counting it as 0 on one side only
 *   would invent a gain or a loss of its whole value;
 * - a holding of a kept address present on one side only does count (received or gone in between: a real change).
 */
export function comparableChange(fromRows: readonly ChangeRow[], toRows: readonly ChangeRow[]): ValueChange {
  const holders = (rows: readonly ChangeRow[]): Set<string> => new Set(rows.map(holderKey));
  const thenHolders = holders(fromRows);
  const nowHolders = holders(toRows);
  const unknown = new Set([...fromRows, ...toRows].filter((r) => r.valueUsd === null).map(holdingKey));
  const total = (rows: readonly ChangeRow[], other: Set<string>): bigint =>
    rows.reduce((sum, r) => (other.has(holderKey(r)) && !unknown.has(holdingKey(r)) ? sum + (r.valueUsd ?? 0n) : sum), 0n);
  const fromUsd = total(fromRows, nowHolders);
  const toUsd = total(toRows, thenHolders);
  return { fromUsd, toUsd, changeBps: changeBps(fromUsd, toUsd) };
}

/** `changeOver` compared like with like: the start and latest snapshots' rows through `comparableChange`. */
export function comparableChangeOver<T extends SeriesPoint>(
  series: readonly T[],
  periodMs: number,
  now: number,
  rowsOf: (point: T) => readonly ChangeRow[],
): ValueChange | null {
  const start = changeStart(series, periodMs, now);
  const latest = series.at(-1);
  if (!start || !latest) return null;
  return comparableChange(rowsOf(start), rowsOf(latest));
}

/**
 * At most `maxPoints` points for a chart: the series split into equal time buckets, the last point of each kept
 * (the value as of the bucket's end), and the very last point always kept so the line ends at "now".
 */
export function thin(series: readonly SeriesPoint[], maxPoints: number): SeriesPoint[] {
  if (series.length <= maxPoints) return [...series];
  const first = series[0]!.at;
  const span = series.at(-1)!.at - first || 1;
  const kept = new Map<number, SeriesPoint>();
  for (const point of series) kept.set(Math.min(maxPoints - 1, Math.floor(((point.at - first) * maxPoints) / span)), point);
  return [...kept.values()];
}

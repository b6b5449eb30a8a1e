/**
 * Value change over a period, from the recorded series: "now" is the latest snapshot, "then" is the snapshot nearest
 * the point in time the period reaches back to. No snapshot that old means no answer (null), never a guess from a
 * younger one: a "30-day change" computed from two days of data would be a lie with a confident label.
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
  const latest = series.at(-1);
  const oldest = series[0];
  if (!latest || !oldest) return null;
  const target = now - periodMs;
  if (oldest.at > target) return null;
  let best = oldest;
  for (const point of series) {
    if (Math.abs(point.at - target) < Math.abs(best.at - target)) best = point;
  }
  return { fromUsd: best.totalUsd, toUsd: latest.totalUsd, changeBps: changeBps(best.totalUsd, latest.totalUsd) };
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

/** SVG path geometry for the latency sparkline, kept apart from the component so the scaling is testable. */
import type { LatencyPoint } from './latency-ring';

export interface SparklineGeometry {
  p50: string;
  p95: string;
  /** The top of the scale, in ms (the largest p95 shown). */
  maxMs: number;
}

/**
 * Points to polyline coordinates. The x axis is time (not index), so a gap in pushes shows as a gap in slope rather
 * than being squeezed away; the y axis starts at 0 ms so that a flat fast provider does not look jittery.
 */
export function sparklineGeometry(points: readonly LatencyPoint[], width: number, height: number): SparklineGeometry {
  if (points.length === 0) return { p50: '', p95: '', maxMs: 0 };
  const maxMs = Math.max(1, ...points.map((p) => p.p95));
  const first = points[0]!.at;
  const span = Math.max(1, points.at(-1)!.at - first);
  const x = (p: LatencyPoint) => (points.length === 1 ? width : ((p.at - first) / span) * width);
  const y = (ms: number) => height - (Math.min(ms, maxMs) / maxMs) * (height - 2) - 1;
  const line = (pick: (p: LatencyPoint) => number) =>
    points.map((p) => `${x(p).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  return { p50: line((p) => p.p50), p95: line((p) => p.p95), maxMs };
}

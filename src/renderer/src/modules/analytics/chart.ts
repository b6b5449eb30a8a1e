/**
 * Geometry and labels for the analytics charts (plain SVG, no chart library). Money is bigint; pixel positions
 * are Numbers on purpose: a pixel does not need 8 decimals, and the labels are formatted from the exact bigints.
 */
import type { AllocationSlice, ValueChange } from '../../../../shared/domain';
import { formatUsd } from '../portfolio/money';

/** 4130 → "41.30%", exact from the basis points. */
export function formatShare(bps: number): string {
  return `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, '0')}%`;
}

/** Signed change: "+1.25%", "−0.40%", "0.00%"; its tone drives the colour. */
export function formatChange(change: ValueChange): { text: string; tone: 'up' | 'down' | 'flat'; delta: string } {
  const diff = change.toUsd - change.fromUsd;
  const tone = diff > 0n ? 'up' : diff < 0n ? 'down' : 'flat';
  const sign = tone === 'up' ? '+' : tone === 'down' ? '−' : '';
  const delta = `${sign}${formatUsd(diff < 0n ? -diff : diff)}`;
  if (change.changeBps === null) return { text: 'n/a', tone, delta };
  return { text: `${sign}${formatShare(Math.abs(change.changeBps))}`, tone, delta };
}

export interface LineChart {
  path: string;
  /** Left margin (viewBox units), wide enough for the longest y label: labels are exact, so never clipped. */
  left: number;
  /** Axis labels with their positions. */
  yLabels: Array<{ y: number; text: string }>;
  xLabels: Array<{ x: number; text: string; anchor: 'start' | 'end' }>;
}

export const CHART = { width: 640, height: 220, left: 86, right: 12, top: 12, bottom: 28 } as const;

/** The y labels' font size (viewBox units), their gap to the axis, and a width per character on the safe side. */
export const Y_LABEL = { fontSize: 11, gap: 6, pad: 4 } as const;
/** 0.62 em per character: wider than the digits, "$" and separators of the UI's sans fonts at that size. */
const CHAR_EM = 0.62;

/** The left margin that fits `labels` right-aligned at `left − gap`; never below CHART.left. */
export function leftMarginFor(labels: readonly string[]): number {
  const longest = labels.reduce((n, text) => Math.max(n, text.length), 0);
  return Math.max(CHART.left, Math.ceil(longest * Y_LABEL.fontSize * CHAR_EM) + Y_LABEL.gap + Y_LABEL.pad);
}

function dateLabel(at: number, spanMs: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return spanMs <= 36 * 3_600_000 ? `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}` : day;
}

/** The value-over-time line with min/max value labels on the y axis and first/last dates on the x axis. */
export function lineChart(series: ReadonlyArray<{ at: number; totalUsd: bigint }>): LineChart | null {
  if (series.length === 0) return null;
  const { width, height, right, top, bottom } = CHART;
  const min = series.reduce((m, p) => (p.totalUsd < m ? p.totalUsd : m), series[0]!.totalUsd);
  const max = series.reduce((m, p) => (p.totalUsd > m ? p.totalUsd : m), series[0]!.totalUsd);
  const left = leftMarginFor([formatUsd(min), formatUsd(max)]);
  const t0 = series[0]!.at;
  const t1 = series.at(-1)!.at;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (at: number) => left + (t1 === t0 ? plotW : ((at - t0) / (t1 - t0)) * plotW);
  const y = (v: bigint) => top + (max === min ? plotH / 2 : plotH - (Number(v - min) / Number(max - min)) * plotH);
  const points = series.map((p) => `${x(p.at).toFixed(1)},${y(p.totalUsd).toFixed(1)}`);
  // A single point still draws: a short flat stroke ending at "now".
  const path = points.length === 1 ? `M${left},${points[0]!.split(',')[1]} L${points[0]}` : `M${points.join(' L')}`;
  return {
    path,
    left,
    yLabels:
      max === min
        ? [{ y: y(max), text: formatUsd(max) }]
        : [
            { y: top, text: formatUsd(max) },
            { y: top + plotH, text: formatUsd(min) },
          ],
    xLabels: [
      { x: left, text: dateLabel(t0, t1 - t0), anchor: 'start' },
      { x: width - right, text: dateLabel(t1, t1 - t0), anchor: 'end' },
    ],
  };
}

/** Bar width in percent of the track for a slice (its share; a visible sliver for non-zero tiny shares). */
export function barWidth(slice: AllocationSlice): string {
  if (slice.shareBps === 0) return slice.valueUsd > 0n ? '0.5%' : '0%';
  return formatShare(slice.shareBps);
}

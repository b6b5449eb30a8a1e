/** Numbers behind the operator gauges, kept out of the components so the exact figures are testable. */
import type { CacheGauge, ChainInfo, LaneGauge, MemoryGauge, OperatorSnapshot, Priority } from '../../../../shared/domain';

/** The order lanes are shown in: the order in which they are protected. */
export const LANES: readonly Priority[] = ['critical', 'standard', 'background'];

export interface LaneRow {
  chainId: number;
  chainName: string;
  lane: Priority;
  gauge: LaneGauge;
  /** Share of the widest lane's active + queued, 0..1, for the bar. */
  fill: number;
}

/** Lanes have no capacity in the snapshot, so the bars compare lanes with each other (the busiest is full). */
export function laneRows(snapshot: OperatorSnapshot, chains: readonly ChainInfo[]): LaneRow[] {
  const rows: LaneRow[] = [];
  for (const chain of [...snapshot.lanes].sort((a, b) => a.chainId - b.chainId)) {
    const chainName = chains.find((c) => c.chainId === chain.chainId)?.name ?? `Chain ${chain.chainId}`;
    for (const lane of LANES) rows.push({ chainId: chain.chainId, chainName, lane, gauge: chain.lanes[lane], fill: 0 });
  }
  const widest = Math.max(1, ...rows.map((r) => r.gauge.active + r.gauge.queued));
  for (const row of rows) row.fill = (row.gauge.active + row.gauge.queued) / widest;
  return rows;
}

/** Hits / (hits + misses), or null before the first lookup (0 % would claim the cache is useless). */
export function hitRate(cache: CacheGauge): number | null {
  const total = cache.hits + cache.misses;
  return total === 0 ? null : cache.hits / total;
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

const MIB = 1024 * 1024;

export function formatMiB(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

export function heapShare(memory: MemoryGauge): number {
  return memory.heapLimitBytes > 0 ? Math.min(1, memory.heapUsedBytes / memory.heapLimitBytes) : 0;
}

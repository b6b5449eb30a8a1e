/**
 * When a fresh portfolio reading becomes a recorded snapshot.
 *
 * The portfolio refreshes every 2 s; recording each would write ~43k snapshots a day of near-identical figures.
 * We keep the first, then one per `minIntervalMs` (5 min: 288 a day, fine-grained enough for a 24 h chart), plus any
 * reading whose total moved by more than `moveBps` (0.5 %) since the last recorded one, so a sharp move shows at
 * once rather than up to five minutes late.
 */
export interface RecordPolicy {
  minIntervalMs: number;
  moveBps: bigint;
}

export const DEFAULT_RECORD_POLICY: RecordPolicy = { minIntervalMs: 5 * 60_000, moveBps: 50n };

export function shouldRecord(
  last: { at: number; totalUsd: bigint } | null,
  next: { at: number; totalUsd: bigint },
  policy: RecordPolicy = DEFAULT_RECORD_POLICY,
): boolean {
  if (last === null) return true;
  if (next.at - last.at >= policy.minIntervalMs) return true;
  const moved = next.totalUsd > last.totalUsd ? next.totalUsd - last.totalUsd : last.totalUsd - next.totalUsd;
  // moved / last > moveBps / 10000, without division (exact on bigint); from zero any move counts.
  return moved * 10_000n > policy.moveBps * last.totalUsd;
}

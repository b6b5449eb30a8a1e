/** Health levels in order of severity: one rule for main (aggregation) and the renderer (what a card shows). */
import type { HealthLevel } from './domain';

const ORDER: Record<HealthLevel, number> = { HEALTHY: 0, DEGRADED: 1, UNHEALTHY: 2 };

/** The worse of the levels (HEALTHY for none). */
export function worst(levels: Iterable<HealthLevel>): HealthLevel {
  let result: HealthLevel = 'HEALTHY';
  for (const level of levels) if (ORDER[level] > ORDER[result]) result = level;
  return result;
}

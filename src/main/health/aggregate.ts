/**
 * How check results become HEALTHY / DEGRADED / UNHEALTHY. Pure functions, so every rule is tested on tables.
 *
 * The generic rule (a provider's checks, the app's resource checks):
 *   1. any failing critical check                → UNHEALTHY;
 *   2. otherwise more than half of them failing  → DEGRADED;
 *   3. otherwise                                  → HEALTHY, even with a failing non-critical check (at most half).
 *      One noisy signal (a slow p95, a lagging head) shows in its check and in the report's reason, but does not
 *      step features down; that takes a critical failure or a majority.
 *
 * A chain is judged on its own checks plus its providers' levels:
 *   1. a failing critical chain check (`chain.providers`: no provider usable)  → UNHEALTHY;
 *   2. any of its providers not HEALTHY, or any failing non-critical chain check (the head stalled) → DEGRADED;
 *   3. otherwise → HEALTHY.
 *   A chain with a provider down still answers (failover is for that), but with less in reserve than configured:
 *   DEGRADED says so, the badge does not read HEALTHY beside a failing provider, and the lowest-priority features
 *   (alerts, analytics) step down to spare the providers that are left.
 *
 * The app is the worst of its chains and of its resources (generic rule over the app checks). With no chain at all
 * it is judged on its resources alone.
 */
import type { HealthCheckResult, HealthLevel } from '../../shared/domain';
import { worst } from '../../shared/health-level';

export { worst };

/** The generic rule (see the file comment). */
export function scopeLevel(checks: readonly HealthCheckResult[]): HealthLevel {
  const failing = checks.filter((c) => !c.ok);
  if (failing.some((c) => c.critical)) return 'UNHEALTHY';
  if (failing.length * 2 > checks.length) return 'DEGRADED';
  return 'HEALTHY';
}

/** The chain rule (see the file comment). `chainChecks` are the chain-scope checks only. */
export function chainLevel(chainChecks: readonly HealthCheckResult[], providerLevels: readonly HealthLevel[]): HealthLevel {
  if (chainChecks.some((c) => !c.ok && c.critical)) return 'UNHEALTHY';
  if (providerLevels.some((l) => l !== 'HEALTHY') || chainChecks.some((c) => !c.ok)) return 'DEGRADED';
  return 'HEALTHY';
}

/** One line on what fails, critical first; null when nothing does. At most `max` checks are named. */
export function reasonOf(checks: readonly HealthCheckResult[], max = 3): string | null {
  const failing = checks.filter((c) => !c.ok).sort((a, b) => Number(b.critical) - Number(a.critical));
  if (failing.length === 0) return null;
  const named = failing.slice(0, max).map((c) => `${c.name} ${c.target}: ${c.message}`);
  const more = failing.length > max ? `; and ${failing.length - max} more` : '';
  // Only non-critical checks failing do not lower a level on their own: "failing" beside HEALTHY would contradict it.
  const what = failing.some((c) => c.critical) ? 'failing' : failing.length === 1 ? 'warning' : 'warnings';
  return `${failing.length} ${what}: ${named.join('; ')}${more}`;
}

/** A level with the time it last changed; `set` says whether it changed. */
export class LevelClock {
  constructor(
    public level: HealthLevel,
    public since: number,
  ) {}

  set(level: HealthLevel, now: number): boolean {
    if (level === this.level) return false;
    this.level = level;
    this.since = now;
    return true;
  }
}

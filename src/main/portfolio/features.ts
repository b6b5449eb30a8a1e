/**
 * The features panel's states. Real-time prices follow the portfolio: normal while feeds are read live, degraded
 * (cached prices, with their age) while the last read failed, disabled before anything was ever read.
 * History, analytics and alerts are not part of this version yet, and say so rather than pretending to run.
 * (Health-driven degradation of every feature is the job of the engine's degradation rules, a later step.)
 */
import type { FeatureState, PortfolioSnapshot } from '../../shared/domain';

const NOT_BUILT = 'Not available in this version yet';

export class FeatureTracker {
  #states: FeatureState[];

  constructor(now: number) {
    this.#states = [
      { name: 'realtimePrices', priority: 1, mode: 'disabled', reason: 'Waiting for the first price read', since: now },
      { name: 'history', priority: 2, mode: 'disabled', reason: NOT_BUILT, since: now },
      { name: 'analytics', priority: 3, mode: 'disabled', reason: NOT_BUILT, since: now },
      { name: 'alerts', priority: 4, mode: 'disabled', reason: NOT_BUILT, since: now },
    ];
  }

  list(): FeatureState[] {
    return this.#states.map((s) => ({ ...s }));
  }

  /** Returns true when any state changed (so the caller pushes an event only then). */
  observe(snapshot: PortfolioSnapshot, now: number): boolean {
    const stale = snapshot.asOf.filter((a) => a.stale);
    let next: Pick<FeatureState, 'mode' | 'reason'>;
    if (snapshot.asOf.length === 0) {
      next = snapshot.error
        ? { mode: 'disabled', reason: `No price could be read: ${snapshot.error.message}` }
        : { mode: 'disabled', reason: 'Waiting for the first price read' };
    } else if (stale.length > 0) {
      const oldest = Math.min(...stale.map((a) => a.fetchedAt));
      next = {
        mode: 'degraded',
        reason: `Showing cached prices read at ${new Date(oldest).toISOString()}: ${snapshot.error?.message ?? 'providers unavailable'}`,
      };
    } else {
      next = { mode: 'normal', reason: null };
    }
    const current = this.#states[0]!;
    if (current.mode === next.mode && current.reason === next.reason) return false;
    const since = current.mode === next.mode ? current.since : now;
    this.#states[0] = { ...current, ...next, since };
    return true;
  }
}

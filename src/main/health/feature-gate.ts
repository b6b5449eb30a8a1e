/**
 * Which features run, and how, given the app's health: the four features step down in reverse priority order and
 * come back with hysteresis.
 *
 * Severity: HEALTHY 0, DEGRADED 1, UNHEALTHY 2, OFFLINE 3 (every chain UNHEALTHY and nothing cached to show).
 *
 *   feature (priority)   HEALTHY   DEGRADED                UNHEALTHY                 OFFLINE
 *   realtimePrices (1)   normal    normal                  degraded (cached, aged)   disabled
 *   history (2)          normal    degraded (recent only)  degraded (recent only)    disabled
 *   analytics (3)        normal    disabled                disabled                  disabled
 *   alerts (4)           normal    disabled                disabled                  disabled
 *
 * Besides health, realtimePrices is degraded whenever the portfolio shows prices from cache (a failed read), at
 * once both ways: that is a fact about the figures on screen, not a verdict that could flap.
 *
 * Hysteresis: stepping down is immediate (the user must not act on data we distrust). Stepping up waits until a
 * better severity has held for `recoverAfterMs` (default 10 s, five portfolio refreshes) without interruption;
 * then features come back to the worst severity seen during that hold. A provider flapping every few seconds
 * therefore keeps features down instead of toggling them.
 */
import type { FeatureMode, FeatureName, FeatureState, HealthLevel, PortfolioSnapshot } from '../../shared/domain';

export const FEATURE_RECOVER_AFTER_MS = 10_000;

export type Severity = 0 | 1 | 2 | 3;

const PRIORITIES: Record<FeatureName, number> = { realtimePrices: 1, history: 2, analytics: 3, alerts: 4 };
const NAMES = Object.keys(PRIORITIES) as FeatureName[];

export const OFFLINE_REASON = 'Offline: no provider answers and nothing is cached';

/** The table above. */
export function modeFor(name: FeatureName, severity: Severity): FeatureMode {
  if (severity === 3) return 'disabled';
  switch (name) {
    case 'realtimePrices':
      return severity === 2 ? 'degraded' : 'normal';
    case 'history':
      return severity >= 1 ? 'degraded' : 'normal';
    case 'analytics':
    case 'alerts':
      return severity >= 1 ? 'disabled' : 'normal';
  }
}

function reasonFor(name: FeatureName, mode: FeatureMode, severity: Severity): string | null {
  if (mode === 'normal') return null;
  if (severity === 3) return OFFLINE_REASON;
  const level = severity === 2 ? 'UNHEALTHY' : 'DEGRADED';
  switch (name) {
    case 'realtimePrices':
      return `Showing cached prices with their age: provider health is ${level}`;
    case 'history':
      return `Showing a limited recent window only: provider health is ${level}`;
    case 'analytics':
    case 'alerts':
      return `Paused to spare providers: provider health is ${level}`;
  }
}

export function severityOf(level: HealthLevel, offline: boolean): Severity {
  if (offline) return 3;
  return level === 'UNHEALTHY' ? 2 : level === 'DEGRADED' ? 1 : 0;
}

export interface GateInput {
  level: HealthLevel;
  offline: boolean;
  /** The portfolio as shown, for "prices from cache" (optional). */
  snapshot?: PortfolioSnapshot;
  now: number;
}

/** What feature code consults: the current mode of a feature, and changes as they happen. */
export class FeatureGate {
  #states: FeatureState[];
  #severity: Severity = 0;
  /** While recovering: when the better severity began, and the worst one seen since. */
  #hold: { since: number; worst: Severity } | null = null;
  readonly #listeners = new Set<(states: FeatureState[]) => void>();

  constructor(
    now: number,
    private readonly recoverAfterMs: number = FEATURE_RECOVER_AFTER_MS,
  ) {
    this.#states = NAMES.map((name) => ({ name, priority: PRIORITIES[name], mode: 'normal', reason: null, since: now }));
  }

  mode(name: FeatureName): FeatureMode {
    return this.#states.find((s) => s.name === name)!.mode;
  }

  list(): FeatureState[] {
    return this.#states.map((s) => ({ ...s }));
  }

  /** The severity features run at now (after hysteresis). */
  severity(): Severity {
    return this.#severity;
  }

  /** `listener` gets the full list after every change; returns unsubscribe. */
  onChange(listener: (states: FeatureState[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Feed the latest health; returns true (and tells listeners) when any feature state changed. */
  update(input: GateInput): boolean {
    const target = severityOf(input.level, input.offline);
    if (target >= this.#severity) {
      this.#severity = target;
      this.#hold = null;
    } else if (this.#hold === null) {
      this.#hold = { since: input.now, worst: target };
    } else {
      this.#hold.worst = Math.max(this.#hold.worst, target) as Severity;
      if (input.now - this.#hold.since >= this.recoverAfterMs) {
        this.#severity = this.#hold.worst;
        // Still better than where we landed: the next step up needs a fresh hold.
        this.#hold = target < this.#severity ? { since: input.now, worst: target } : null;
      }
    }
    return this.#apply(input);
  }

  #apply(input: GateInput): boolean {
    const cached = cachedSince(input.snapshot);
    let changed = false;
    this.#states = this.#states.map((state) => {
      let mode = modeFor(state.name, this.#severity);
      let reason = reasonFor(state.name, mode, this.#severity);
      if (state.name === 'realtimePrices' && mode === 'normal' && cached !== null) {
        mode = 'degraded';
        reason = `Showing cached prices read at ${new Date(cached).toISOString()}: the last read failed`;
      }
      if (mode === state.mode && reason === state.reason) return state;
      changed = true;
      return { ...state, mode, reason, since: mode === state.mode ? state.since : input.now };
    });
    if (changed) {
      const list = this.list();
      for (const listener of [...this.#listeners]) {
        try {
          listener(list);
        } catch {
          // One feature's listener failing must not stop the others hearing about the change.
        }
      }
    }
    return changed;
  }
}

/** Oldest fetch time of figures shown from cache, or null when everything on screen is live. */
function cachedSince(snapshot: PortfolioSnapshot | undefined): number | null {
  const stale = snapshot?.asOf.filter((a) => a.stale) ?? [];
  return stale.length === 0 ? null : Math.min(...stale.map((a) => a.fetchedAt));
}

/** Engine defaults and how partial options are merged onto them. */
import type { EngineOptions } from './types';

/**
 * Connect in 5 s or the host is unreachable in practice; a read that has not answered in 10 s is better retried
 * elsewhere. Three consecutive faults separate a broken provider from one unlucky request; 5 s of rest lets a
 * restarted node come back without hammering it.
 */
export const DEFAULT_OPTIONS: EngineOptions = {
  timeouts: { connectionMs: 5_000, requestMs: 10_000 },
  breaker: { consecutiveFailures: 3, halfOpenAfterMs: 5_000 },
};

/** Options as `createEngine` accepts them: any group, and any field within a group, may be left out. */
export type EngineOptionsInput = {
  [G in keyof EngineOptions]?: Partial<EngineOptions[G]>;
};

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

/** Defaults filled in and every number checked, so that a typo in settings fails at start-up, not mid-request. */
export function resolveOptions(input: EngineOptionsInput = {}): EngineOptions {
  const timeouts = { ...DEFAULT_OPTIONS.timeouts, ...input.timeouts };
  const breaker = { ...DEFAULT_OPTIONS.breaker, ...input.breaker };
  positive(timeouts.connectionMs, 'timeouts.connectionMs');
  positive(timeouts.requestMs, 'timeouts.requestMs');
  positive(breaker.halfOpenAfterMs, 'breaker.halfOpenAfterMs');
  if (!Number.isInteger(breaker.consecutiveFailures) || breaker.consecutiveFailures < 1) {
    throw new RangeError(`breaker.consecutiveFailures must be a positive integer, got ${breaker.consecutiveFailures}`);
  }
  return { timeouts, breaker };
}

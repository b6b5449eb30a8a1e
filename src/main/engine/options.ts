/** Engine defaults and how partial options are merged onto them. */
import type { EngineOptions } from './types';

/**
 * Connect in 5 s or the host is unreachable in practice; a read that has not answered in 10 s is better retried
 * elsewhere. Three consecutive faults separate a broken provider from one unlucky request; 5 s of rest lets a
 * restarted node come back without hammering it.
 */
export const DEFAULT_OPTIONS: EngineOptions = {
  timeouts: { connectionMs: 5_000, requestMs: 10_000, operationMs: 30_000, globalMs: 60_000 },
  // The cool-down grows to at most 30 s: after an outage a recovered provider is back within that (plus its probe).
  breaker: { consecutiveFailures: 3, halfOpenAfterMs: 5_000, halfOpenMaxMs: 30_000 },
  // The defaults: a user's action gets a short queue wait; background work may queue long but few at once.
  bulkheads: {
    critical: { concurrency: 10, queue: 50, queueTimeoutMs: 5_000 },
    standard: { concurrency: 20, queue: 100, queueTimeoutMs: 10_000 },
    background: { concurrency: 5, queue: 200, queueTimeoutMs: 30_000 },
  },
  // A hedge after p95 costs about 5 % extra load in steady state; the budget caps it at 10 % when p95 is off.
  hedging: { enabled: true, minDelayMs: 100, maxDelayMs: 2_000, maxExtraLoad: 0.1 },
  retry: { maxRetries: 1, baseDelayMs: 50, maxDelayMs: 500 },
  health: { enabled: true, chainIdCheckMs: 60_000, headPollMs: 4_000, maxLagBlocks: 5, maxLagMs: 30_000 },
  cache: { lastKnownGoodEntries: 5_000 },
};

/** Options as `createEngine` accepts them: any group, and any field within a group, may be left out. */
export type EngineOptionsInput = {
  [G in Exclude<keyof EngineOptions, 'bulkheads'>]?: Partial<EngineOptions[G]>;
} & {
  bulkheads?: { [L in keyof EngineOptions['bulkheads']]?: Partial<EngineOptions['bulkheads'][L]> };
};

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

/** Defaults filled in and every number checked, so that a typo in settings fails at start-up, not mid-request. */
export function resolveOptions(input: EngineOptionsInput = {}): EngineOptions {
  const timeouts = { ...DEFAULT_OPTIONS.timeouts, ...input.timeouts };
  const breaker = { ...DEFAULT_OPTIONS.breaker, ...input.breaker };
  const lanes = DEFAULT_OPTIONS.bulkheads;
  const bulkheads = {
    critical: { ...lanes.critical, ...input.bulkheads?.critical },
    standard: { ...lanes.standard, ...input.bulkheads?.standard },
    background: { ...lanes.background, ...input.bulkheads?.background },
  };
  const hedging = { ...DEFAULT_OPTIONS.hedging, ...input.hedging };
  const retry = { ...DEFAULT_OPTIONS.retry, ...input.retry };
  const health = { ...DEFAULT_OPTIONS.health, ...input.health };
  const cache = { ...DEFAULT_OPTIONS.cache, ...input.cache };
  positive(timeouts.operationMs, 'timeouts.operationMs');
  positive(timeouts.globalMs, 'timeouts.globalMs');
  positive(breaker.halfOpenMaxMs, 'breaker.halfOpenMaxMs');
  for (const [lane, o] of Object.entries(bulkheads)) {
    positive(o.concurrency, `bulkheads.${lane}.concurrency`);
    positive(o.queueTimeoutMs, `bulkheads.${lane}.queueTimeoutMs`);
    if (!Number.isInteger(o.queue) || o.queue < 0) throw new RangeError(`bulkheads.${lane}.queue must be a whole number >= 0`);
  }
  positive(hedging.minDelayMs, 'hedging.minDelayMs');
  positive(hedging.maxDelayMs, 'hedging.maxDelayMs');
  if (!(hedging.maxExtraLoad >= 0 && hedging.maxExtraLoad <= 1)) throw new RangeError('hedging.maxExtraLoad must be within 0..1');
  if (!Number.isInteger(retry.maxRetries) || retry.maxRetries < 0) throw new RangeError('retry.maxRetries must be a whole number >= 0');
  positive(retry.baseDelayMs, 'retry.baseDelayMs');
  positive(retry.maxDelayMs, 'retry.maxDelayMs');
  positive(health.chainIdCheckMs, 'health.chainIdCheckMs');
  positive(health.maxLagMs, 'health.maxLagMs');
  if (!Number.isInteger(health.maxLagBlocks) || health.maxLagBlocks < 0) {
    throw new RangeError('health.maxLagBlocks must be a whole number >= 0');
  }
  positive(health.headPollMs, 'health.headPollMs');
  positive(cache.lastKnownGoodEntries, 'cache.lastKnownGoodEntries');
  positive(timeouts.connectionMs, 'timeouts.connectionMs');
  positive(timeouts.requestMs, 'timeouts.requestMs');
  positive(breaker.halfOpenAfterMs, 'breaker.halfOpenAfterMs');
  if (!Number.isInteger(breaker.consecutiveFailures) || breaker.consecutiveFailures < 1) {
    throw new RangeError(`breaker.consecutiveFailures must be a positive integer, got ${breaker.consecutiveFailures}`);
  }
  return { timeouts, breaker, bulkheads, hedging, retry, health, cache };
}

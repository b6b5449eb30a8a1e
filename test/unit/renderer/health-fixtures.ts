/** Health reports and operator snapshots for the issue-5 renderer tests, with the exact figures they assert. */
import type { BudgetBreach, HealthReport, OperatorSnapshot } from '../../../src/shared/domain';
import { NOW } from './fixtures';

export function healthReport(overrides: Partial<HealthReport> = {}): HealthReport {
  return { level: 'HEALTHY', since: NOW - 60_000, reason: null, chains: [], checks: [], ...overrides };
}

export function breach(overrides: Partial<BudgetBreach> = {}): BudgetBreach {
  return {
    id: 'b1',
    operation: 'eth_call',
    phase: 'complete',
    budgetMs: 2_000,
    actualMs: 2_350,
    excessMs: 350,
    at: NOW - 10_000,
    chainId: 31337,
    provider: 'primary',
    ...overrides,
  };
}

export function operatorSnapshot(overrides: Partial<OperatorSnapshot> = {}): OperatorSnapshot {
  return {
    health: healthReport(),
    lanes: [
      {
        chainId: 31337,
        lanes: {
          critical: { active: 2, queued: 1, rejected: 0 },
          standard: { active: 6, queued: 0, rejected: 3 },
          background: { active: 0, queued: 0, rejected: 0 },
        },
        inFlight: 8,
      },
    ],
    caches: [
      { tier: 'last-known-good', entries: 12, hits: 70, misses: 10 },
      { tier: 'prices', entries: 0, hits: 0, misses: 0 },
    ],
    memory: { rssBytes: 200 * 1024 * 1024, heapUsedBytes: 64 * 1024 * 1024, heapLimitBytes: 256 * 1024 * 1024, pressure: 'elevated' },
    budgets: { connectionMs: 500, firstByteMs: 200, completeMs: 2_000, renderMs: 100 },
    breaches: [breach(), breach({ id: 'b0', operation: 'render:overview', phase: 'render', budgetMs: 100, actualMs: 140, excessMs: 40, at: NOW - 20_000, chainId: null, provider: null })],
    ...overrides,
  };
}

import { describe, expect, it } from 'vitest';
import type { BudgetBreach } from '../../../src/shared/domain';
import { attemptMeasurements, BudgetTracker, connectMeasurement } from '../../../src/main/health/budgets';
import { MemoryManager, pressureOf } from '../../../src/main/health/memory';

const budgets = { connectionMs: 500, firstByteMs: 200, completeMs: 2_000, renderMs: 100 };

describe('performance budgets', () => {
  it('records a breach with its exact excess, most recent first, bounded', () => {
    const heard: BudgetBreach[] = [];
    const tracker = new BudgetTracker(() => budgets, (b) => heard.push(b), () => 42, 2);
    expect(tracker.check({ operation: 'render:overview', phase: 'render', actualMs: 100, chainId: null, provider: null })).toBeNull();
    const breach = tracker.check({ operation: 'render:overview', phase: 'render', actualMs: 137.4, chainId: null, provider: null });
    expect(breach).toEqual({
      id: 'b1',
      operation: 'render:overview',
      phase: 'render',
      budgetMs: 100,
      actualMs: 137,
      excessMs: 37,
      at: 42,
      chainId: null,
      provider: null,
    });
    tracker.check({ operation: 'eth_call', phase: 'firstByte', actualMs: 250, chainId: 1, provider: 'primary' });
    tracker.check({ operation: 'connect', phase: 'connection', actualMs: 900, chainId: 1, provider: 'primary' });
    expect(tracker.list().map((b) => [b.id, b.phase, b.excessMs])).toEqual([
      ['b3', 'connection', 400],
      ['b2', 'firstByte', 50],
    ]);
    expect(heard.map((b) => b.id)).toEqual(['b1', 'b2', 'b3']);
  });
});

describe('what a provider attempt is judged on', () => {
  const base = { chainId: 1, provider: 'primary', method: 'eth_call', retry: false } as const;
  const where = { operation: 'eth_call', chainId: 1, provider: 'primary' };

  it('an answer by its measured phases', () => {
    const answered = { ...base, outcome: 'ok', latencyMs: 300, phases: { firstByteMs: 250, completeMs: 290 } } as const;
    expect(attemptMeasurements(answered)).toEqual([
      { ...where, phase: 'firstByte', actualMs: 250 },
      { ...where, phase: 'complete', actualMs: 290 },
    ]);
  });

  it('a timeout by its latency, for first byte and complete alike (no byte came), so a hang breaches both', () => {
    const hung = { ...base, outcome: 'fault', code: 'TIMEOUT', latencyMs: 10_003, phases: {} } as const;
    const tracker = new BudgetTracker(() => budgets, () => undefined, () => 7);
    for (const m of attemptMeasurements(hung)) tracker.check(m);
    expect(tracker.list().map((b) => [b.phase, b.actualMs, b.excessMs])).toEqual([
      ['complete', 10_003, 8_003],
      ['firstByte', 10_003, 9_803],
    ]);
  });

  it('a fault after its headers (a 503) by the phases it had; a refusal in 1 ms breaches nothing', () => {
    const gateway = { ...base, outcome: 'fault', code: 'PROVIDER_ERROR', latencyMs: 2_500, phases: { firstByteMs: 2_400 } } as const;
    expect(attemptMeasurements(gateway)).toEqual([
      { ...where, phase: 'firstByte', actualMs: 2_400 },
      { ...where, phase: 'complete', actualMs: 2_500 },
    ]);
    const refused = { ...base, outcome: 'fault', code: 'PROVIDER_ERROR', latencyMs: 1, phases: {} } as const;
    const tracker = new BudgetTracker(() => budgets, () => undefined);
    for (const m of attemptMeasurements(refused)) tracker.check(m);
    expect(tracker.list()).toEqual([]);
  });

  it('a connect whether it succeeded or not', () => {
    expect(connectMeasurement({ chainId: 1, provider: 'primary', ms: 5_000, ok: false })).toEqual({
      operation: 'connect',
      phase: 'connection',
      actualMs: 5_000,
      chainId: 1,
      provider: 'primary',
    });
  });
});

describe('memory pressure', () => {
  it('classifies against the heap limit and trims caches on elevated, more on critical', () => {
    expect(pressureOf({ rssBytes: 0, heapUsedBytes: 69, heapLimitBytes: 100 })).toBe('normal');
    expect(pressureOf({ rssBytes: 0, heapUsedBytes: 70, heapLimitBytes: 100 })).toBe('elevated');
    expect(pressureOf({ rssBytes: 0, heapUsedBytes: 85, heapLimitBytes: 100 })).toBe('critical');
    let used = 50;
    const trims: number[] = [];
    const manager = new MemoryManager((keep) => (trims.push(keep), 0), () => ({ rssBytes: 1, heapUsedBytes: used, heapLimitBytes: 100 }), () => 0);
    expect(manager.check().pressure).toBe('normal');
    used = 75;
    expect(manager.check().pressure).toBe('elevated');
    manager.check(); // same level, within 30 s: no second trim
    used = 90;
    expect(manager.check()).toEqual({ rssBytes: 1, heapUsedBytes: 90, heapLimitBytes: 100, pressure: 'critical' });
    expect(manager.paused()).toBe(true);
    expect(trims).toEqual([0.5, 0.1]);
  });
});

import { describe, expect, it } from 'vitest';
import type { HealthCheckResult, HealthLevel } from '../../../src/shared/domain';
import { chainLevel, reasonOf, scopeLevel, worst } from '../../../src/main/health/aggregate';
import { CheckSchedule, runChecks, type CheckDefinition } from '../../../src/main/health/runner';

const check = (ok: boolean, critical = false, name = 'c'): HealthCheckResult => ({
  name,
  scope: 'provider',
  target: '1:p',
  critical,
  ok,
  message: ok ? 'fine' : 'broken',
  checkedAt: 0,
  durationMs: 0,
});

describe('the generic rule', () => {
  // [critical failing, non-critical failing, passing] → level
  const table: Array<[number, number, number, HealthLevel]> = [
    [0, 0, 5, 'HEALTHY'],
    [0, 1, 4, 'HEALTHY'], // 1 of 5 failing: not more than half
    [0, 2, 2, 'HEALTHY'], // exactly half
    [0, 3, 2, 'DEGRADED'], // more than half
    [0, 1, 0, 'DEGRADED'],
    [1, 0, 4, 'UNHEALTHY'],
    [1, 4, 0, 'UNHEALTHY'],
    [0, 0, 0, 'HEALTHY'],
  ];
  it.each(table)('%i critical + %i other failing, %i passing → %s', (crit, other, passing, level) => {
    const checks = [
      ...Array.from({ length: crit }, () => check(false, true)),
      ...Array.from({ length: other }, () => check(false)),
      ...Array.from({ length: passing }, () => check(true)),
    ];
    expect(scopeLevel(checks)).toBe(level);
  });
});

describe('the chain rule', () => {
  const table: Array<[string, boolean, boolean, HealthLevel[], HealthLevel]> = [
    ['all fine', true, true, ['HEALTHY', 'HEALTHY', 'HEALTHY'], 'HEALTHY'],
    ['primary down', true, true, ['UNHEALTHY', 'HEALTHY', 'HEALTHY'], 'DEGRADED'],
    ['two of three down', true, true, ['UNHEALTHY', 'UNHEALTHY', 'HEALTHY'], 'DEGRADED'],
    ['one of two degraded', true, true, ['DEGRADED', 'HEALTHY'], 'DEGRADED'],
    ['head stalled', true, false, ['HEALTHY', 'HEALTHY', 'HEALTHY'], 'DEGRADED'],
    ['no usable provider', false, true, ['UNHEALTHY', 'UNHEALTHY', 'UNHEALTHY'], 'UNHEALTHY'],
  ];
  it.each(table)('%s → %s', (_name, providersOk, headOk, levels, expected) => {
    const own = [
      { ...check(providersOk, true, 'chain.providers'), scope: 'chain' as const },
      { ...check(headOk, false, 'chain.head'), scope: 'chain' as const },
    ];
    expect(chainLevel(own, levels)).toBe(expected);
  });

  it('the app is the worst of its parts', () => {
    expect(worst(['HEALTHY', 'DEGRADED', 'HEALTHY'])).toBe('DEGRADED');
    expect(worst(['DEGRADED', 'UNHEALTHY'])).toBe('UNHEALTHY');
    expect(worst([])).toBe('HEALTHY');
  });

  it('names failing checks critical first', () => {
    expect(reasonOf([check(true), check(false, false, 'a'), check(false, true, 'b')])).toBe(
      '2 failing: b 1:p: broken; a 1:p: broken',
    );
    expect(reasonOf([check(true)])).toBeNull();
    // Non-critical only: warnings, not "failing" (they do not lower a level by themselves).
    expect(reasonOf([check(false, false, 'a'), check(false, false, 'b')])).toBe('2 warnings: a 1:p: broken; b 1:p: broken');
    expect(reasonOf([check(false, false, 'a')])).toBe('1 warning: a 1:p: broken');
  });
});

describe('running checks', () => {
  const def = (name: string, run: CheckDefinition['run'], timeoutMs?: number): CheckDefinition => ({
    name,
    scope: 'app',
    target: 't',
    critical: false,
    intervalMs: 1_000,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    run,
  });

  it('fails a hanging check at its timeout while the others complete', async () => {
    const started = performance.now();
    let aborted = false;
    const results = await runChecks([
      def('fast', () => ({ ok: true, message: 'fine' })),
      def(
        'hangs',
        (signal) =>
          new Promise(() => {
            signal.addEventListener('abort', () => (aborted = true));
          }),
        80,
      ),
      def('throws', () => {
        throw new Error('boom');
      }),
      def('slow', () => new Promise((resolve) => setTimeout(() => resolve({ ok: true, message: 'late but fine' }), 20))),
    ]);
    const elapsed = performance.now() - started;
    expect(results.map((r) => [r.name, r.ok, r.message])).toEqual([
      ['fast', true, 'fine'],
      ['hangs', false, 'timed out after 80 ms'],
      ['throws', false, 'check failed: boom'],
      ['slow', true, 'late but fine'],
    ]);
    expect(aborted).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(75);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('says "5 s" for the default timeout', async () => {
    const { formatDuration } = await import('../../../src/main/health/runner');
    expect(formatDuration(5_000)).toBe('5 s');
  });

  it('a schedule keeps the last result of a hanging check and does not wait for it', async () => {
    const schedule = new CheckSchedule();
    const checks = [def('fast', () => ({ ok: true, message: 'fine' })), def('hangs', () => new Promise(() => undefined), 50)];
    expect(schedule.round(checks)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(schedule.round(checks).map((r) => r.name)).toEqual(['fast']);
    await schedule.settled();
    expect(schedule.round(checks).map((r) => [r.name, r.message])).toEqual([
      ['fast', 'fine'],
      ['hangs', 'timed out after 50 ms'],
    ]);
    await schedule.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import type { FeatureMode, HealthLevel, PortfolioSnapshot } from '../../../src/shared/domain';
import { FeatureGate, OFFLINE_REASON } from '../../../src/main/health/feature-gate';

const modes = (gate: FeatureGate): Record<string, FeatureMode> => Object.fromEntries(gate.list().map((s) => [s.name, s.mode]));

describe('feature degradation', () => {
  it('steps down lowest priority first, at once', () => {
    const gate = new FeatureGate(0, 10_000);
    expect(modes(gate)).toEqual({ realtimePrices: 'normal', history: 'normal', analytics: 'normal', alerts: 'normal' });
    expect(gate.update({ level: 'DEGRADED', offline: false, now: 1 })).toBe(true);
    expect(modes(gate)).toEqual({ realtimePrices: 'normal', history: 'degraded', analytics: 'disabled', alerts: 'disabled' });
    expect(gate.list().find((s) => s.name === 'alerts')).toEqual({
      name: 'alerts',
      priority: 4,
      mode: 'disabled',
      reason: 'Paused to spare providers: provider health is DEGRADED',
      since: 1,
    });
    gate.update({ level: 'UNHEALTHY', offline: false, now: 2 });
    expect(modes(gate)).toEqual({ realtimePrices: 'degraded', history: 'degraded', analytics: 'disabled', alerts: 'disabled' });
    // alerts was already disabled: its `since` stays at its first step down.
    expect(gate.list().find((s) => s.name === 'alerts')?.since).toBe(1);
    gate.update({ level: 'UNHEALTHY', offline: true, now: 3 });
    expect(modes(gate)).toEqual({ realtimePrices: 'disabled', history: 'disabled', analytics: 'disabled', alerts: 'disabled' });
    expect(gate.list().every((s) => s.reason === OFFLINE_REASON)).toBe(true);
  });

  it('comes back only after the better level held for the hysteresis, to the worst level seen meanwhile', () => {
    const gate = new FeatureGate(0, 10_000);
    gate.update({ level: 'UNHEALTHY', offline: false, now: 0 });
    const feed = (level: HealthLevel, now: number) => gate.update({ level, offline: false, now });
    feed('HEALTHY', 1_000);
    feed('HEALTHY', 5_000);
    expect(gate.mode('realtimePrices')).toBe('degraded');
    feed('DEGRADED', 8_000); // a blip within the hold
    feed('HEALTHY', 11_000); // held since 1 000: comes back, but only as far as DEGRADED
    expect(modes(gate)).toEqual({ realtimePrices: 'normal', history: 'degraded', analytics: 'disabled', alerts: 'disabled' });
    feed('HEALTHY', 20_000);
    expect(gate.mode('alerts')).toBe('disabled');
    feed('HEALTHY', 21_000);
    expect(modes(gate)).toEqual({ realtimePrices: 'normal', history: 'normal', analytics: 'normal', alerts: 'normal' });
  });

  it('a worse level interrupts recovery and restarts the hold', () => {
    const gate = new FeatureGate(0, 10_000);
    gate.update({ level: 'DEGRADED', offline: false, now: 0 });
    gate.update({ level: 'HEALTHY', offline: false, now: 1_000 });
    gate.update({ level: 'DEGRADED', offline: false, now: 9_000 });
    gate.update({ level: 'HEALTHY', offline: false, now: 10_000 });
    gate.update({ level: 'HEALTHY', offline: false, now: 19_000 });
    expect(gate.mode('alerts')).toBe('disabled');
    gate.update({ level: 'HEALTHY', offline: false, now: 20_000 });
    expect(gate.mode('alerts')).toBe('normal');
  });

  it('shows prices from cache as degraded with their age, whatever health says, and tells listeners', () => {
    const gate = new FeatureGate(0, 10_000);
    const heard: string[] = [];
    const stop = gate.onChange((states) => heard.push(states[0]!.mode));
    const snapshot = { asOf: [{ chainId: 1, blockNumber: 1n, fetchedAt: Date.UTC(2026, 0, 1), stale: true }] } as PortfolioSnapshot;
    gate.update({ level: 'HEALTHY', offline: false, snapshot, now: 5 });
    expect(gate.list()[0]).toMatchObject({ mode: 'degraded', reason: 'Showing cached prices read at 2026-01-01T00:00:00.000Z: the last read failed' });
    expect(gate.update({ level: 'HEALTHY', offline: false, snapshot: { ...snapshot, asOf: [] }, now: 6 })).toBe(true);
    expect(gate.mode('realtimePrices')).toBe('normal');
    expect(heard).toEqual(['degraded', 'normal']);
    stop();
  });
});

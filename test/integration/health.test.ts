/**
 * Health and feature degradation end to end: createSteadfast on the embedded demo, driven through the in-memory
 * bridge, with real faults injected in the demo's proxies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSteadfast } from '../../src/main/app';
import type { SteadfastApp } from '../../src/main/app-types';
import { createMemoryBridge } from '../../src/main/ipc/memory-bridge';
import { openConfBackend } from '../../src/main/settings/conf-backend';
import { createClient, type SteadfastClient } from '../../src/shared/bridge';
import type { FeatureMode, HealthReport } from '../../src/shared/domain';

let dir: string;
let app: SteadfastApp;
let client: SteadfastClient;
let close: () => void;
const pushed: { features: number; health: number } = { features: 0, health: 0 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-health-'));
  app = await createSteadfast({ mode: 'headless', version: '0.0.0', settings: openConfBackend(dir), dataDir: dir });
  const bridge = createMemoryBridge(app.router, app.events);
  close = bridge.close;
  client = createClient(bridge);
  client.on('features.updated', () => pushed.features++);
  client.on('health.updated', () => pushed.health++);
});

afterAll(async () => {
  close?.();
  await app?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const health = () => client.invoke('health.get', {});
const modes = async (): Promise<Record<string, FeatureMode>> =>
  Object.fromEntries((await client.invoke('features.list', {})).map((f) => [f.name, f.mode]));
const checkOf = (report: HealthReport, name: string, target: string) =>
  report.chains.flatMap((c) => c.checks).find((c) => c.name === name && c.target === target);
const allRefuse = (kind: 'refuse' | 'none') =>
  Promise.all(['primary', 'secondary', 'public'].map((provider) => client.invoke('demo.setFault', { provider, fault: { kind } })));

describe('health on the embedded chain', () => {
  it('starts HEALTHY with every provider reachable and every feature normal', async () => {
    const report = await until(health, (r) => r.level === 'HEALTHY' && checkOf(r, 'provider.reachability', '31337:public')?.ok === true);
    expect(report.level).toBe('HEALTHY');
    expect(report.chains.map((c) => c.level)).toEqual(report.chains.map(() => 'HEALTHY'));
    const local = report.chains.find((c) => c.chainId === 31337)!;
    expect(local.checks.filter((c) => c.scope === 'chain').map((c) => [c.name, c.critical, c.ok])).toEqual([
      ['chain.providers', true, true],
      ['chain.head', false, true],
    ]);
    expect(checkOf(report, 'chain.providers', '31337')?.message).toBe('3 of 3 providers usable');
    expect(report.checks.map((c) => c.name)).toContain('app.memory');
    expect(await modes()).toEqual({ realtimePrices: 'normal', history: 'normal', analytics: 'normal', alerts: 'normal' });
  });

  it('primary refusing fails its checks and makes its chain and the app DEGRADED; the lowest features step down', async () => {
    await client.invoke('demo.setFault', { provider: 'primary', fault: { kind: 'refuse' } });
    const report = await until(health, (r) => checkOf(r, 'provider.reachability', '31337:primary')?.ok === false, 20_000);
    const reach = checkOf(report, 'provider.reachability', '31337:primary');
    expect(reach).toMatchObject({ ok: false, critical: true });
    // Each provider's own verdict rides in the report (the operator's card shows it even for a provider with no traffic).
    expect(report.chains.find((c) => c.chainId === 31337)?.providers).toEqual([
      { id: '31337:primary', level: 'UNHEALTHY' },
      { id: '31337:secondary', level: 'HEALTHY' },
      { id: '31337:public', level: 'HEALTHY' },
    ]);
    // Still answering through the other two, with less in reserve than configured.
    expect(report.chains.find((c) => c.chainId === 31337)?.level).toBe('DEGRADED');
    expect(checkOf(report, 'chain.providers', '31337')?.message).toBe('2 of 3 providers usable');
    expect(report.level).toBe('DEGRADED');
    expect(report.reason).toContain('provider.reachability 31337:primary');
    expect(await modes()).toEqual({ realtimePrices: 'normal', history: 'degraded', analytics: 'disabled', alerts: 'disabled' });
    // Back to HEALTHY once it answers again; features follow after the gate's hold.
    await client.invoke('demo.setFault', { provider: 'primary', fault: { kind: 'none' } });
    const up = await until(health, (r) => r.level === 'HEALTHY', 30_000);
    expect(up.chains.find((c) => c.chainId === 31337)?.providers.every((p) => p.level === 'HEALTHY')).toBe(true);
    for (const until = Date.now() + 20_000; Date.now() < until && (await modes()).alerts !== 'normal'; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await modes()).toEqual({ realtimePrices: 'normal', history: 'normal', analytics: 'normal', alerts: 'normal' });
  });

  it('every provider failing makes the app UNHEALTHY and steps features down; recovery brings them back after the hold', async () => {
    await allRefuse('refuse');
    const down = await until(health, (r) => r.level === 'UNHEALTHY', 30_000);
    expect(down.level).toBe('UNHEALTHY');
    expect(down.chains.find((c) => c.chainId === 31337)?.level).toBe('UNHEALTHY');
    expect(checkOf(down, 'chain.providers', '31337')).toMatchObject({ ok: false, message: 'no usable provider (3 configured)' });
    // The portfolio still shows its last (cached) reading, so this is UNHEALTHY, not offline.
    expect(await modes()).toEqual({ realtimePrices: 'degraded', history: 'degraded', analytics: 'disabled', alerts: 'disabled' });
    const snapshot = await client.invoke('operator.snapshot', {});
    expect(snapshot.health.level).toBe('UNHEALTHY');
    // Paused analytics records nothing new but still shows what it had (its view says it is paused, and why).
    const recorded = await client.invoke('analytics.get', { range: 'all' });
    await client.invoke('portfolio.refresh', {});
    const paused = await client.invoke('analytics.get', { range: 'all' });
    expect(paused.series).toEqual(recorded.series);
    expect(paused.series.length).toBeGreaterThan(0);

    await allRefuse('none');
    const up = await until(health, (r) => r.level === 'HEALTHY', 60_000);
    expect(up.level).toBe('HEALTHY');
    // Hysteresis: HEALTHY has not held for 10 s yet, so the low-priority features are still down.
    expect((await modes()).alerts).toBe('disabled');
    const back = await until(modes, (m) => Object.values(m).every((mode) => mode === 'normal'), 15_000);
    expect(back).toEqual({ realtimePrices: 'normal', history: 'normal', analytics: 'normal', alerts: 'normal' });
    expect((await client.invoke('analytics.get', { range: '7d' })).byAsset.length).toBeGreaterThan(0);
    expect(pushed.features).toBeGreaterThanOrEqual(2);
    expect(pushed.health).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('after a full outage every breaker closes (without user traffic to the backups) and app and features return to normal', async () => {
    await allRefuse('refuse');
    await until(health, (r) => r.level === 'UNHEALTHY', 30_000);
    // Hold the outage long enough for the health monitor's head polls to fail against half-open breakers too.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await allRefuse('none');
    const local = async () => (await client.invoke('providers.list', {})).filter((s) => s.chainId === 31337);
    // The backups get no user traffic while the primary is healthy: only the health monitor's probes can close them.
    // Generous deadline: the grown cool-down (up to halfOpenMaxMs) has to run out first.
    const closed = await until(local, (ps) => ps.every((p) => p.breaker === 'closed'), 90_000);
    expect(closed.map((p) => [p.name, p.breaker])).toEqual(closed.map((p) => [p.name, 'closed']));
    const up = await until(health, (r) => r.level === 'HEALTHY' && r.chains.every((c) => c.level === 'HEALTHY'), 30_000);
    expect(up.chains.map((c) => c.level)).toEqual(up.chains.map(() => 'HEALTHY'));
    const back = await until(modes, (m) => Object.values(m).every((mode) => mode === 'normal'), 30_000);
    expect(back).toEqual({ realtimePrices: 'normal', history: 'normal', analytics: 'normal', alerts: 'normal' });
  }, 180_000);

  it('operator switch and probe act on one provider by id', async () => {
    const statuses = await client.invoke('providers.setEnabled', { providerId: '31337:secondary', enabled: false });
    expect(statuses.find((s) => s.id === '31337:secondary')?.breaker).toBe('isolated');
    const report = await until(health, (r) => checkOf(r, 'provider.breaker', '31337:secondary')?.ok === false, 5_000);
    expect(checkOf(report, 'provider.breaker', '31337:secondary')?.message).toBe('isolated by an operator');
    // Still probed (its head keeps moving on the card), and the check says both facts.
    const probed = await until(health, (r) => checkOf(r, 'provider.reachability', '31337:secondary')?.message.startsWith('isolated') === true, 10_000);
    expect(checkOf(probed, 'provider.reachability', '31337:secondary')?.message).toMatch(/^isolated by an operator, no traffic; health probe answered in \d+ ms/);
    const again = await client.invoke('providers.setEnabled', { providerId: '31337:secondary', enabled: true });
    expect(again.find((s) => s.id === '31337:secondary')?.breaker).toBe('closed');
    await expect(client.invoke('providers.setEnabled', { providerId: '31337:nope', enabled: true })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });

    const probe = await client.invoke('providers.probe', { providerId: '31337:public' });
    expect(probe).toMatchObject({ providerId: '31337:public', ok: true, chainId: 31337, error: null });
    expect(typeof probe.head).toBe('bigint');
    await client.invoke('demo.setFault', { provider: 'public', fault: { kind: 'refuse' } });
    const failed = await client.invoke('providers.probe', { providerId: '31337:public' });
    expect(failed).toMatchObject({ ok: false, head: null, chainId: null, error: { code: 'PROVIDER_ERROR', provider: 'public' } });
    await client.invoke('demo.setFault', { provider: 'public', fault: { kind: 'none' } });
  });

  it('records a render breach and shows it in the operator snapshot', async () => {
    await client.invoke('budgets.reportRender', { view: 'overview', ms: 180 });
    const snapshot = await client.invoke('operator.snapshot', {});
    expect(snapshot.budgets).toEqual({ connectionMs: 500, firstByteMs: 200, completeMs: 2_000, renderMs: 100 });
    expect(snapshot.breaches.find((b) => b.phase === 'render')).toMatchObject({
      operation: 'render:overview',
      budgetMs: 100,
      actualMs: 180,
      excessMs: 80,
      chainId: null,
    });
    expect(snapshot.lanes.map((l) => Object.keys(l.lanes))).toEqual(snapshot.lanes.map(() => ['critical', 'standard', 'background']));
    expect(snapshot.caches[0]?.tier).toBe('last-known-good');
    expect(snapshot.caches[0]!.entries).toBeGreaterThan(0);
    expect(snapshot.memory.heapLimitBytes).toBeGreaterThan(snapshot.memory.heapUsedBytes);
  });
});

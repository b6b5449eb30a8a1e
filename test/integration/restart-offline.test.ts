/**
 * Opening the app while every provider is down: the last figures read in the previous run are shown, stale, with
 * their age, instead of "nothing is cached". The chain here is the demo's anvil configured as a user's chain (the
 * embedded chains themselves keep no durable cache: anvil is seeded afresh at every start).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSteadfast } from '../../src/main/app';
import type { SteadfastApp } from '../../src/main/app-types';
import { startDemo, type Demo } from '../../src/main/demo/index';
import { createMemoryBridge } from '../../src/main/ipc/memory-bridge';
import { openConfBackend } from '../../src/main/settings/conf-backend';
import { createClient } from '../../src/shared/bridge';
import type { PortfolioSnapshot } from '../../src/shared/domain';

let demo: Demo;
let dir: string;
let app: SteadfastApp | undefined;

beforeAll(async () => {
  demo = await startDemo();
  dir = mkdtempSync(join(tmpdir(), 'steadfast-restart-'));
  const [chain] = demo.chains;
  const config = chain!.config;
  openConfBackend(dir).store = {
    version: 2,
    demoChain: false,
    chains: [
      {
        chainId: config.chainId,
        name: 'My chain',
        enabled: true,
        nativeSymbol: config.nativeSymbol,
        nativeDecimals: config.nativeDecimals,
        ...(config.nativePriceFeed ? { nativePriceFeed: config.nativePriceFeed } : {}),
        multicall3: config.multicall3,
        tokens: config.tokens,
        providers: config.providers.map((p) => ({ name: p.name, url: p.url, rank: p.rank, weight: p.weight })),
      },
    ],
    addresses: demo.watched.map((w) => ({ address: w.address, label: w.label })),
  };
}, 60_000);

afterAll(async () => {
  await app?.dispose();
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<SteadfastApp> {
  app = await createSteadfast({ mode: 'headless', version: '0.0.0', settings: openConfBackend(dir), dataDir: dir });
  return app;
}

/** The snapshot at the end of a refresh, through the bridge as the renderer asks for it. */
async function settled(running: SteadfastApp): Promise<PortfolioSnapshot> {
  const bridge = createMemoryBridge(running.router, running.events);
  try {
    return await createClient(bridge).invoke('portfolio.refresh', {});
  } finally {
    bridge.close();
  }
}

describe('the app opened while every provider is down', () => {
  it('shows the last figures of the previous run, stale, with their age, not "offline, nothing cached"', async () => {
    const first = await settled(await open());
    expect(first.status).toBe('ready');
    expect(first.totalUsd).toBeGreaterThan(0n);
    const readAt = first.asOf[0]!.fetchedAt;
    await app!.dispose();
    app = undefined;

    for (const provider of ['primary', 'secondary', 'public'] as const) demo.setFault(provider, { kind: 'refuse' });
    const again = await settled(await open());
    expect(again.status).toBe('offline');
    const [asOf] = again.asOf;
    expect(again.asOf).toHaveLength(1);
    expect(asOf).toMatchObject({ chainId: first.asOf[0]!.chainId, blockNumber: first.asOf[0]!.blockNumber, stale: true });
    // As old as the oldest cached answer it is built from: received during the first run's refresh, not now.
    expect(asOf!.fetchedAt).toBeLessThanOrEqual(readAt);
    expect(asOf!.fetchedAt).toBeGreaterThan(readAt - 10_000);
    expect(again.totalUsd).toBe(first.totalUsd);
    expect(again.addresses.map((a) => a.totalUsd)).toEqual(first.addresses.map((a) => a.totalUsd));
    expect(again.addresses.flatMap((a) => a.holdings).every((h) => h.freshness.stale)).toBe(true);
  }, 60_000);
});

/**
 * The analytics backfill on the embedded demo, at its edges: it waits while analytics is stepped down, and a read
 * that fails because the providers are down is not recorded as the chain's final outcome.
 */
import type { Address } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/main/demo/index';
import { createEngine, type ManagedEngine } from '../../src/main/engine';
import { backfill } from '../../src/main/portfolio/analytics/backfill';
import { SnapshotStore } from '../../src/main/portfolio/analytics/snapshot-store';
import { openDatabase, type Database } from '../../src/main/storage/database';

let demo: Demo;
let engine: ManagedEngine | undefined;
let db: Database | undefined;

beforeAll(async () => {
  demo = await startDemo();
});
afterEach(async () => {
  await engine?.dispose();
  db?.close();
  engine = db = undefined;
  for (const provider of ['primary', 'secondary', 'public'] as const) demo.setFault(provider, { kind: 'none' });
});
afterAll(async () => {
  await demo?.stop();
});

function setUp(): { store: SnapshotStore; chainId: number; holders: Address[] } {
  const [chain] = demo.chains;
  engine = createEngine([chain!.config], { health: { enabled: false }, timeouts: { requestMs: 1_000 } });
  db = openDatabase(':memory:');
  return { store: new SnapshotStore(db), chainId: chain!.config.chainId, holders: demo.watched.map((w) => w.address as Address) };
}

describe('analytics backfill', () => {
  it('reads nothing while paused, and the whole grid once analytics is back', async () => {
    const { store, chainId, holders } = setUp();
    let paused = true;
    let requests = 0;
    const chains = engine!.chains();
    const running = backfill({ store, chains, holders, now: Date.now(), signal: new AbortController().signal, paused: () => paused });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    requests = engine!.status().reduce((sum, p) => sum + p.requests, 0);
    expect(requests).toBe(0);
    expect(store.oldestAt()).toBeNull();
    paused = false;
    await running;
    expect(store.backfillDone(chainId)).toBe(true);
    expect(store.oldestAt()).not.toBeNull();
  });

  it('a read that fails because every provider is down is tried again at the next start, not marked done', async () => {
    const { store, chainId, holders } = setUp();
    for (const provider of ['primary', 'secondary', 'public'] as const) demo.setFault(provider, { kind: 'refuse' });
    await backfill({ store, chains: engine!.chains(), holders, now: Date.now(), signal: new AbortController().signal });
    expect(store.backfillDone(chainId)).toBe(false);
  });
});

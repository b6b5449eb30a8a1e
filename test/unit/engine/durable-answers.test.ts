/**
 * The durable last-known-good tier over a real SQLite file: an engine's good answers outlive it, and a new engine
 * (the app restarted) with every provider down serves them with their original age; only the reads a portfolio
 * needs are written, and each chain's table stays bounded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import { openDatabase, type Database } from '../../../src/main/storage/database';
import { durableAnswers } from '../../../src/main/storage/durable-answers';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
import { json, refusedUrl, startRpcServer, type RpcServer } from './rpc-server';

const HOLDER = '0x' + '11'.repeat(20);
let dir: string;
let db: Database | undefined;
let engine: ManagedEngine | undefined;
let server: RpcServer | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-durable-'));
});
afterEach(() => {
  db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});
cleanUpAndCheckLeaks(
  async () => {
    await engine?.dispose();
    engine = undefined;
  },
  async () => {
    await server?.close();
    server = undefined;
  },
);

function engineOver(url: string): ManagedEngine {
  db ??= openDatabase(dir);
  engine = createEngine([chainOf([{ name: 'primary', url }])], { ...FAST, retry: { maxRetries: 0 } }, undefined, durableAnswers(db));
  return engine;
}

describe('durable last-known-good answers', () => {
  it('survive the engine and the database being reopened: served with their age when every provider is down', async () => {
    server = await startRpcServer((call, res) => {
      const results: Record<string, unknown> = { eth_blockNumber: '0x10', eth_getBalance: '0x64', eth_getLogs: [] };
      json(res, 200, { jsonrpc: '2.0', id: call.id, result: results[call.method] ?? null });
    });
    const first = engineOver(server.url).chain(CHAIN_ID);
    const before = Date.now();
    await first.request('eth_blockNumber', []);
    await first.request('eth_getBalance', [HOLDER, '0x10']);
    await first.request('eth_getLogs', [{ fromBlock: '0x0', toBlock: '0x10' }]);
    // Three in memory, two on disk (logs stay in memory).
    expect(engine!.resources()[0]!.lastKnownGood).toEqual({ entries: 3, maxEntries: 5_000, durableEntries: 2 });
    await engine!.dispose();
    db!.close();
    db = undefined;

    // The app restarted, with its only provider refusing connections.
    const restartedAt = Date.now() + 1;
    const chain = engineOver(await refusedUrl()).chain(CHAIN_ID);
    const head = await chain.request('eth_blockNumber', []);
    expect(head).toMatchObject({ result: '0x10', provider: 'primary', latencyMs: 0 });
    expect(head.cachedAt).toBeGreaterThanOrEqual(before);
    const balance = await chain.request('eth_getBalance', [HOLDER, '0x10']);
    expect(balance).toMatchObject({ result: '0x64', provider: 'primary' });
    expect(balance.cachedAt).toBeGreaterThanOrEqual(head.cachedAt!);
    expect(balance.cachedAt).toBeLessThan(restartedAt);
    // Logs are not kept on disk: nothing to serve for them after a restart.
    expect((await rejection(chain.request('eth_getLogs', [{ fromBlock: '0x0', toBlock: '0x10' }]))).code).toBe('OFFLINE');
  });

  it('keeps at most the newest entries per chain', async () => {
    db = openDatabase(dir);
    const tier = durableAnswers(db, 10)(CHAIN_ID);
    for (let i = 0; i < 200; i++) tier.set(`eth_call:${i}`, { result: `0x${i.toString(16)}`, provider: 'primary', receivedAt: i });
    const count = db.sqlite.prepare('SELECT COUNT(*) AS n FROM rpc_answers WHERE chain_id = ?').get(CHAIN_ID) as { n: number };
    expect(count.n).toBe(10);
    expect(tier.get('eth_call:199')).toEqual({ result: '0xc7', provider: 'primary', receivedAt: 199 });
    expect(tier.get('eth_call:150')).toBeUndefined();
    // Another chain's entries are its own.
    expect(durableAnswers(db, 10)(CHAIN_ID + 1).get('eth_call:199')).toBeUndefined();
  });
});

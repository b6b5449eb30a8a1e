/**
 * Token discovery over a long chain: forward in fixed windows, the cursor saved after each, a bounded number of
 * windows per run, so a chain millions of blocks long is scanned over several runs instead of never.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import type { Runtime } from '../../../src/main/app-context';
import { EventBus } from '../../../src/main/ipc/events';
import { TokenService } from '../../../src/main/portfolio/tokens/token-service';
import { TokenStore } from '../../../src/main/portfolio/tokens/token-store';
import { openDatabase, type Database } from '../../../src/main/storage/database';
import { CHAIN_ID, chainOf, FAST } from '../engine/fixtures';
import { json, startRpcServer, type RpcServer } from '../engine/rpc-server';

const HOLDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const HEAD = 250_000;

let engine: ManagedEngine | undefined;
let server: RpcServer | undefined;
let db: Database | undefined;
afterEach(async () => {
  await engine?.dispose();
  await server?.close();
  db?.close();
  engine = server = db = undefined;
});

describe('token discovery windows', () => {
  it('scans 0..head in windows, two per run here, resuming where the last run stopped', async () => {
    server = await startRpcServer((call, res) => {
      const result = call.method === 'eth_blockNumber' ? `0x${HEAD.toString(16)}` : [];
      json(res, 200, { jsonrpc: '2.0', id: call.id, result });
    });
    engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], FAST);
    db = openDatabase(':memory:');
    const store = new TokenStore(db);
    // Only what discovery reads of a runtime: the engine and its chains (nothing is found, so no portfolio refresh).
    const runtime = { engine, chains: [engine.chain(CHAIN_ID).config] } as unknown as Runtime;
    const tokens = new TokenService({
      store,
      events: new EventBus(),
      runtime: () => runtime,
      watched: () => [{ address: HOLDER, label: 'Holder' }],
      window: { blocks: 100_000n, perRun: 2 },
    });
    const ranges = (): string[] =>
      server!.calls
        .filter((c) => c.method === 'eth_getLogs')
        .map((c) => {
          const filter = c.params[0] as { fromBlock: string; toBlock: string };
          return `${Number(filter.fromBlock)}-${Number(filter.toBlock)}`;
        });

    await tokens.discover();
    expect(ranges()).toEqual(['0-99999', '100000-199999']);
    expect(store.lastScanned(CHAIN_ID, HOLDER)).toBe(199_999n);
    await tokens.discover();
    expect(ranges()).toEqual(['0-99999', '100000-199999', '200000-250000']);
    expect(store.lastScanned(CHAIN_ID, HOLDER)).toBe(250_000n);
    // Caught up: a run with no new block asks for no logs.
    await tokens.discover();
    expect(ranges()).toHaveLength(3);
  });
});

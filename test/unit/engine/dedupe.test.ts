/** De-duplication: identical reads in flight share one upstream call; writes never do. */
import { describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import type { ChainEngineImpl } from '../../../src/main/engine/chain-engine';
import { canonicalJson, isDedupable } from '../../../src/main/engine/dedupe';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
import { eventually, held } from './request-path-helpers';
import { behaviours as b, startRpcServer, type Behaviour, type RpcServer } from './rpc-server';

let engine: ManagedEngine | undefined;
let server: RpcServer | undefined;

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

async function chainOver(behaviour: Behaviour): Promise<ChainEngineImpl> {
  server = await startRpcServer(behaviour);
  engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], {
    ...FAST,
    timeouts: { connectionMs: 1_000, requestMs: 5_000 },
  });
  return engine.chain(CHAIN_ID) as ChainEngineImpl;
}

const BLOCK = { number: '0x10', hash: '0xab', transactions: ['0x01'] };

describe('dedupe', () => {
  it('ten identical calls share one upstream request; each caller gets its own copy', async () => {
    const chain = await chainOver(b.delay(100, b.result(BLOCK)));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => chain.request('eth_getBlockByNumber', ['0x10', false])),
    );
    expect(server!.requests).toBe(1);
    for (const a of answers) expect(a).toMatchObject({ result: BLOCK, provider: 'primary' });
    (answers[0]!.result as typeof BLOCK).transactions.push('0xmutated');
    expect(answers[1]!.result).toEqual(BLOCK);
    expect(new Set(answers.map((a) => a.result)).size).toBe(10);
    expect(chain.inFlight()).toBe(0);
  });

  it('an upstream error reaches every waiter, and the entry is gone afterwards', async () => {
    const chain = await chainOver(b.delay(50, b.rpcError(3, 'execution reverted', '0x08c379a0')));
    const errors = await Promise.all(
      Array.from({ length: 10 }, () => rejection(chain.request('eth_call', [{ to: '0x01', data: '0x' }, 'latest']))),
    );
    expect(server!.requests).toBe(1);
    for (const e of errors) expect(e).toMatchObject({ code: 'RPC_ERROR', details: { rpcCode: 3, data: '0x08c379a0' } });
    // Each waiter its own copy, down to the details: one caller changing its error cannot change another's.
    expect(new Set(errors).size).toBe(10);
    expect(new Set(errors.map((e) => e.details)).size).toBe(10);
    expect(chain.inFlight()).toBe(0);
    // Settled means removed: the next identical call goes upstream again (coalescing, not caching).
    await rejection(chain.request('eth_call', [{ to: '0x01', data: '0x' }, 'latest']));
    expect(server!.requests).toBe(2);
  });

  it('one waiter aborting gets CANCELLED at once; the others still get the answer', async () => {
    const h = held();
    const chain = await chainOver(h.behaviour);
    const quitter = new AbortController();
    const stay1 = chain.request('eth_blockNumber', []);
    const leaves = chain.request('eth_blockNumber', [], { signal: quitter.signal });
    const stay2 = chain.request('eth_blockNumber', []);
    await h.until(1);
    quitter.abort();
    expect((await rejection(leaves)).code).toBe('CANCELLED');
    expect(chain.inFlight()).toBe(1);
    h.release('0x99');
    expect((await stay1).result).toBe('0x99');
    expect((await stay2).result).toBe('0x99');
    expect(server!.requests).toBe(1);
  });

  it('the shared call is aborted (socket closed) only when every waiter has given up', async () => {
    const chain = await chainOver(b.hang());
    const a = new AbortController();
    const c = new AbortController();
    const closed = server!.nextSocketClose();
    const first = chain.request('eth_blockNumber', [], { signal: a.signal });
    const second = chain.request('eth_blockNumber', [], { signal: c.signal });
    await eventually(() => server!.requests === 1, 'the shared request reached the server');
    a.abort();
    expect((await rejection(first)).code).toBe('CANCELLED');
    expect(chain.inFlight()).toBe(1);
    c.abort();
    expect((await rejection(second)).code).toBe('CANCELLED');
    expect(chain.inFlight()).toBe(0);
    await closed;
    expect(chain.status()[0]).toMatchObject({ failures: 0, lastError: null });
  });

  it('writes and unknown methods are never merged', async () => {
    const chain = await chainOver(b.delay(30, b.result('0xhash')));
    await Promise.all([
      chain.request('eth_sendRawTransaction', ['0xf86c']),
      chain.request('eth_sendRawTransaction', ['0xf86c']),
    ]);
    expect(server!.requests).toBe(2);
    expect(isDedupable('eth_sendTransaction')).toBe(false);
    expect(isDedupable('eth_getFilterChanges')).toBe(false);
    expect(isDedupable('eth_call')).toBe(true);
  });

  it('params are compared as canonical JSON (object key order does not matter)', async () => {
    const chain = await chainOver(b.delay(30, b.result('0x01')));
    await Promise.all([
      chain.request('eth_call', [{ to: '0x01', data: '0x02' }, 'latest']),
      chain.request('eth_call', [{ data: '0x02', to: '0x01' }, 'latest']),
      chain.request('eth_call', [{ data: '0x03', to: '0x01' }, 'latest']),
    ]);
    expect(server!.requests).toBe(2);
    expect(canonicalJson([{ b: 1, a: [{ d: 2, c: 3 }] }])).toBe('[{"a":[{"c":3,"d":2}],"b":1}]');
  });

  it('a critical caller never joins a background call; a background caller may join a critical one', async () => {
    const h = held();
    const chain = await chainOver(h.behaviour);
    const bg = chain.request('eth_blockNumber', [], { priority: 'background' });
    const critical = chain.request('eth_blockNumber', [], { priority: 'critical' });
    const bgJoins = chain.request('eth_blockNumber', [], { priority: 'background' });
    await h.until(2);
    expect(chain.inFlight()).toBe(2);
    h.release('0x1');
    h.release('0x2');
    const results = [(await bg).result, (await critical).result, (await bgJoins).result];
    expect(server!.requests).toBe(2);
    // The second background caller shared the critical call (whichever answer that was), not the background one.
    expect(results[2]).toBe(results[1]);
  });
});

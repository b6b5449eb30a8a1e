/** Bulkhead lanes: BUSY at once when full, queue places freed on abort, background never delays critical work. */
import { describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import { Lane } from '../../../src/main/engine/bulkhead';
import type { ChainEngineImpl } from '../../../src/main/engine/chain-engine';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
import { held, track } from './request-path-helpers';
import { behaviours as b, startRpcServer, type RpcServer } from './rpc-server';

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

/** A gate the test opens: the lane's work item that runs until the test says so. */
function gate(): { wait: () => Promise<string>; open: (value: string) => void } {
  let open: (value: string) => void = () => undefined;
  const promise = new Promise<string>((resolve) => (open = resolve));
  return { wait: () => promise, open };
}

describe('Lane', () => {
  it('a full lane and queue answers BUSY at once, with the lane, active and queued counts', async () => {
    const lane = new Lane('critical', { concurrency: 1, queue: 1, queueTimeoutMs: 10_000 });
    const g = gate();
    const first = lane.run(new AbortController().signal, g.wait);
    const second = track(lane.run(new AbortController().signal, async () => 'second'));
    const error = await rejection(lane.run(new AbortController().signal, async () => 'third'));
    expect(error.toData()).toEqual({
      code: 'BUSY',
      message: 'the critical lane is busy (1 in flight and 1 queued, the most it takes)',
      retryable: true,
      details: { lane: 'critical', active: 1, queued: 1, reason: 'full' },
    });
    expect(lane.stats()).toEqual({ active: 1, queued: 1, rejected: 1 });
    g.open('first');
    expect(await first).toBe('first');
    expect(await second.promise).toBe('second');
    expect(lane.stats()).toEqual({ active: 0, queued: 0, rejected: 1 });
  });

  it('an aborted queued caller leaves the queue at once and the next caller takes its place', async () => {
    const lane = new Lane('standard', { concurrency: 1, queue: 1, queueTimeoutMs: 10_000 });
    const g = gate();
    const first = lane.run(new AbortController().signal, g.wait);
    const quitter = new AbortController();
    const queued = lane.run(quitter.signal, async () => 'never');
    quitter.abort();
    expect((await rejection(queued)).code).toBe('CANCELLED');
    expect(lane.stats()).toMatchObject({ active: 1, queued: 0 });
    // The freed place takes a new caller (not BUSY), and that caller is the one admitted when the slot frees.
    const ran: string[] = [];
    const next = lane.run(new AbortController().signal, async () => void ran.push('next'));
    expect(lane.stats()).toMatchObject({ queued: 1, rejected: 0 });
    g.open('first');
    await first;
    await next;
    expect(ran).toEqual(['next']);
  });

  it('a caller that waits longer than queueTimeoutMs gets BUSY', async () => {
    const lane = new Lane('background', { concurrency: 1, queue: 5, queueTimeoutMs: 30 });
    const g = gate();
    const first = lane.run(new AbortController().signal, g.wait);
    const error = await rejection(lane.run(new AbortController().signal, async () => 'late'));
    expect(error).toMatchObject({ code: 'BUSY', details: { lane: 'background', active: 1, queued: 0, reason: 'queue-timeout' } });
    expect(lane.stats()).toEqual({ active: 1, queued: 0, rejected: 1 });
    g.open('first');
    await first;
  });

  it('an active caller that aborts frees its slot at once, and slots go to waiters in arrival order', async () => {
    const lane = new Lane('standard', { concurrency: 1, queue: 5, queueTimeoutMs: 10_000 });
    const quitter = new AbortController();
    const g = gate();
    const first = lane.run(quitter.signal, g.wait);
    const order: string[] = [];
    const a = lane.run(new AbortController().signal, async () => void order.push('a'));
    const c = lane.run(new AbortController().signal, async () => void order.push('c'));
    // Let the first caller's work start (admission resolves on a microtask), then give up.
    await new Promise((resolve) => setImmediate(resolve));
    quitter.abort();
    await Promise.all([a, c]);
    expect(order).toEqual(['a', 'c']);
    g.open('ignored');
    expect(await first).toBe('ignored');
    expect(lane.stats()).toEqual({ active: 0, queued: 0, rejected: 0 });
  });
});

describe('bulkhead lanes in the engine', () => {
  it('background saturated with slow requests does not delay a critical one', async () => {
    // Background getLogs calls are held by the server; eth_blockNumber is answered at once.
    const h = held((call) => call.method === 'eth_getLogs', b.result('0x2a'));
    server = await startRpcServer(h.behaviour);
    engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], {
      ...FAST,
      timeouts: { connectionMs: 1_000, requestMs: 10_000 },
      bulkheads: { background: { concurrency: 2, queue: 10, queueTimeoutMs: 10_000 } },
    });
    const chain = engine.chain(CHAIN_ID) as ChainEngineImpl;
    const background = [1, 2, 3, 4].map((n) =>
      track(chain.request('eth_getLogs', [{ fromBlock: `0x${n}` }], { priority: 'background' })),
    );
    await h.until(2);
    expect(chain.lanes().background).toEqual({ active: 2, queued: 2, rejected: 0 });

    const critical = await chain.request('eth_blockNumber', [], { priority: 'critical' });
    expect(critical.result).toBe('0x2a');
    // Answered while every background request is still in flight or queued.
    expect(background.map((r) => r.settled())).toEqual([false, false, false, false]);
    expect(chain.lanes()).toEqual({
      critical: { active: 0, queued: 0, rejected: 0 },
      standard: { active: 0, queued: 0, rejected: 0 },
      background: { active: 2, queued: 2, rejected: 0 },
    });

    for (let i = 0; i < 4; i++) {
      await h.until(1);
      h.release([]);
    }
    for (const r of background) expect((await r.promise).result).toEqual([]);
    expect(chain.lanes().background).toEqual({ active: 0, queued: 0, rejected: 0 });
  });

  it('a full lane answers BUSY without sending, and an aborted queued request is never sent', async () => {
    const h = held();
    server = await startRpcServer(h.behaviour);
    engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], {
      ...FAST,
      timeouts: { connectionMs: 1_000, requestMs: 10_000 },
      bulkheads: { standard: { concurrency: 1, queue: 1, queueTimeoutMs: 10_000 } },
    });
    const chain = engine.chain(CHAIN_ID) as ChainEngineImpl;
    const first = chain.request('eth_getBalance', ['0x01', 'latest']);
    await h.until(1);
    const quitter = new AbortController();
    const queued = chain.request('eth_getBalance', ['0x02', 'latest'], { signal: quitter.signal });
    const busy = await rejection(chain.request('eth_getBalance', ['0x03', 'latest']));
    expect(busy).toMatchObject({ code: 'BUSY', details: { lane: 'standard', active: 1, queued: 1 } });

    quitter.abort();
    expect((await rejection(queued)).code).toBe('CANCELLED');
    const next = chain.request('eth_getBalance', ['0x04', 'latest']);
    expect(chain.lanes().standard).toEqual({ active: 1, queued: 1, rejected: 1 });
    h.release('0x1');
    await h.until(1);
    h.release('0x4');
    expect((await first).result).toBe('0x1');
    expect((await next).result).toBe('0x4');
    // The aborted request never reached the wire; the next one took its place.
    expect(server.calls.map((c) => c.params[0])).toEqual(['0x01', '0x04']);
  });
});

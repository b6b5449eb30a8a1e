/** The operation deadline: one request's whole path, started once its lane admits it, cancelling down to the socket. */
import { describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import type { ChainEngineImpl } from '../../../src/main/engine/chain-engine';
import { deadlineError, linkSignals } from '../../../src/main/engine/deadline';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
import { held } from './request-path-helpers';
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

async function chainOver(behaviour: Behaviour, operationMs: number, concurrency = 20): Promise<ChainEngineImpl> {
  server = await startRpcServer(behaviour);
  engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], {
    ...FAST,
    // The per-attempt request timeout is far away, so only the operation deadline can end these requests.
    timeouts: { connectionMs: 1_000, requestMs: 10_000, operationMs },
    bulkheads: { standard: { concurrency, queue: 10, queueTimeoutMs: 10_000 } },
  });
  return engine.chain(CHAIN_ID) as ChainEngineImpl;
}

describe('operation deadline', () => {
  it('a hanging upstream ends with TIMEOUT scope operation, and the server sees its socket close', async () => {
    const chain = await chainOver(b.hang(), 150);
    const closed = server!.nextSocketClose();
    // A method the last-known-good stage does not cache: it would report a cacheable read as OFFLINE (cause TIMEOUT).
    const error = await rejection(chain.request('eth_estimateGas', [{ to: '0x01' }]));
    expect(error.toData()).toEqual({
      code: 'TIMEOUT',
      message: 'the operation deadline (one request, every provider tried) of 150 ms passed',
      retryable: true,
      details: { scope: 'operation', ms: 150 },
    });
    await closed;
    // Our deadline, not the provider's fault: nothing is counted against it.
    expect(chain.status()[0]).toMatchObject({ failures: 0, breaker: 'closed' });
  });

  it('the caller aborting before the deadline is CANCELLED, not TIMEOUT', async () => {
    const chain = await chainOver(b.hang(), 5_000);
    const closed = server!.nextSocketClose();
    const controller = new AbortController();
    const pending = chain.request('eth_blockNumber', [], { signal: controller.signal });
    while (server!.requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect((await rejection(pending)).code).toBe('CANCELLED');
    await closed;
  });

  it('starts when the lane admits the request: time spent queueing is not charged to it', async () => {
    // One slot. The queued request's operation deadline would have passed had it started at request().
    const h = held();
    const chain = await chainOver(h.behaviour, 300, 1);
    const first = chain.request('eth_getBalance', ['0x01', 'latest']);
    const second = chain.request('eth_getBalance', ['0x02', 'latest']);
    await h.until(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    h.release('0x1');
    await h.until(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    h.release('0x2');
    expect((await first).result).toBe('0x1');
    expect((await second).result).toBe('0x2');
  });
});

describe('deadline helpers', () => {
  it('deadlineError names its scope', () => {
    expect(deadlineError('global', 60_000).toData()).toMatchObject({
      code: 'TIMEOUT',
      message: 'the global deadline (one user action) of 60000 ms passed',
      details: { scope: 'global', ms: 60_000 },
    });
  });

  it('linkSignals aborts with any input and lets go of its inputs on dispose', () => {
    const a = new AbortController();
    const c = new AbortController();
    const link = linkSignals(a.signal, undefined, c.signal);
    c.abort();
    expect(link.signal.aborted).toBe(true);
    const later = linkSignals(a.signal);
    later.dispose();
    a.abort();
    expect(later.signal.aborted).toBe(false);
    expect(linkSignals(AbortSignal.abort()).signal.aborted).toBe(true);
  });
});

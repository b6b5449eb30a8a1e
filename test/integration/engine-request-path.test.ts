/**
 * The request path's first steps (dedupe, bulkhead lanes, operation and global deadlines) and the JSON-RPC facade,
 * against the demo chain: a real anvil behind fault-injecting proxies. Upstream requests are counted at the proxy.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/main/demo/index';
import { createEngine, type EngineOptionsInput, type ManagedEngine } from '../../src/main/engine';
import type { ChainEngineImpl } from '../../src/main/engine/chain-engine';
import { SteadfastError } from '../../src/shared/errors';

let demo: Demo;
let engine: ManagedEngine | undefined;

beforeAll(async () => {
  demo = await startDemo();
});

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  demo.setFault('primary', { kind: 'none' });
});

afterAll(async () => {
  await demo?.stop();
});

/**
 * Health probes and hedging off: both send requests of their own, and these tests count upstream requests exactly.
 * The request timeout is long, so that only the deadline under test can end a hanging request.
 */
function chainEngine(options: EngineOptionsInput = {}): ChainEngineImpl {
  const [demoChain] = demo.chains;
  if (demoChain === undefined) throw new Error('the demo has no chain');
  engine = createEngine([demoChain.config], {
    health: { enabled: false },
    hedging: { enabled: false },
    ...options,
    timeouts: { connectionMs: 1_000, requestMs: 10_000, ...options.timeouts },
  });
  return engine.chain(demoChain.config.chainId) as ChainEngineImpl;
}

const primaryRequests = (): number => demo.status().providers.find((p) => p.name === 'primary')?.requests ?? NaN;

async function failure(promise: Promise<unknown>): Promise<SteadfastError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof SteadfastError)) throw new Error(`expected a SteadfastError, got ${String(outcome)}`);
  return outcome;
}

describe('request path over the demo chain', () => {
  it('ten identical concurrent calls through handleJsonRpc make ONE upstream request; each caller keeps its id', async () => {
    const chain = chainEngine();
    const address = demo.watched[0]!.address;
    const expected = `0x${demo.expected.balances[address]!.ETH!.toString(16)}`;
    demo.setFault('primary', { kind: 'delay', ms: 500 });
    const before = primaryRequests();
    const ids = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? i : `caller-${i}`));
    const answers = await Promise.all(
      ids.map((id) => chain.handleJsonRpc({ jsonrpc: '2.0', id, method: 'eth_getBalance', params: [address, 'latest'] })),
    );
    expect(primaryRequests() - before).toBe(1);
    expect(answers).toEqual(ids.map((id) => ({ jsonrpc: '2.0', id, result: expected })));
    expect(chain.inFlight()).toBe(0);
  });

  it('an upstream error reaches all ten callers, from one upstream request', async () => {
    const chain = chainEngine();
    demo.setFault('primary', { kind: 'rpc-error', code: -32602, message: 'invalid argument 0' });
    const before = primaryRequests();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, id) => chain.handleJsonRpc({ jsonrpc: '2.0', id, method: 'eth_chainId' })),
    );
    expect(primaryRequests() - before).toBe(1);
    expect(answers).toEqual(
      Array.from({ length: 10 }, (_, id) => ({ jsonrpc: '2.0', id, error: { code: -32602, message: 'invalid argument 0' } })),
    );
    expect(chain.inFlight()).toBe(0);
  });

  it('one waiter aborting leaves the others their result', async () => {
    const chain = chainEngine();
    demo.setFault('primary', { kind: 'delay', ms: 500 });
    const before = primaryRequests();
    const quitter = new AbortController();
    const call = (id: number, signal?: AbortSignal) =>
      chain.handleJsonRpc({ jsonrpc: '2.0', id, method: 'eth_chainId' }, signal === undefined ? {} : { signal });
    const pending = [call(1), call(2, quitter.signal), call(3)];
    setTimeout(() => quitter.abort(), 50);
    const [one, two, three] = await Promise.all(pending);
    const chainId = `0x${chain.config.chainId.toString(16)}`;
    expect(one).toEqual({ jsonrpc: '2.0', id: 1, result: chainId });
    expect(two).toMatchObject({ jsonrpc: '2.0', id: 2, error: { code: -32603, data: { code: 'CANCELLED' } } });
    expect(three).toEqual({ jsonrpc: '2.0', id: 3, result: chainId });
    expect(primaryRequests() - before).toBe(1);
  });

  it('a full lane and queue answers BUSY at once (-32005 through the facade)', async () => {
    const chain = chainEngine({ bulkheads: { standard: { concurrency: 1, queue: 1, queueTimeoutMs: 10_000 } } });
    demo.setFault('primary', { kind: 'delay', ms: 300 });
    const [a, b, c] = demo.watched.map((w) => w.address);
    const first = chain.request('eth_getBalance', [a, 'latest']);
    const second = chain.request('eth_getBalance', [b, 'latest']);
    const busy = await chain.handleJsonRpc({ jsonrpc: '2.0', id: 'x', method: 'eth_getBalance', params: [c, 'latest'] });
    expect(busy).toMatchObject({
      id: 'x',
      error: { code: -32005, data: { code: 'BUSY', details: { lane: 'standard', active: 1, queued: 1 } } },
    });
    await Promise.all([first, second]);
    expect(chain.lanes().standard).toEqual({ active: 0, queued: 0, rejected: 1 });
  });

  it('an operation deadline ends a hanging request with TIMEOUT scope operation', async () => {
    const chain = chainEngine({ timeouts: { operationMs: 300 } });
    demo.setFault('primary', { kind: 'hang' });
    // eth_estimateGas: not a last-known-good read, so the TIMEOUT is not reported as OFFLINE (nothing cached).
    const error = await failure(chain.request('eth_estimateGas', [{ to: demo.watched[0]!.address }]));
    expect(error.toData()).toMatchObject({ code: 'TIMEOUT', retryable: true, details: { scope: 'operation', ms: 300 } });
    expect(chain.status().find((s) => s.name === 'primary')).toMatchObject({ failures: 0, breaker: 'closed' });
  });

  it('a global action deadline ends the later of several sequential requests with TIMEOUT scope global', async () => {
    const chain = chainEngine();
    const codes: string[] = [];
    const before = primaryRequests();
    const outcome = await failure(
      chain.traced(
        async () => {
          codes.push((await chain.client.getBlockNumber()) > 0n ? 'ok' : 'no head');
          demo.setFault('primary', { kind: 'hang' });
          for (let i = 0; i < 2; i++) {
            const e = await failure(chain.request('eth_getBalance', [demo.watched[i]!.address, 'latest']));
            codes.push(`${e.code}:${String(e.details?.scope)}`);
          }
          throw await failure(chain.request('eth_chainId', []));
        },
        { deadlineMs: 400, priority: 'critical' },
      ),
    );
    expect(codes).toEqual(['ok', 'TIMEOUT:global', 'TIMEOUT:global']);
    expect(outcome.details).toEqual({ scope: 'global', ms: 400 });
    // Only the first two reached the primary: after the deadline nothing more is sent.
    expect(primaryRequests() - before).toBe(2);
  });

  it("the caller's own abort is CANCELLED", async () => {
    const chain = chainEngine();
    demo.setFault('primary', { kind: 'hang' });
    const controller = new AbortController();
    const pending = failure(chain.request('eth_chainId', [], { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect((await pending).code).toBe('CANCELLED');
    expect(chain.inFlight()).toBe(0);
  });
});

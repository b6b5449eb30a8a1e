/** requestBatch over real servers: one HTTP request per batch, per-element errors, failover of the whole batch. */
import { describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
import { behaviours as b, json, startRpcServer, type Behaviour, type RpcCall, type RpcServer } from './rpc-server';

let engine: ManagedEngine | undefined;
let servers: RpcServer[] = [];

cleanUpAndCheckLeaks(
  async () => {
    await engine?.dispose();
    engine = undefined;
  },
  async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  },
);

/** Answers a batch element by element (in reverse order, as a server may), `answer` giving each one's body. */
const batch =
  (answer: (call: RpcCall, index: number) => Record<string, unknown>): Behaviour =>
  (call, res) => {
    const calls = call as unknown as RpcCall[];
    json(res, 200, calls.map((c, i) => ({ jsonrpc: '2.0', id: c.id, ...answer(c, i) })).reverse());
  };
const echo = batch((c) => ({ result: `${c.method}:${String(c.params[0])}` }));

const CALLS = [0, 1, 2, 3, 4].map((i) => ({ method: 'eth_call', params: [`x${i}`, 'latest'] }));

async function two(primary: Behaviour, secondary: Behaviour = echo) {
  servers = await Promise.all([startRpcServer(primary), startRpcServer(secondary)]);
  const [p, s] = servers as [RpcServer, RpcServer];
  engine = createEngine([chainOf([{ name: 'primary', url: p.url }, { name: 'secondary', url: s.url }])], FAST);
  return { p, s, chain: engine.chain(CHAIN_ID) };
}

const status = (name: string) => engine!.chain(CHAIN_ID).status().find((s) => s.name === name)!;

describe('requestBatch', () => {
  it('sends a batch of 5 as exactly one HTTP request of a 5-element array, answers in call order', async () => {
    const { p, s, chain } = await two(echo);
    const { value, trace } = await chain.traced(() => chain.requestBatch(CALLS));
    expect(value).toEqual(CALLS.map((c) => ({ ok: true, result: `eth_call:${c.params[0]}` })));
    expect([p.requests, s.requests]).toEqual([1, 0]);
    const [sent] = p.calls as unknown as RpcCall[][];
    expect(sent?.map((c) => c.params[0])).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
    expect(new Set(sent?.map((c) => c.id)).size).toBe(5);
    expect(trace.providers).toEqual(['primary']);
  });

  it('a reverted element is that element RPC_ERROR; the others stand and nothing fails over', async () => {
    const { p, s, chain } = await two(
      batch((c, i) =>
        i === 2 ? { error: { code: 3, message: 'execution reverted', data: '0x08c379a0' } } : { result: c.params[0] },
      ),
    );
    const outcomes = await chain.requestBatch(CALLS);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true, true]);
    const failed = outcomes[2];
    expect(failed?.ok === false && failed.error).toMatchObject({
      code: 'RPC_ERROR',
      provider: 'primary',
      details: { rpcCode: 3, method: 'eth_call', data: '0x08c379a0' },
    });
    expect([p.requests, s.requests]).toEqual([1, 0]);
    expect(status('primary')).toMatchObject({ failures: 0, breaker: 'closed' });
  });

  const faults: Array<[string, Behaviour]> = [
    ['HTTP 503', b.status(503)],
    ['HTML', b.raw('<html>bad gateway</html>', 'text/html')],
    [
      'wrong ids',
      (call, res) =>
        json(res, 200, (call as unknown as RpcCall[]).map((c) => ({ jsonrpc: '2.0', id: Number(c.id) + 1000, result: '0x1' }))),
    ],
    ['a single object', (_c, res) => json(res, 200, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'batch not supported' } })],
    ['a rate-limited element', batch((c, i) => (i === 4 ? { error: { code: -32005, message: 'rate limit' } } : { result: c.params[0] }))],
    ['header not found', batch((c, i) => (i === 0 ? { error: { code: -32000, message: 'header not found' } } : { result: c.params[0] }))],
  ];

  it.each(faults)('primary answering %s is one fault on primary; the batch is answered by secondary', async (_what, fault) => {
    const { p, s, chain } = await two(fault);
    const { value, trace } = await chain.traced(() => chain.requestBatch(CALLS));
    expect(value.every((o) => o.ok)).toBe(true);
    expect([p.requests, s.requests]).toEqual([1, 1]);
    expect(trace.providers).toEqual(['secondary']);
    const primary = status('primary');
    expect(primary.requests).toBe(1);
    expect(primary.failures).toBe(1);
  });

  it('"method not found" in one element asks the next provider; its full answer wins, the primary not blamed', async () => {
    const notFound = batch((c, i) => (i === 1 ? { error: { code: -32601, message: 'method not found' } } : { result: c.params[0] }));
    const { p, s, chain } = await two(notFound);
    const outcomes = await chain.requestBatch(CALLS);
    expect(outcomes).toEqual(CALLS.map((c) => ({ ok: true, result: `eth_call:${c.params[0]}` })));
    expect([p.requests, s.requests]).toEqual([1, 1]);
    expect(status('primary')).toMatchObject({ failures: 0, breaker: 'closed' });
  });

  it('"method not found" from every provider: the first answer, that element -32601, the others standing', async () => {
    const notFound = batch((c, i) => (i === 1 ? { error: { code: -32601, message: 'method not found' } } : { result: c.params[0] }));
    const { p, s, chain } = await two(notFound, notFound);
    const outcomes = await chain.requestBatch(CALLS);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, true, true]);
    expect(outcomes[1]?.ok === false && outcomes[1].error).toMatchObject({ code: 'RPC_ERROR', provider: 'primary', details: { rpcCode: -32601 } });
    expect([p.requests, s.requests]).toEqual([1, 1]);
  });

  it('opens the primary breaker after consecutive batch faults', async () => {
    const { p, chain } = await two(b.status(500));
    for (let i = 0; i < 4; i++) await chain.requestBatch(CALLS);
    // consecutiveFailures 3: the fourth batch skipped the open primary.
    expect(p.requests).toBe(3);
    expect(status('primary').breaker).toBe('open');
  });

  it('every provider failing is ALL_PROVIDERS_FAILED with the attempts', async () => {
    const { chain } = await two(b.status(503), b.raw('not json'));
    const error = await rejection(chain.requestBatch(CALLS));
    expect(error.code).toBe('ALL_PROVIDERS_FAILED');
    expect(error.details).toMatchObject({
      chainId: CHAIN_ID,
      attempts: [
        { provider: 'primary', code: 'PROVIDER_ERROR', message: 'HTTP 503' },
        { provider: 'secondary', code: 'PROVIDER_ERROR' },
      ],
    });
  });

  it('no provider that may be tried is NO_HEALTHY_PROVIDER, nothing sent', async () => {
    const { p, s, chain } = await two(echo);
    const impl = engine!.chain(CHAIN_ID) as unknown as { setProviderEnabled(id: string, on: boolean): boolean };
    impl.setProviderEnabled(`${CHAIN_ID}:primary`, false);
    impl.setProviderEnabled(`${CHAIN_ID}:secondary`, false);
    expect((await rejection(chain.requestBatch(CALLS))).code).toBe('NO_HEALTHY_PROVIDER');
    expect([p.requests, s.requests]).toEqual([0, 0]);
  });

  it('an empty batch sends nothing; unserialisable params are INVALID_INPUT before any provider', async () => {
    const { p, chain } = await two(echo);
    expect(await chain.requestBatch([])).toEqual([]);
    expect((await rejection(chain.requestBatch([{ method: 'eth_call', params: [1n] }]))).code).toBe('INVALID_INPUT');
    expect(p.requests).toBe(0);
  });
});

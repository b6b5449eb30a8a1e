/** The JSON-RPC facade: shape checks, ids echoed exactly, SteadfastErrors mapped to JSON-RPC errors, never a throw. */
import { describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import type { ChainEngineImpl } from '../../../src/main/engine/chain-engine';
import { toJsonRpcError } from '../../../src/main/engine/jsonrpc';
import { SteadfastError } from '../../../src/shared/errors';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST } from './fixtures';
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

async function chainOver(behaviour: Behaviour, extra: Parameters<typeof createEngine>[1] = {}): Promise<ChainEngineImpl> {
  server = await startRpcServer(behaviour);
  engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], { ...FAST, ...extra });
  return engine.chain(CHAIN_ID) as ChainEngineImpl;
}

const call = (id: unknown, method = 'eth_blockNumber', params: unknown = []) => ({ jsonrpc: '2.0', id, method, params });

describe('handleJsonRpc', () => {
  it('echoes each caller id exactly, even when dedupe merged the upstream calls', async () => {
    const chain = await chainOver(b.delay(50, b.result('0x2a')));
    const ids = [101, 0, -7, 2.5, 'a', '', 'x'.repeat(40), null, 9007199254740991, 'same'];
    const answers = await Promise.all(ids.map((id) => chain.handleJsonRpc(call(id))));
    expect(answers).toEqual(ids.map((id) => ({ jsonrpc: '2.0', id, result: '0x2a' })));
    expect(server!.requests).toBe(1);
    // The upstream request carried the connection's own id, not any caller's.
    expect(ids).not.toContain(server!.calls[0]!.id);
  });

  it('answers a batch element by element, concurrently, in order, with invalid elements answered in place', async () => {
    const h = held();
    const chain = await chainOver(h.behaviour);
    const pending = chain.handleJsonRpc([
      call(1, 'eth_getBalance', ['0x01', 'latest']),
      { jsonrpc: '2.0', id: 2 },
      call(3, 'eth_getBalance', ['0x02', 'latest']),
      42,
      { jsonrpc: '2.0', method: 'eth_chainId' },
    ]);
    // Both valid calls (and the notification) are on the wire before any is answered: concurrent, not one by one.
    await h.until(3);
    h.release('0xa', (c) => c.params[0] === '0x01');
    h.release('0xb', (c) => c.params[0] === '0x02');
    h.release('0x1');
    expect(await pending).toEqual([
      { jsonrpc: '2.0', id: 1, result: '0xa' },
      { jsonrpc: '2.0', id: 2, error: { code: -32600, message: 'invalid request: method must be a non-empty string' } },
      { jsonrpc: '2.0', id: 3, result: '0xb' },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'invalid request: not an object' } },
    ]);
  });

  it('rejects malformed requests with -32600 and the id when it is usable', async () => {
    const chain = await chainOver(b.result('0x1'));
    const invalid = (id: unknown, message: string, code = -32600) => ({ jsonrpc: '2.0', id, error: { code, message } });
    expect(await chain.handleJsonRpc(null)).toEqual(invalid(null, 'invalid request: not an object'));
    expect(await chain.handleJsonRpc('{"jsonrpc":"2.0"}')).toEqual(invalid(null, 'invalid request: not an object'));
    expect(await chain.handleJsonRpc([])).toEqual(invalid(null, 'invalid request: empty batch'));
    expect(await chain.handleJsonRpc({ id: 5, method: 'eth_chainId' })).toEqual(invalid(5, 'invalid request: jsonrpc must be "2.0"'));
    expect(await chain.handleJsonRpc({ jsonrpc: '2.0', id: { a: 1 }, method: 'x' })).toEqual(
      invalid(null, 'invalid request: id must be a string, a number or null'),
    );
    expect(await chain.handleJsonRpc(call('p', 'eth_chainId', 'nope'))).toEqual(
      invalid('p', 'invalid request: params must be an array or an object'),
    );
    expect(await chain.handleJsonRpc(call('q', 'eth_getBalance', { address: '0x01' }))).toEqual(
      invalid('q', 'invalid params: Ethereum methods take positional params (an array)', -32602),
    );
    expect(server!.requests).toBe(0);
  });

  it('sends notifications but answers nothing for them', async () => {
    const chain = await chainOver(b.result('0x1'));
    expect(await chain.handleJsonRpc({ jsonrpc: '2.0', method: 'eth_chainId' })).toBeUndefined();
    expect(await chain.handleJsonRpc([{ jsonrpc: '2.0', method: 'eth_blockNumber' }])).toBeUndefined();
    expect(server!.requests).toBe(2);
  });

  it("keeps a deterministic answer's own code, message and data", async () => {
    const chain = await chainOver(b.rpcError(3, 'execution reverted: nope', '0x08c379a0'));
    expect(await chain.handleJsonRpc(call('r', 'eth_call', [{ to: '0x01' }, 'latest']))).toEqual({
      jsonrpc: '2.0',
      id: 'r',
      error: { code: 3, message: 'execution reverted: nope', data: '0x08c379a0' },
    });
  });

  it('maps BUSY to -32005 and a provider fault to -32603, with the SteadfastError as data', async () => {
    const h = held();
    const chain = await chainOver(h.behaviour, {
      timeouts: { connectionMs: 1_000, requestMs: 5_000 },
      bulkheads: { standard: { concurrency: 1, queue: 0, queueTimeoutMs: 1_000 } },
    });
    const first = chain.handleJsonRpc(call(1, 'eth_getBalance', ['0x01', 'latest']));
    await h.until(1);
    const busy = (await chain.handleJsonRpc(call(2, 'eth_getBalance', ['0x02', 'latest']))) as Record<string, never>;
    expect(busy).toMatchObject({
      jsonrpc: '2.0',
      id: 2,
      error: { code: -32005, data: { code: 'BUSY', retryable: true, details: { lane: 'standard', active: 1, queued: 0 } } },
    });
    h.release('0x1');
    expect(await first).toEqual({ jsonrpc: '2.0', id: 1, result: '0x1' });

    server!.behave(b.status(502));
    const fault = (await chain.handleJsonRpc(call(3, 'eth_estimateGas', [{ to: '0x01' }]))) as Record<string, never>;
    expect(fault).toMatchObject({
      id: 3,
      error: { code: -32603, data: { code: 'PROVIDER_ERROR', provider: 'primary', retryable: true } },
    });
  });

  it('passes the caller signal down: an aborted call is answered, not thrown', async () => {
    const chain = await chainOver(b.hang());
    const answer = await chain.handleJsonRpc([call(1), call(2, 'eth_chainId')], { signal: AbortSignal.abort() });
    expect(answer).toMatchObject([
      { id: 1, error: { code: -32603, data: { code: 'CANCELLED' } } },
      { id: 2, error: { code: -32603, data: { code: 'CANCELLED' } } },
    ]);
  });
});

describe('toJsonRpcError', () => {
  const err = (code: SteadfastError['code'], details?: Record<string, unknown>) =>
    new SteadfastError({ code, message: `${code} happened`, retryable: true, ...(details ? { details } : {}) });

  it('maps each engine error to a JSON-RPC code', () => {
    expect(toJsonRpcError(err('RATE_LIMITED')).code).toBe(-32005);
    expect(toJsonRpcError(err('INVALID_INPUT')).code).toBe(-32602);
    for (const code of ['TIMEOUT', 'ALL_PROVIDERS_FAILED', 'NO_HEALTHY_PROVIDER', 'OFFLINE', 'NOT_AVAILABLE'] as const) {
      expect(toJsonRpcError(err(code))).toEqual({ code: -32603, message: `${code} happened`, data: err(code).toData() });
    }
    expect(toJsonRpcError(err('TIMEOUT', { scope: 'operation', ms: 30_000 })).data).toMatchObject({
      details: { scope: 'operation', ms: 30_000 },
    });
  });

  it('turns anything else into INTERNAL, and an RPC_ERROR without its code into -32603', () => {
    expect(toJsonRpcError(new Error('boom'))).toEqual({
      code: -32603,
      message: 'boom',
      data: { code: 'INTERNAL', message: 'boom', retryable: false },
    });
    expect(toJsonRpcError(err('RPC_ERROR')).code).toBe(-32603);
  });
});

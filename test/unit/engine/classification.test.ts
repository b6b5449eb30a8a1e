/**
 * The fault table, end to end against a real server: each fault's exact error code, and whether it counted
 * against the provider (failures, breaker) or not.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
import { behaviours as b, refusedUrl, startRpcServer, type Behaviour, type RpcServer } from './rpc-server';

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

async function serve(behaviour: Behaviour): Promise<RpcServer> {
  const server = await startRpcServer(behaviour);
  servers.push(server);
  return server;
}

function single(url: string): ManagedEngine {
  engine = createEngine([chainOf([{ name: 'primary', url }])], FAST);
  return engine;
}

const faults: Array<[string, 'PROVIDER_ERROR' | 'RATE_LIMITED' | 'TIMEOUT', Behaviour]> = [
  ['connection reset', 'PROVIDER_ERROR', b.reset()],
  ['HTTP 500', 'PROVIDER_ERROR', b.status(500)],
  ['HTTP 503 with HTML', 'PROVIDER_ERROR', b.status(503, '<html>down</html>')],
  ['HTTP 429', 'RATE_LIMITED', b.status(429, 'slow down')],
  ['JSON-RPC -32005', 'RATE_LIMITED', b.rpcError(-32005, 'request rate exceeded')],
  ['JSON-RPC 429-ish message', 'RATE_LIMITED', b.rpcError(-32000, 'Too Many Requests')],
  ['HTML body', 'PROVIDER_ERROR', b.raw('<!doctype html><p>gateway</p>', 'text/html')],
  ['text body', 'PROVIDER_ERROR', b.raw('upstream connect error')],
  ['empty body', 'PROVIDER_ERROR', b.raw('')],
  ['truncated JSON', 'PROVIDER_ERROR', b.raw('{"jsonrpc":"2.0","id":1,"res', 'application/json')],
  ['wrong id', 'PROVIDER_ERROR', b.wrongId()],
  ['missing id', 'PROVIDER_ERROR', b.noId()],
  ['header not found', 'PROVIDER_ERROR', b.rpcError(-32000, 'header not found')],
  ['internal error', 'PROVIDER_ERROR', b.rpcError(-32603, 'internal error')],
  ['timeout', 'TIMEOUT', b.hang()],
];

describe('provider faults: counted, reported with the provider', () => {
  it.each(faults)('%s → %s', async (_label, code, behaviour) => {
    const server = await serve(behaviour);
    const chain = single(server.url).chain(CHAIN_ID);
    const error = await rejection(chain.request('eth_blockNumber', []));
    expect(error.code).toBe(code);
    expect(error.provider).toBe('primary');
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain(server.url);
    const [status] = chain.status();
    expect(status).toMatchObject({ requests: 1, failures: 1, breaker: 'closed', health: 'DEGRADED' });
    expect(status?.lastError?.code).toBe(code);
  });

  it('connection refused → PROVIDER_ERROR, counted', async () => {
    const chain = single(await refusedUrl()).chain(CHAIN_ID);
    const error = await rejection(chain.request('eth_blockNumber', []));
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', provider: 'primary' });
    expect(error.message).toContain('ECONNREFUSED');
    expect(chain.status()[0]).toMatchObject({ requests: 1, failures: 1 });
  });
});

const deterministic: Array<[string, number, Behaviour]> = [
  ['execution reverted (code 3)', 3, b.rpcError(3, 'execution reverted: nope', '0x08c379a0')],
  ['execution reverted (message)', -32000, b.rpcError(-32000, 'execution reverted')],
  ['invalid params', -32602, b.rpcError(-32602, 'invalid argument 0')],
  ['invalid request', -32600, b.rpcError(-32600, 'invalid request')],
  ['method not found', -32601, b.rpcError(-32601, 'the method eth_foo does not exist')],
];

describe('deterministic answers: returned at once, not counted, not failed over', () => {
  it.each(deterministic)('%s → RPC_ERROR %i', async (_label, rpcCode, behaviour) => {
    const primary = await serve(behaviour);
    const secondary = await serve(b.result('0x2'));
    engine = createEngine(
      [chainOf([{ name: 'primary', url: primary.url }, { name: 'secondary', url: secondary.url }])],
      FAST,
    );
    const chain = engine.chain(CHAIN_ID);
    const error = await rejection(chain.request('eth_call', [{ to: '0x' + '11'.repeat(20) }, 'latest']));
    expect(error).toMatchObject({ code: 'RPC_ERROR', provider: 'primary', retryable: false });
    expect(error.details?.rpcCode).toBe(rpcCode);
    if (rpcCode === 3) expect(error.details?.data).toBe('0x08c379a0');
    expect(secondary.requests).toBe(0);
    expect(chain.status()[0]).toMatchObject({ requests: 1, failures: 0, health: 'HEALTHY', lastError: null });
  });

  it('a deterministic answer resets the consecutive-fault count', async () => {
    const server = await serve(b.status(500));
    const chain = single(server.url).chain(CHAIN_ID);
    await rejection(chain.request('eth_blockNumber', []));
    await rejection(chain.request('eth_blockNumber', []));
    server.behave(b.rpcError(3, 'execution reverted'));
    await rejection(chain.request('eth_call', []));
    server.behave(b.status(500));
    await rejection(chain.request('eth_blockNumber', []));
    await rejection(chain.request('eth_blockNumber', []));
    // Four faults, but never three in a row.
    expect(chain.status()[0]).toMatchObject({ failures: 4, breaker: 'closed' });
  });
});

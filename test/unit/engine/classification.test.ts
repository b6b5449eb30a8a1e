/**
 * The fault table, end to end against a real server through the request path's last stage: each fault's exact
 * error code, whether it was retried, and whether it counted against the provider (failures, breaker) or not.
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
import { pathOver, QUICK, type Path } from './failover-harness';
import { behaviours as b, json, refusedUrl, startRpcServer, type Behaviour, type RpcServer } from './rpc-server';

let path: Path | undefined;
let servers: RpcServer[] = [];

cleanUpAndCheckLeaks(
  async () => {
    await path?.dispose();
    path = undefined;
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

const OPTIONS = { ...QUICK, timeouts: FAST.timeouts };

function single(url: string): Path {
  path = pathOver([{ name: 'primary', url }], OPTIONS);
  return path;
}

function pair(primary: string, secondary: string): Path {
  path = pathOver([{ name: 'primary', url: primary }, { name: 'secondary', url: secondary }], OPTIONS);
  return path;
}

/** Transient faults are retried once on the same provider (retry.maxRetries 1): two requests, two faults. */
const TRANSIENT = new Set(['connection reset', 'HTTP 503 with HTML']);

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
  it.each(faults)('%s → %s', async (label, code, behaviour) => {
    const server = await serve(behaviour);
    const chain = single(server.url);
    const error = await rejection(chain.request('eth_blockNumber', []));
    expect(error.code).toBe(code);
    expect(error.provider).toBe('primary');
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain(server.url);
    const status = chain.status('primary');
    const tries = TRANSIENT.has(label) ? 2 : 1;
    expect(status).toMatchObject({ requests: tries, failures: tries, retries: tries - 1, breaker: 'closed', health: 'DEGRADED' });
    expect(status.lastError?.code).toBe(code);
  });

  it('connection refused → PROVIDER_ERROR, counted', async () => {
    const chain = single(await refusedUrl());
    const error = await rejection(chain.request('eth_blockNumber', []));
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', provider: 'primary' });
    expect(error.message).toContain('ECONNREFUSED');
    expect(chain.status('primary')).toMatchObject({ requests: 1, failures: 1, retries: 0 });
  });
});

const deterministic: Array<[string, number, Behaviour]> = [
  ['execution reverted (code 3)', 3, b.rpcError(3, 'execution reverted: nope', '0x08c379a0')],
  ['execution reverted (message)', -32000, b.rpcError(-32000, 'execution reverted')],
  ['invalid params', -32602, b.rpcError(-32602, 'invalid argument 0')],
  ['invalid request', -32600, b.rpcError(-32600, 'invalid request')],
];

describe('a provider refusing our key is a fault of that provider, not the chain’s answer', () => {
  it('HTTP 401 with JSON-RPC -32600 fails over to the secondary and counts against the primary', async () => {
    const primary = await serve((call, res) =>
      json(res, 401, { jsonrpc: '2.0', id: call.id, error: { code: -32600, message: 'Must be authenticated!' } }),
    );
    const secondary = await serve(b.result('0x2'));
    const chain = pair(primary.url, secondary.url);
    const answer = await chain.request('eth_getBalance', ['0x' + '11'.repeat(20), 'latest']);
    expect(answer).toMatchObject({ result: '0x2', provider: 'secondary' });
    expect(secondary.requests).toBe(1);
    expect(chain.status('primary')).toMatchObject({
      requests: 1,
      failures: 1,
      lastError: { code: 'PROVIDER_ERROR', message: 'HTTP 401: Must be authenticated!' },
    });
  });
});

describe('deterministic answers: returned at once, not counted, not failed over', () => {
  it.each(deterministic)('%s → RPC_ERROR %i', async (_label, rpcCode, behaviour) => {
    const primary = await serve(behaviour);
    const secondary = await serve(b.result('0x2'));
    const chain = pair(primary.url, secondary.url);
    const error = await rejection(chain.request('eth_call', [{ to: '0x' + '11'.repeat(20) }, 'latest']));
    expect(error).toMatchObject({ code: 'RPC_ERROR', provider: 'primary', retryable: false });
    expect(error.details?.rpcCode).toBe(rpcCode);
    if (rpcCode === 3) expect(error.details?.data).toBe('0x08c379a0');
    expect(secondary.requests).toBe(0);
    expect(chain.status('primary')).toMatchObject({ requests: 1, failures: 0, health: 'HEALTHY', lastError: null });
  });

  it('a deterministic answer resets the consecutive-fault count', async () => {
    const server = await serve(b.status(500));
    const chain = single(server.url);
    await rejection(chain.request('eth_blockNumber', []));
    await rejection(chain.request('eth_blockNumber', []));
    server.behave(b.rpcError(3, 'execution reverted'));
    await rejection(chain.request('eth_call', []));
    server.behave(b.status(500));
    await rejection(chain.request('eth_blockNumber', []));
    await rejection(chain.request('eth_blockNumber', []));
    // Four faults, but never three in a row.
    expect(chain.status('primary')).toMatchObject({ failures: 4, breaker: 'closed' });
  });
});

const notFound = b.rpcError(-32601, 'the method eth_foo does not exist/is not available');

describe('method not found: try the others, count against nobody', () => {
  it('said by the primary only → answered by the secondary; the primary did not fail', async () => {
    const primary = await serve(notFound);
    const secondary = await serve(b.result('0x2'));
    const chain = pair(primary.url, secondary.url);
    expect(await chain.request('eth_foo', [])).toMatchObject({ result: '0x2', provider: 'secondary' });
    expect(chain.status('primary')).toMatchObject({ requests: 1, failures: 0, breaker: 'closed', health: 'HEALTHY' });
    expect([primary.requests, secondary.requests]).toEqual([1, 1]);
  });

  it('said by every provider → RPC_ERROR -32601, not retryable, nobody counted as failed', async () => {
    const primary = await serve(notFound);
    const secondary = await serve(b.rpcError(-32000, 'Unsupported method: eth_foo'));
    const chain = pair(primary.url, secondary.url);
    const error = await rejection(chain.request('eth_foo', []));
    expect(error).toMatchObject({
      code: 'RPC_ERROR',
      retryable: false,
      provider: 'primary',
      details: { rpcCode: -32601, method: 'eth_foo', providers: ['primary', 'secondary'] },
    });
    for (const name of ['primary', 'secondary']) {
      expect(chain.status(name)).toMatchObject({ requests: 1, failures: 0, breaker: 'closed', health: 'HEALTHY' });
    }
  });

  it('three in a row from one provider never open its breaker', async () => {
    const primary = await serve(notFound);
    const chain = single(primary.url);
    for (let i = 0; i < 4; i++) expect((await rejection(chain.request('eth_foo', []))).details?.rpcCode).toBe(-32601);
    expect(chain.status('primary')).toMatchObject({ requests: 4, failures: 0, breaker: 'closed' });
  });
});

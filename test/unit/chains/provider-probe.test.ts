import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeProvider } from '../../../src/main/chains/provider-probe';
import { SteadfastError } from '../../../src/shared/errors';

const KEY = 'Zx81kQ2LpP0vN7tY4wE9';
const servers: Server[] = [];

type Answer = (request: { id: number; method: string }, res: ServerResponse) => void;

async function serve(answer: Answer): Promise<string> {
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => answer(JSON.parse(body) as { id: number; method: string }, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/${KEY}`;
}

function rpc(result: string): Answer {
  return (request, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: request.method === 'eth_chainId' ? '0x539' : result }));
  };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function failure(promise: Promise<unknown>): Promise<SteadfastError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SteadfastError);
  expect((error as SteadfastError).message).not.toContain(KEY);
  return error as SteadfastError;
}

describe('probing a provider', () => {
  it('reports chain id, match, head and latency', async () => {
    const url = await serve(rpc('0x2a'));
    const probe = await probeProvider(url, 1337);
    expect(probe).toMatchObject({ chainId: 1337, matches: true, head: 42n });
    expect(probe.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await probeProvider(url, 1)).matches).toBe(false);
  });

  it('says the connection was refused', async () => {
    const url = await serve(rpc('0x1'));
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const error = await failure(probeProvider(url, 1));
    expect(error.toData()).toMatchObject({ code: 'PROVIDER_ERROR', retryable: true, details: { reason: 'refused' } });
    expect(error.message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\/\*\*\* refused the connection$/);
  });

  it('times out on a provider that never answers', async () => {
    const url = await serve(() => undefined);
    const error = await failure(probeProvider(url, 1, 300));
    expect(error.toData()).toMatchObject({ code: 'TIMEOUT', details: { reason: 'timeout' } });
    expect(error.message).toMatch(/did not answer within 0.3 s$/);
  });

  it('names the HTTP status, and rate limiting as such', async () => {
    const down = await serve((_r, res) => res.writeHead(503).end('down'));
    expect((await failure(probeProvider(down, 1))).toData()).toMatchObject({ code: 'PROVIDER_ERROR', details: { reason: 'http-status', status: 503 } });
    const limited = await serve((_r, res) => res.writeHead(429).end());
    expect((await failure(probeProvider(limited, 1))).code).toBe('RATE_LIMITED');
  });

  it('tells a web page from a JSON-RPC server', async () => {
    const url = await serve((_r, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>'));
    const error = await failure(probeProvider(url, 1));
    expect(error.toData()).toMatchObject({ code: 'PROVIDER_ERROR', details: { reason: 'not-json-rpc' } });
    expect(error.message).toMatch(/answered, but not as a JSON-RPC server$/);
  });

  it('passes on a JSON-RPC error without echoing the URL the server quotes', async () => {
    const url = await serve((request, res) =>
      res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32601, message: `no such method at /v2/${KEY}` } })),
    );
    const error = await failure(probeProvider(url, 1));
    expect(error.toData()).toMatchObject({ code: 'RPC_ERROR', details: { reason: 'rpc-error' } });
  });
});

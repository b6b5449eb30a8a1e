/** Retries on the same provider: transient faults only, bounded, counted, and cancellable while waiting. */
import { describe, expect, it } from 'vitest';
import { cleanUpAndCheckLeaks, rejection } from './fixtures';
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

/** `first` for the first `n` requests, then an answer. */
function firstThen(n: number, first: Behaviour): Behaviour {
  let seen = 0;
  return (call, res, req) => (seen++ < n ? first(call, res, req) : json(res, 200, { jsonrpc: '2.0', id: call.id, result: '0xa' }));
}

/** Hedging off: these tests are about one lane. */
const NO_HEDGE = { ...QUICK, hedging: { ...QUICK.hedging, enabled: false } };

async function two(primaryUrl?: string): Promise<{ primary: RpcServer; secondary: RpcServer; path: Path }> {
  servers = await Promise.all([startRpcServer(b.result('0xa')), startRpcServer(b.result('0xb'))]);
  const [primary, secondary] = servers as [RpcServer, RpcServer];
  path = pathOver(
    [
      { name: 'primary', url: primaryUrl ?? primary.url },
      { name: 'secondary', url: secondary.url },
    ],
    NO_HEDGE,
  );
  return { primary, secondary, path };
}

describe('retry', () => {
  it('a reset connection is retried once on the same provider, which answers', async () => {
    const { primary, secondary, path } = await two();
    primary.behave(firstThen(1, b.reset()));
    expect(await path.request('eth_blockNumber')).toMatchObject({ result: '0xa', provider: 'primary' });
    expect([primary.requests, secondary.requests]).toEqual([2, 0]);
    expect(path.status('primary')).toMatchObject({ retries: 1, requests: 2, failures: 1, breaker: 'closed' });
  });

  it.each([502, 503, 504])('HTTP %i is retried once on the same provider', async (status) => {
    const { primary, secondary, path } = await two();
    primary.behave(firstThen(1, b.status(status)));
    expect((await path.request('eth_blockNumber')).provider).toBe('primary');
    expect([primary.requests, secondary.requests]).toEqual([2, 0]);
    expect(path.status('primary').retries).toBe(1);
  });

  it('at most maxRetries times, then it fails over', async () => {
    const { primary, path } = await two();
    primary.behave(b.status(503));
    expect((await path.request('eth_blockNumber')).provider).toBe('secondary');
    expect(primary.requests).toBe(2);
    expect(path.status('primary')).toMatchObject({ retries: 1, failures: 2 });
  });

  it.each([
    ['HTTP 429', b.status(429)],
    ['HTTP 500', b.status(500)],
    ['a timeout', b.hang()],
    ['garbage', b.raw('<html></html>', 'text/html')],
    ['a wrong id', b.wrongId()],
  ])('%s fails over at once, no retry', async (_label, behaviour) => {
    const { primary, secondary, path } = await two();
    primary.behave(behaviour);
    expect((await path.request('eth_blockNumber')).provider).toBe('secondary');
    expect([primary.requests, secondary.requests]).toEqual([1, 1]);
    expect(path.status('primary')).toMatchObject({ retries: 0, failures: 1 });
  });

  it('a refused connection fails over at once, no retry', async () => {
    const { secondary, path } = await two(await refusedUrl());
    expect((await path.request('eth_blockNumber')).provider).toBe('secondary');
    expect(secondary.requests).toBe(1);
    expect(path.status('primary')).toMatchObject({ retries: 0, requests: 1, failures: 1 });
  });

  it('the caller’s abort ends the wait before a retry at once; nothing is left running', async () => {
    servers = [await startRpcServer(b.reset())];
    const server = servers[0] as RpcServer;
    path = pathOver([{ name: 'primary', url: server.url }], { ...NO_HEDGE, retry: { maxRetries: 3, baseDelayMs: 5_000, maxDelayMs: 5_000 } });
    const started = performance.now();
    const error = await rejection(path.request('eth_blockNumber', [], AbortSignal.timeout(100)));
    expect(error.code).toBe('CANCELLED');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(server.requests).toBe(1);
    expect(path.status('primary').retries).toBe(0);
  });
});

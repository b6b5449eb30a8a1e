/** Rate limits: the provider is throttled until the time it named, gets no traffic until then, and is not "broken". */
import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE_MS, parseRetryAfter, Throttle } from '../../../src/main/engine/throttle';
import { cleanUpAndCheckLeaks, sleep } from './fixtures';
import { pathOver, QUICK, type Path } from './failover-harness';
import { behaviours as b, startRpcServer, type Behaviour, type RpcServer } from './rpc-server';

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

const tooMany =
  (retryAfter: string): Behaviour =>
  (_call, res) =>
    res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': retryAfter }).end('slow down');

async function two(): Promise<{ primary: RpcServer; secondary: RpcServer; path: Path }> {
  servers = await Promise.all([startRpcServer(b.result('0xa')), startRpcServer(b.result('0xb'))]);
  const [primary, secondary] = servers as [RpcServer, RpcServer];
  path = pathOver(
    [
      { name: 'primary', url: primary.url },
      { name: 'secondary', url: secondary.url },
    ],
    QUICK,
  );
  return { primary, secondary, path };
}

describe('throttling', () => {
  it('429 with Retry-After: 2 keeps traffic away for 2 s, then traffic returns', async () => {
    const { primary, secondary, path } = await two();
    primary.behave(tooMany('2'));
    const before = Date.now();
    expect((await path.request('eth_blockNumber')).provider).toBe('secondary');
    const status = path.status('primary');
    expect(status.throttledUntil).toBeGreaterThanOrEqual(before + 2_000);
    expect(status.throttledUntil).toBeLessThanOrEqual(Date.now() + 2_000);
    // A throttle is not a breaker fault, but it is a failed request and the badge says "back off".
    expect(status).toMatchObject({ breaker: 'closed', health: 'DEGRADED', failures: 1, retries: 0 });
    expect(status.lastError?.code).toBe('RATE_LIMITED');

    primary.behave(b.result('0xa'));
    for (let i = 0; i < 5; i++) expect((await path.request('eth_blockNumber')).provider).toBe('secondary');
    expect([primary.requests, secondary.requests]).toEqual([1, 6]);

    await sleep(Math.max(0, (status.throttledUntil ?? 0) - Date.now()) + 20);
    expect(path.status('primary').throttledUntil).toBeNull();
    expect((await path.request('eth_blockNumber')).provider).toBe('primary');
    expect(primary.requests).toBe(2);
  });

  it('a JSON-RPC rate-limit error without a header throttles for the default second', async () => {
    const { primary, path } = await two();
    primary.behave(b.rpcError(-32005, 'limit exceeded'));
    const before = Date.now();
    expect((await path.request('eth_blockNumber')).provider).toBe('secondary');
    const until = path.status('primary').throttledUntil ?? 0;
    expect(until - before).toBeGreaterThanOrEqual(DEFAULT_THROTTLE_MS);
    expect(until - Date.now()).toBeLessThanOrEqual(DEFAULT_THROTTLE_MS);
  });

  it('every provider throttled: NO_HEALTHY_PROVIDER at once, saying until when', async () => {
    const { primary, secondary, path } = await two();
    primary.behave(tooMany('5'));
    secondary.behave(tooMany('5'));
    await path.request('eth_blockNumber').catch(() => undefined);
    const error = await path.request('eth_blockNumber').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NO_HEALTHY_PROVIDER' });
    const details = (error as { details: { throttledUntil: Record<string, number> } }).details;
    expect(Object.keys(details.throttledUntil)).toEqual(['primary', 'secondary']);
    expect([primary.requests, secondary.requests]).toEqual([1, 1]);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');

  it('reads seconds and HTTP dates; nothing else', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Tue, 01 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-3', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('defaults to a second, is capped, and never shortens a longer throttle', () => {
    const throttle = new Throttle(60_000);
    throttle.throttle(undefined, now);
    expect(throttle.throttledUntil(now)).toBe(now + DEFAULT_THROTTLE_MS);
    throttle.throttle('86400', now);
    expect(throttle.throttledUntil(now)).toBe(now + 60_000);
    throttle.throttle('1', now);
    expect(throttle.throttledUntil(now)).toBe(now + 60_000);
    expect(throttle.throttledUntil(now + 60_000)).toBeNull();
  });
});

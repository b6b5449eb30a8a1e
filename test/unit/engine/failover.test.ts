/** Fallback order across real servers: who gets traffic, who does not, and what the caller sees when all fail. */
import { describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
import { pathOver, type Path } from './failover-harness';
import { behaviours as b, refusedUrl, startRpcServer, type RpcServer } from './rpc-server';

let engine: ManagedEngine | undefined;
let path: Path | undefined;
let servers: RpcServer[] = [];

cleanUpAndCheckLeaks(
  async () => {
    await engine?.dispose();
    await path?.dispose();
    engine = undefined;
    path = undefined;
  },
  async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  },
);

async function three(): Promise<[RpcServer, RpcServer, RpcServer]> {
  servers = await Promise.all([
    startRpcServer(b.result('0xa')),
    startRpcServer(b.result('0xb')),
    startRpcServer(b.result('0xc')),
  ]);
  return servers as [RpcServer, RpcServer, RpcServer];
}

describe('failover', () => {
  it('a healthy primary takes all traffic, whatever the configuration order', async () => {
    const [primary, secondary, pub] = await three();
    engine = createEngine(
      [
        chainOf([
          { name: 'public', url: pub.url, rank: 2 },
          { name: 'secondary', url: secondary.url, rank: 1 },
          { name: 'primary', url: primary.url, rank: 0 },
        ]),
      ],
      FAST,
    );
    const chain = engine.chain(CHAIN_ID);
    for (let i = 0; i < 5; i++) {
      expect(await chain.request('eth_blockNumber', [])).toMatchObject({ result: '0xa', provider: 'primary' });
    }
    expect([primary.requests, secondary.requests, pub.requests]).toEqual([5, 0, 0]);
  });

  it('fails over in rank order, skips open breakers, and comes back to nobody else', async () => {
    const [primary, secondary, pub] = await three();
    primary.behave(b.status(503));
    const providers = [
      { name: 'primary', url: primary.url },
      { name: 'secondary', url: secondary.url },
      { name: 'public', url: pub.url },
    ];
    // A long cool-down: the breaker must still be open when the status is read, however slow the machine.
    engine = createEngine([chainOf(providers)], { ...FAST, breaker: { ...FAST.breaker, halfOpenAfterMs: 10_000 } });
    const chain = engine.chain(CHAIN_ID);
    for (let i = 0; i < 5; i++) expect((await chain.request('eth_blockNumber', [])).provider).toBe('secondary');
    // 503 is transient: request 1 tried primary twice (a retry), request 2 made the third fault, which opened the
    // breaker (so no retry); the last three requests went straight to secondary.
    expect([primary.requests, secondary.requests, pub.requests]).toEqual([3, 5, 0]);
    expect(chain.status().map((s) => s.breaker)).toEqual(['open', 'closed', 'closed']);
  });

  it('ALL_PROVIDERS_FAILED lists every provider tried, with its code and message', async () => {
    const [primary, secondary] = await three();
    primary.behave(b.status(429));
    secondary.behave(b.hang());
    const providers = [
      { name: 'primary', url: primary.url },
      { name: 'secondary', url: secondary.url },
      { name: 'public', url: await refusedUrl() },
    ];
    // The last stage alone: the stages in front of it (last-known-good) have their own say on total failure.
    // Hedging off: the secondary's hang must end in its own timeout, not in a hedge to the public provider.
    path = pathOver(providers, { ...FAST, hedging: { enabled: false } });
    const error = await rejection(path.request('eth_blockNumber'));
    expect(error.code).toBe('ALL_PROVIDERS_FAILED');
    expect(error.provider).toBeUndefined();
    const attempts = error.details?.attempts as Array<{ provider: string; code: string; message: string }>;
    expect(attempts.map((a) => [a.provider, a.code])).toEqual([
      ['primary', 'RATE_LIMITED'],
      ['secondary', 'TIMEOUT'],
      ['public', 'PROVIDER_ERROR'],
    ]);
    expect(attempts[2]?.message).toContain('ECONNREFUSED');
  });
});

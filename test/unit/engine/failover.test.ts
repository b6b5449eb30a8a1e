/** Fallback order across real servers: who gets traffic, who does not, and what the caller sees when all fail. */
import { describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import { weightedFallbackOrder } from '../../../src/main/engine/selection';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
import { behaviours as b, refusedUrl, startRpcServer, type RpcServer } from './rpc-server';

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
    engine = createEngine([chainOf(providers)], FAST);
    const chain = engine.chain(CHAIN_ID);
    for (let i = 0; i < 5; i++) expect((await chain.request('eth_blockNumber', [])).provider).toBe('secondary');
    // Three faults opened primary's breaker; the last two requests went straight to secondary.
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
    engine = createEngine([chainOf(providers)], FAST);
    const error = await rejection(engine.chain(CHAIN_ID).request('eth_blockNumber', []));
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

describe('weightedFallbackOrder', () => {
  const providers = [
    { name: 'c', rank: 1, weight: 1 },
    { name: 'a', rank: 0, weight: 3 },
    { name: 'b', rank: 0, weight: 1 },
    { name: 'z', rank: 0, weight: 0 },
  ];

  it('orders by rank and draws by weight within a rank; weight 0 is a last resort', () => {
    expect(weightedFallbackOrder(() => 0)(providers).map((p) => p.name)).toEqual(['a', 'b', 'z', 'c']);
    // 0.8 of a total weight of 4 is 3.2: past a's 3, so b is drawn first.
    expect(weightedFallbackOrder(() => 0.8)(providers).map((p) => p.name)).toEqual(['b', 'a', 'z', 'c']);
  });

  it('splits first picks by weight', () => {
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const order = weightedFallbackOrder(random);
    const firsts = { a: 0, b: 0 };
    for (let i = 0; i < 4000; i++) firsts[order(providers)[0]?.name as 'a' | 'b']++;
    expect(firsts.a / 4000).toBeGreaterThan(0.7);
    expect(firsts.a / 4000).toBeLessThan(0.8);
  });
});

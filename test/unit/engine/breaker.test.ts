/** The per-provider breaker against a real server: opening, the single half-open probe, closing, isolation. */
import { describe, expect, it } from 'vitest';
import type { ProviderStatus } from '../../../src/shared/domain';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection, sleep } from './fixtures';
import { behaviours as b, startRpcServer, type RpcServer } from './rpc-server';

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

async function openBreaker(): Promise<{ engine: ManagedEngine; server: RpcServer }> {
  server = await startRpcServer(b.status(502));
  engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], FAST);
  const chain = engine.chain(CHAIN_ID);
  for (let i = 0; i < 3; i++) {
    expect((await rejection(chain.request('eth_blockNumber', []))).code).toBe('PROVIDER_ERROR');
  }
  return { engine, server };
}

describe('breaker', () => {
  it('opens after 3 consecutive faults and then refuses at once with NO_HEALTHY_PROVIDER', async () => {
    const { engine, server } = await openBreaker();
    const chain = engine.chain(CHAIN_ID);
    expect(chain.status()[0]).toMatchObject({ breaker: 'open', health: 'UNHEALTHY', requests: 3, failures: 3 });
    expect(chain.status()[0]?.breakerSince).toBeTypeOf('number');
    const error = await rejection(chain.request('eth_blockNumber', []));
    expect(error.code).toBe('NO_HEALTHY_PROVIDER');
    expect(error.details).toEqual({ chainId: CHAIN_ID, breakers: { primary: 'open' } });
    expect(server.requests).toBe(3);
  });

  it('lets exactly one probe through when half-open, and closes on its success', async () => {
    const { engine, server } = await openBreaker();
    const chain = engine.chain(CHAIN_ID);
    await sleep(200);
    expect(chain.status()[0]?.breaker).toBe('half-open');
    // The probe takes a while, so the second call arrives while it is in flight.
    server.behave(b.delay(100, b.result('0x10')));
    const [probe, other] = await Promise.allSettled([
      chain.request('eth_blockNumber', []),
      chain.request('eth_blockNumber', []),
    ]);
    expect(probe).toMatchObject({ status: 'fulfilled', value: { result: '0x10', provider: 'primary' } });
    expect(other.status).toBe('rejected');
    expect(other.status === 'rejected' && other.reason.code).toBe('NO_HEALTHY_PROVIDER');
    expect(server.requests).toBe(4);
    expect(chain.status()[0]).toMatchObject({ breaker: 'closed', health: 'HEALTHY' });
    expect((await chain.request('eth_blockNumber', [])).result).toBe('0x10');
  });

  it('re-opens when the probe fails', async () => {
    const { engine, server } = await openBreaker();
    const chain = engine.chain(CHAIN_ID);
    await sleep(200);
    expect((await rejection(chain.request('eth_blockNumber', []))).code).toBe('PROVIDER_ERROR');
    expect(chain.status()[0]?.breaker).toBe('open');
    expect((await rejection(chain.request('eth_blockNumber', []))).code).toBe('NO_HEALTHY_PROVIDER');
    expect(server.requests).toBe(4);
  });

  it('a probe the caller cancels proves nothing: the breaker re-opens and no failure is counted', async () => {
    const { engine, server } = await openBreaker();
    const chain = engine.chain(CHAIN_ID);
    await sleep(200);
    server.behave(b.hang());
    const error = await rejection(chain.request('eth_blockNumber', [], { signal: AbortSignal.timeout(50) }));
    expect(error.code).toBe('CANCELLED');
    expect(chain.status()[0]).toMatchObject({ breaker: 'open', failures: 3, requests: 4 });
  });

  it('reports each transition to status listeners, including open → half-open on its own', async () => {
    server = await startRpcServer(b.status(500));
    engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], FAST);
    const seen: Array<ProviderStatus['breaker']> = [];
    engine.onStatusChange((status) => {
      const breaker = status[0]?.breaker;
      if (breaker !== undefined && seen.at(-1) !== breaker) seen.push(breaker);
    });
    const chain = engine.chain(CHAIN_ID);
    for (let i = 0; i < 3; i++) await rejection(chain.request('eth_blockNumber', []));
    await sleep(200);
    server.behave(b.result('0x1'));
    await chain.request('eth_blockNumber', []);
    expect(seen).toEqual(['closed', 'open', 'half-open', 'closed']);
  });

  it('isolated (operator disabled) takes no traffic until enabled again', async () => {
    server = await startRpcServer(b.result('0x1'));
    engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], FAST);
    const chain = engine.chain(CHAIN_ID);
    engine.setProviderEnabled(`${CHAIN_ID}:primary`, false);
    expect(chain.status()[0]).toMatchObject({ breaker: 'isolated', health: 'UNHEALTHY' });
    expect((await rejection(chain.request('eth_blockNumber', []))).code).toBe('NO_HEALTHY_PROVIDER');
    expect(server.requests).toBe(0);
    engine.setProviderEnabled(`${CHAIN_ID}:primary`, true);
    expect(chain.status()[0]?.breaker).toBe('closed');
    expect((await chain.request('eth_blockNumber', [])).provider).toBe('primary');
    expect(() => engine?.setProviderEnabled('1:nobody', false)).toThrow(/no provider/);
  });
});

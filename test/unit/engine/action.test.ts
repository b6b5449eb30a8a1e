/** Actions (`traced`): one lane and one global deadline for every request they make, viem's included. */
import { describe, expect, it } from 'vitest';
import { createEngine, findSteadfastError, type ManagedEngine } from '../../../src/main/engine';
import type { ChainEngineImpl } from '../../../src/main/engine/chain-engine';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
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

async function chainOver(behaviour: Behaviour): Promise<ChainEngineImpl> {
  server = await startRpcServer(behaviour);
  engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], {
    ...FAST,
    timeouts: { connectionMs: 1_000, requestMs: 10_000, operationMs: 10_000 },
  });
  return engine.chain(CHAIN_ID) as ChainEngineImpl;
}

/** Answers eth_blockNumber; holds nothing; every later call hangs once `hangFrom` calls have been answered. */
function answersThenHangs(hangFrom: number): Behaviour {
  let seen = 0;
  return (call, res, req) => (++seen > hangFrom ? b.hang()(call, res, req) : b.result('0x5')(call, res, req));
}

describe('actions', () => {
  it('a global deadline ends the later of several sequential requests with TIMEOUT scope global', async () => {
    const chain = await chainOver(answersThenHangs(1));
    let closed: Promise<void> | undefined;
    const outcomes: string[] = [];
    const error = await rejection(
      chain.traced(
        async () => {
          outcomes.push(String((await chain.request('eth_blockNumber', [])).result));
          closed = server!.nextSocketClose();
          for (const params of [['0x01', 'latest'], ['0x02', 'latest']]) {
            const e = await rejection(chain.request('eth_getBalance', params));
            outcomes.push(`${e.code}:${String(e.details?.scope)}`);
          }
          throw await rejection(chain.request('eth_chainId', []));
        },
        { deadlineMs: 200 },
      ),
    );
    await closed;
    expect(outcomes).toEqual(['0x5', 'TIMEOUT:global', 'TIMEOUT:global']);
    expect(error.toData()).toMatchObject({ code: 'TIMEOUT', details: { scope: 'global', ms: 200 } });
    // After the deadline, requests fail before reaching the wire: only the first two were sent.
    expect(server!.calls.map((c) => c.method)).toEqual(['eth_blockNumber', 'eth_getBalance']);
    expect(chain.status()[0]).toMatchObject({ failures: 0 });
  });

  it('the global deadline reaches viem client calls too, and closes the socket', async () => {
    const chain = await chainOver(b.hang());
    const closed = server!.nextSocketClose();
    const error = await chain.traced(() => chain.client.getBalance({ address: `0x${'11'.repeat(20)}` }), { deadlineMs: 100 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(findSteadfastError(error)?.toData()).toMatchObject({ code: 'TIMEOUT', details: { scope: 'global', ms: 100 } });
    await closed;
  });

  it('the action caller aborting cancels its in-flight request and refuses later ones', async () => {
    const chain = await chainOver(b.hang());
    const closed = server!.nextSocketClose();
    const controller = new AbortController();
    const codes: string[] = [];
    await chain.traced(
      async () => {
        const pending = chain.request('eth_blockNumber', []);
        while (server!.requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        controller.abort();
        codes.push((await rejection(pending)).code);
        codes.push((await rejection(chain.request('eth_chainId', []))).code);
      },
      { signal: controller.signal },
    );
    expect(codes).toEqual(['CANCELLED', 'CANCELLED']);
    await closed;
    expect(server!.requests).toBe(1);
    expect((await rejection(chain.traced(async () => 'never', { signal: controller.signal }))).code).toBe('CANCELLED');
  });

  it("the action's priority is the default lane of its requests; a request's own priority wins", async () => {
    const h = held();
    const chain = await chainOver(h.behaviour);
    const action = chain.traced(
      async () => {
        const a = chain.request('eth_getBalance', ['0x01', 'latest']);
        const c = chain.request('eth_getBalance', ['0x02', 'latest'], { priority: 'background' });
        await h.until(2);
        const lanes = chain.lanes();
        h.release('0x1');
        h.release('0x2');
        await Promise.all([a, c]);
        return lanes;
      },
      { priority: 'critical' },
    );
    const { value: lanes, trace } = await action;
    expect(lanes.critical.active).toBe(1);
    expect(lanes.background.active).toBe(1);
    expect(lanes.standard.active).toBe(0);
    expect(trace.providers).toEqual(['primary']);
  });

  it('a nested action may shorten the deadline; the outer action continues after the inner one timed out', async () => {
    const chain = await chainOver(answersThenHangs(0));
    const result = await chain.traced(
      async () => {
        const inner = await rejection(chain.traced(() => chain.request('eth_blockNumber', []), { deadlineMs: 80 }));
        server!.behave(b.result('0x7a69'));
        const after = await chain.request('eth_chainId', []);
        return [inner.details, after.result];
      },
      { deadlineMs: 5_000 },
    );
    expect(result.value).toEqual([{ scope: 'global', ms: 80 }, '0x7a69']);
  });
});

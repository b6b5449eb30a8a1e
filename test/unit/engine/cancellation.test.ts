/** Timeouts and aborts must reach the wire: the server sees the socket close, not just the caller stop waiting. */
import { describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import { underlyingError } from '../../../src/main/engine/last-known-good';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';
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

async function hanging(): Promise<ManagedEngine> {
  server = await startRpcServer(b.hang());
  engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], FAST);
  return engine;
}

describe('cancellation', () => {
  it('a request timeout destroys the request: the server sees its socket close', async () => {
    const chain = (await hanging()).chain(CHAIN_ID);
    const closed = server!.nextSocketClose();
    const error = await rejection(chain.request('eth_blockNumber', []));
    // Nothing cached to fall back to: OFFLINE, with the provider's timeout as its cause.
    expect(error.code).toBe('OFFLINE');
    expect(underlyingError(error)).toMatchObject({ code: 'TIMEOUT', provider: 'primary' });
    // Resolves only if the socket really closed; a leaked request would hang this test until vitest's timeout.
    await closed;
    expect(chain.status()[0]).toMatchObject({ failures: 1, lastError: { code: 'TIMEOUT' } });
  });

  it('the caller aborting gives CANCELLED, closes the socket and counts nothing', async () => {
    const chain = (await hanging()).chain(CHAIN_ID);
    const closed = server!.nextSocketClose();
    const controller = new AbortController();
    const pending = chain.request('eth_blockNumber', [], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await rejection(pending)).code).toBe('CANCELLED');
    await closed;
    expect(chain.status()[0]).toMatchObject({ requests: 1, failures: 0, breaker: 'closed', lastError: null });
  });

  it('an already aborted signal sends nothing', async () => {
    const chain = (await hanging()).chain(CHAIN_ID);
    const error = await rejection(chain.request('eth_blockNumber', [], { signal: AbortSignal.abort() }));
    expect(error.code).toBe('CANCELLED');
    expect(server!.requests).toBe(0);
  });

  it('dispose ends in-flight requests and refuses new ones', async () => {
    const engine = await hanging();
    const chain = engine.chain(CHAIN_ID);
    const pending = rejection(chain.request('eth_blockNumber', []));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await engine.dispose();
    expect((await pending).code).toBe('NOT_AVAILABLE');
    expect((await rejection(chain.request('eth_blockNumber', []))).code).toBe('NOT_AVAILABLE');
  });
});

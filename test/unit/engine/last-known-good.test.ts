import { describe, expect, it } from 'vitest';
import { SteadfastError, type ErrorCode } from '../../../src/shared/errors';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import {
  cacheKey,
  lastKnownGood,
  memoryAnswerStore,
  underlyingError,
  type AnswerStore,
} from '../../../src/main/engine/last-known-good';
import { compose, type EngineRequest, type Handler } from '../../../src/main/engine/pipeline';
import type { EngineResponse } from '../../../src/main/engine/types';
import { behaviours as b, json, startRpcServer, type RpcServer } from './rpc-server';
import { chainOf, cleanUpAndCheckLeaks, FAST, rejection } from './fixtures';

const failure = (code: ErrorCode): SteadfastError => new SteadfastError({ code, message: `it failed (${code})`, retryable: true });

/** A terminal whose next outcome each test sets, counting calls. */
function terminal() {
  const state = { calls: 0, outcome: (): Promise<EngineResponse> => Promise.resolve({ result: '0x1', provider: 'primary', latencyMs: 1 }) };
  const handler: Handler = () => {
    state.calls++;
    return state.outcome();
  };
  return {
    state,
    answer: (result: unknown, provider = 'primary') => (state.outcome = () => Promise.resolve({ result, provider, latencyMs: 1 })),
    fail: (error: SteadfastError) => (state.outcome = () => Promise.reject(error)),
    handler,
  };
}

function setup(store: AnswerStore = memoryAnswerStore(10)) {
  const t = terminal();
  const recorded: number[] = [];
  let clock = 1_000;
  const handle = compose(
    [lastKnownGood({ store, tracer: { recordCached: (at) => recorded.push(at) }, now: () => clock })],
    t.handler,
  );
  const send = (method: string, params: readonly unknown[], signal = new AbortController().signal) =>
    handle({ method, params, signal } satisfies EngineRequest);
  return { t, recorded, send, tick: (ms: number) => (clock += ms) };
}

describe('last-known-good stage', () => {
  it.each<ErrorCode>(['ALL_PROVIDERS_FAILED', 'NO_HEALTHY_PROVIDER', 'PROVIDER_ERROR', 'RATE_LIMITED', 'TIMEOUT'])(
    '%s → the cached answer, with when and from whom it came',
    async (code) => {
      const { t, recorded, send, tick } = setup();
      t.answer('0x64', 'secondary');
      expect(await send('eth_getBalance', ['0xAbC', '0x10'])).toEqual({ result: '0x64', provider: 'secondary', latencyMs: 1 });
      tick(5_000);
      t.fail(failure(code));
      expect(await send('eth_getBalance', ['0xabc', '0x10'])).toEqual({
        result: '0x64',
        provider: 'secondary',
        latencyMs: 0,
        cachedAt: 1_000,
      });
      expect(recorded).toEqual([1_000]);
    },
  );

  it.each<ErrorCode>(['RPC_ERROR', 'CANCELLED', 'BUSY', 'NOT_AVAILABLE', 'INVALID_INPUT'])('%s passes through untouched', async (code) => {
    const { t, recorded, send } = setup();
    await send('eth_call', [{ to: '0x1', data: '0x2' }, 'latest']);
    const error = failure(code);
    t.fail(error);
    expect(await rejection(send('eth_call', [{ to: '0x1', data: '0x2' }, 'latest']))).toBe(error);
    expect(recorded).toEqual([]);
  });

  it('nothing cached → OFFLINE, retryable, with the underlying error in details and as cause', async () => {
    const { t, send } = setup();
    const underlying = failure('ALL_PROVIDERS_FAILED');
    t.fail(underlying);
    const error = await rejection(send('eth_blockNumber', []));
    expect(error.toData()).toEqual({
      code: 'OFFLINE',
      message: 'no provider answered eth_blockNumber and nothing is cached: it failed (ALL_PROVIDERS_FAILED)',
      retryable: true,
      details: { method: 'eth_blockNumber', cause: underlying.toData() },
    });
    expect(underlyingError(error)).toBe(underlying);
  });

  it('does not cache writes or unknown methods, and does not turn their failures into OFFLINE', async () => {
    const { t, send } = setup();
    await send('eth_sendRawTransaction', ['0xf86c']);
    const error = failure('ALL_PROVIDERS_FAILED');
    t.fail(error);
    expect(await rejection(send('eth_sendRawTransaction', ['0xf86c']))).toBe(error);
  });

  it('does not answer a caller that has already given up', async () => {
    const { t, send } = setup();
    await send('eth_chainId', []);
    const controller = new AbortController();
    controller.abort();
    const error = failure('TIMEOUT');
    t.fail(error);
    expect(await rejection(send('eth_chainId', [], controller.signal))).toBe(error);
  });

  it('keys on canonical params: key order and hex case do not matter, values do', () => {
    expect(cacheKey('eth_call', [{ to: '0xAB', data: '0xCD' }, 'latest'])).toBe(cacheKey('eth_call', [{ data: '0xcd', to: '0xab' }, 'latest']));
    expect(cacheKey('eth_call', [{ to: '0xab' }, '0x1'])).not.toBe(cacheKey('eth_call', [{ to: '0xab' }, '0x2']));
    expect(cacheKey('eth_getBalance', ['0xab', 'latest'])).not.toBe(cacheKey('eth_getCode', ['0xab', 'latest']));
    expect(cacheKey('eth_call', [1n])).toBeUndefined();
  });

  it('serves a copy: a caller editing its cached answer does not change the next one', async () => {
    const { t, send } = setup();
    t.answer({ number: '0x1', transactions: [] });
    await send('eth_getBlockByNumber', ['0x1', false]);
    t.fail(failure('ALL_PROVIDERS_FAILED'));
    const first = (await send('eth_getBlockByNumber', ['0x1', false])).result as { transactions: unknown[] };
    first.transactions.push('mutated');
    expect((await send('eth_getBlockByNumber', ['0x1', false])).result).toEqual({ number: '0x1', transactions: [] });
  });

  it('keeps at most maxEntries answers, dropping the least recently used', async () => {
    const { t, send } = setup(memoryAnswerStore(2));
    for (const block of ['0x1', '0x2', '0x3']) await send('eth_getBalance', ['0xa', block]);
    t.fail(failure('ALL_PROVIDERS_FAILED'));
    expect((await rejection(send('eth_getBalance', ['0xa', '0x1']))).code).toBe('OFFLINE');
    expect((await send('eth_getBalance', ['0xa', '0x3'])).cachedAt).toBe(1_000);
  });
});

describe('last-known-good through the engine', () => {
  let server: RpcServer | undefined;
  let engine: ManagedEngine | undefined;
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

  it('traced() reports the cached answer’s time; OFFLINE when never answered', async () => {
    // The right chain id for the engine's start-up check (a wrong one would quarantine the only provider).
    server = await startRpcServer((call, res) => json(res, 200, { jsonrpc: '2.0', id: call.id, result: call.method === 'eth_chainId' ? '0x7a69' : '0x2a' }));
    engine = createEngine([chainOf([{ name: 'primary', url: server.url }])], {
      ...FAST,
      health: { headPollMs: 3_600_000, chainIdCheckMs: 3_600_000 },
    });
    const chain = engine.chain(31337);
    const before = Date.now();
    const live = await chain.traced(() => chain.request('eth_getBalance', ['0x70997970c51812dc3a010c7d01b50e0d17dc79c8', '0x5']));
    const after = Date.now();
    expect(live.trace).toEqual({ providers: ['primary'], oldestCachedAt: null });

    // 500, not 503: a 503 is retried (two faults per request) and would open the breaker before the third read.
    server.behave(b.status(500));
    const cached = await chain.traced(() => chain.request('eth_getBalance', ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x5']));
    expect(cached.value).toMatchObject({ result: '0x2a', provider: 'primary' });
    expect(cached.value.cachedAt).toBeGreaterThanOrEqual(before);
    expect(cached.value.cachedAt).toBeLessThanOrEqual(after);
    expect(cached.trace).toEqual({ providers: ['primary'], oldestCachedAt: cached.value.cachedAt });

    const offline = await rejection(chain.request('eth_getBalance', ['0x70997970c51812dc3a010c7d01b50e0d17dc79c8', '0x6']));
    expect(offline).toMatchObject({ code: 'OFFLINE', retryable: true, details: { cause: { code: 'PROVIDER_ERROR' } } });
  });
});

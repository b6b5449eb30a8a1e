/**
 * The fault matrix: every fault the demo proxies inject × which providers have it, against the real demo chain, with
 * exact outcomes: the value, who answered, breaker states, how many requests reached each proxy, the age of cached
 * data when every provider fails, and the typed error when nothing is cached.
 *
 * One demo for the file; a fresh engine per row, so breakers, throttles and the cache start clean. Hedging is off in
 * the matrix: whether and when a hedge fires depends on the latency history, and exact request counts would then
 * depend on scheduling. Hedging has its own rows below. Background health checks are pushed out to an hour; the
 * start-up checks are waited out before anything is counted, and counts are deltas around the read alone.
 *
 * Rows whose expectation depends on behaviour other engineers were landing while this was written carry `dependsOn`
 * (shown in the test name): retry of transient faults, Retry-After throttling and hedging (B1). If one fails, look
 * there first.
 */
import { connect } from 'node:net';
import { encodeFunctionData, erc20Abi, toHex, type Address } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/main/demo/index';
import type { Fault } from '../../src/shared/domain';
import { SteadfastError } from '../../src/shared/errors';
import { createEngine, findSteadfastError, type ChainEngine, type EngineOptionsInput, type ManagedEngine } from '../../src/main/engine';

const PROVIDERS = ['primary', 'secondary', 'public'] as const;
type Name = (typeof PROVIDERS)[number];
const HOUR = 3_600_000;
const REQUEST_MS = 800;

const OPTIONS: EngineOptionsInput = {
  timeouts: { connectionMs: 500, requestMs: REQUEST_MS },
  breaker: { consecutiveFailures: 3, halfOpenAfterMs: 300 },
  hedging: { enabled: false },
  retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 50 },
  health: { headPollMs: HOUR, chainIdCheckMs: HOUR },
};

interface Kind {
  name: string;
  fault: Fault;
  /** Requests one read makes reach a faulted provider's proxy (a refused connection never gets there). */
  seen: number;
  code: 'PROVIDER_ERROR' | 'RATE_LIMITED' | 'TIMEOUT';
  /** The provider asked us to wait this long (ms): it is throttled until then. */
  throttleMs?: number;
  /** Behaviour of another part of the path this row's expectation relies on. */
  dependsOn?: string;
}

// B1 retry: reset and 503 are transient, retried once on the same provider → 2 requests reach it.
// B1 throttle: 429 with Retry-After and -32005 throttle the provider (Retry-After, else 1 s).
const KINDS: Kind[] = [
  { name: 'refuse', fault: { kind: 'refuse' }, seen: 0, code: 'PROVIDER_ERROR' },
  { name: 'reset', fault: { kind: 'reset' }, seen: 2, code: 'PROVIDER_ERROR', dependsOn: 'B1 retry' },
  { name: 'hang', fault: { kind: 'hang' }, seen: 1, code: 'TIMEOUT' },
  { name: 'http 500', fault: { kind: 'http', status: 500 }, seen: 1, code: 'PROVIDER_ERROR' },
  { name: 'http 503', fault: { kind: 'http', status: 503 }, seen: 2, code: 'PROVIDER_ERROR', dependsOn: 'B1 retry' },
  {
    name: 'http 429 Retry-After 30',
    fault: { kind: 'http', status: 429, retryAfterSeconds: 30 },
    seen: 1,
    code: 'RATE_LIMITED',
    throttleMs: 30_000,
    dependsOn: 'B1 throttle',
  },
  { name: 'garbage html', fault: { kind: 'garbage', body: 'html' }, seen: 1, code: 'PROVIDER_ERROR' },
  { name: 'garbage text', fault: { kind: 'garbage', body: 'text' }, seen: 1, code: 'PROVIDER_ERROR' },
  { name: 'garbage empty', fault: { kind: 'garbage', body: 'empty' }, seen: 1, code: 'PROVIDER_ERROR' },
  { name: 'garbage truncated', fault: { kind: 'garbage', body: 'truncated' }, seen: 1, code: 'PROVIDER_ERROR' },
  { name: 'wrong-id', fault: { kind: 'wrong-id' }, seen: 1, code: 'PROVIDER_ERROR' },
  { name: 'header not found', fault: { kind: 'rpc-error', code: -32000, message: 'header not found' }, seen: 1, code: 'PROVIDER_ERROR' },
  {
    name: 'rate limit -32005',
    fault: { kind: 'rpc-error', code: -32005, message: 'request rate exceeded' },
    seen: 1,
    code: 'RATE_LIMITED',
    throttleMs: 1_000,
    dependsOn: 'B1 throttle',
  },
];

const SCOPES: Array<{ name: string; faulted: Name[] }> = [
  { name: 'primary', faulted: ['primary'] },
  { name: 'primary+secondary', faulted: ['primary', 'secondary'] },
  { name: 'all', faulted: ['primary', 'secondary', 'public'] },
];

let demo: Demo;
let engine: ManagedEngine | undefined;
let head: bigint;
let holder: Address;
let balance: bigint;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeAll(async () => {
  demo = await startDemo();
  process.on('unhandledRejection', onUnhandled);
  const anvil = await fetch(demo.chains[0]!.anvilUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
  });
  head = BigInt(((await anvil.json()) as { result: string }).result);
  holder = demo.watched[0]!.address as Address;
  balance = demo.expected.balances[holder]!.ETH!;
});

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  for (const name of PROVIDERS) demo.setFault(name, { kind: 'none' });
  // A `refuse` closed the proxy's listener; the next row must not start before it listens again.
  await Promise.all(demo.chains[0]!.providers.map((p) => listening(p.url)));
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await demo?.stop();
});

/** A fresh engine, once its start-up health checks have gone quiet. */
async function freshChain(options: EngineOptionsInput = OPTIONS): Promise<ChainEngine> {
  engine = createEngine([demo.chains[0]!.config], options);
  await quiet();
  return engine.chain(demo.chains[0]!.config.chainId);
}

function counts(): Record<Name, number> {
  const byName = Object.fromEntries(demo.status().providers.map((p) => [p.name, p.requests]));
  return { primary: byName.primary ?? 0, secondary: byName.secondary ?? 0, public: byName.public ?? 0 };
}

function delta(before: Record<Name, number>): Record<Name, number> {
  const after = counts();
  return { primary: after.primary - before.primary, secondary: after.secondary - before.secondary, public: after.public - before.public };
}

/** Waits until no proxy has seen a request for 150 ms (the engine's start-up chain-id and head checks are done). */
async function quiet(): Promise<void> {
  let last = JSON.stringify(counts());
  for (let stable = 0; stable < 3; ) {
    await sleep(50);
    const now = JSON.stringify(counts());
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function listening(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), hostname);
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
    });
    if (ok) return;
    await sleep(20);
  }
  throw new Error(`${url} does not listen again`);
}

/** The read under test: one watched address's native balance, pinned to the seeded head. */
const read = (chain: ChainEngine) => chain.traced(() => chain.request('eth_getBalance', [holder, toHex(head)]));

const statusOf = (chain: ChainEngine, name: Name) => chain.status().find((s) => s.name === name)!;

/** What the faulted providers look like after one failed read: counted, not (yet) open, throttled if asked. */
function expectFaulted(chain: ChainEngine, kind: Kind, faulted: Name[], window: [number, number]): void {
  for (const name of faulted) {
    const status = statusOf(chain, name);
    expect(status, name).toMatchObject({ breaker: 'closed', lastError: { code: kind.code } });
    if (kind.throttleMs !== undefined) {
      expect(status.throttledUntil, `${name} throttled`).toBeGreaterThanOrEqual(window[0] + kind.throttleMs - 1_000);
      expect(status.throttledUntil, `${name} throttled`).toBeLessThanOrEqual(window[1] + kind.throttleMs + 1_000);
    }
  }
}

describe('fault matrix', () => {
  for (const kind of KINDS) {
    const suffix = kind.dependsOn === undefined ? '' : ` [${kind.dependsOn}]`;
    for (const scope of SCOPES.slice(0, 2)) {
      it(`${kind.name} on ${scope.name} → the next provider answers${suffix}`, async () => {
        const chain = await freshChain();
        for (const name of scope.faulted) demo.setFault(name, kind.fault);
        const answerer = PROVIDERS[scope.faulted.length]!;
        const before = counts();
        const started = Date.now();
        const { value, trace } = await read(chain);
        const window: [number, number] = [started, Date.now()];
        expect(BigInt(value.result as string)).toBe(balance);
        expect(value.provider).toBe(answerer);
        expect(value.cachedAt).toBeUndefined();
        expect(trace).toEqual({ providers: [answerer], oldestCachedAt: null });
        const expected = { primary: 0, secondary: 0, public: 0 };
        for (const name of scope.faulted) expected[name] = kind.seen;
        expected[answerer] = 1;
        expect(delta(before)).toEqual(expected);
        expectFaulted(chain, kind, scope.faulted, window);
        expect(statusOf(chain, answerer)).toMatchObject({ breaker: 'closed', lastError: null });
      });
    }

    it(`${kind.name} on all → the primed answer from cache, with its age${suffix}`, async () => {
      const chain = await freshChain();
      const primedFrom = Date.now();
      const primed = await read(chain);
      const primedTo = Date.now();
      expect(primed.value.provider).toBe('primary');
      for (const name of PROVIDERS) demo.setFault(name, kind.fault);
      const before = counts();
      const started = Date.now();
      const { value, trace } = await read(chain);
      const window: [number, number] = [started, Date.now()];
      expect(BigInt(value.result as string)).toBe(balance);
      expect(value.provider).toBe('primary');
      expect(value.cachedAt).toBeGreaterThanOrEqual(primedFrom);
      expect(value.cachedAt).toBeLessThanOrEqual(primedTo);
      expect(trace).toEqual({ providers: ['primary'], oldestCachedAt: value.cachedAt });
      expect(delta(before)).toEqual({ primary: kind.seen, secondary: kind.seen, public: kind.seen });
      expectFaulted(chain, kind, [...PROVIDERS], window);
    });

    it(`${kind.name} on all, nothing cached → OFFLINE${suffix}`, async () => {
      const chain = await freshChain();
      for (const name of PROVIDERS) demo.setFault(name, kind.fault);
      const before = counts();
      const started = Date.now();
      const error = await read(chain).then(
        () => undefined,
        (e: unknown) => e,
      );
      const window: [number, number] = [started, Date.now()];
      expect(error).toBeInstanceOf(SteadfastError);
      expect(error).toMatchObject({
        code: 'OFFLINE',
        retryable: true,
        message: expect.stringMatching(/^no provider answered eth_getBalance and nothing is cached/),
        details: { method: 'eth_getBalance', cause: { code: 'ALL_PROVIDERS_FAILED' } },
      });
      const attempts = (error as SteadfastError).details?.cause as { details: { attempts: Array<{ provider: string; code: string }> } };
      expect(attempts.details.attempts.map((a) => [a.provider, a.code])).toEqual(PROVIDERS.map((name) => [name, kind.code]));
      expect(delta(before)).toEqual({ primary: kind.seen, secondary: kind.seen, public: kind.seen });
      expectFaulted(chain, kind, [...PROVIDERS], window);
    });
  }
});

describe('beyond the matrix', () => {
  it('every provider disabled → the cached answer at once, no upstream request', async () => {
    const chain = await freshChain();
    const primed = await read(chain);
    for (const name of PROVIDERS) engine!.setProviderEnabled(`${chain.config.chainId}:${name}`, false);
    const before = counts();
    const { value, trace } = await read(chain);
    expect(value).toMatchObject({ provider: 'primary', cachedAt: primed.value.cachedAt ?? expect.any(Number) });
    expect(BigInt(value.result as string)).toBe(balance);
    expect(trace.oldestCachedAt).toBe(value.cachedAt);
    expect(delta(before)).toEqual({ primary: 0, secondary: 0, public: 0 });
  });

  it('execution reverted → returned at once: one upstream call, no failover, no fallback, breakers untouched', async () => {
    const chain = await freshChain();
    const token = chain.config.tokens.find((t) => demo.expected.balances[holder]![t.symbol]! > 0n)!;
    const tooMuch = demo.expected.balances[holder]![token.symbol]! + 1n;
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [demo.watched[1]!.address as Address, tooMuch] });
    const before = counts();
    const error = await chain.request('eth_call', [{ from: holder, to: token.address, data }, toHex(head)]).then(
      () => undefined,
      (e: unknown) => findSteadfastError(e),
    );
    expect(error).toMatchObject({ code: 'RPC_ERROR', retryable: false, provider: 'primary', message: expect.stringMatching(/revert/i) });
    expect(delta(before)).toEqual({ primary: 1, secondary: 0, public: 0 });
    for (const name of PROVIDERS) expect(statusOf(chain, name), name).toMatchObject({ breaker: 'closed', failures: 0, lastError: null });
  });

  it.each(['html', 'empty', 'truncated'] as const)(
    'HTTP 200 %s bodies with 40 concurrent callers: every caller settles, no unhandled rejection',
    async (body) => {
      const chain = await freshChain();
      demo.setFault('primary', { kind: 'garbage', body });
      const failingOver = await Promise.allSettled(Array.from({ length: 40 }, () => read(chain)));
      expect(failingOver.map((r) => r.status === 'fulfilled' && r.value.value.provider)).toEqual(Array(40).fill('secondary'));
      expect(failingOver.map((r) => r.status === 'fulfilled' && BigInt(r.value.value.result as string))).toEqual(Array(40).fill(balance));

      for (const name of PROVIDERS) demo.setFault(name, { kind: 'garbage', body });
      // Distinct reads (one address each), so that none is answered from the cache primed above.
      const failing = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => chain.request('eth_getBalance', [toHex(i + 1, { size: 20 }), toHex(head)])),
      );
      expect(failing.map((r) => r.status === 'rejected' && (r.reason as SteadfastError).code)).toEqual(Array(40).fill('OFFLINE'));
      await sleep(20);
      expect(unhandled).toEqual([]);
    },
  );

  // B1 hedging: a slow primary (600 ms, under the request timeout) is hedged to the secondary after at most
  // maxDelayMs; the secondary's answer wins and the primary's request is cancelled without counting against it.
  it('slow primary with hedging → the hedge to the secondary answers first [B1 hedging]', async () => {
    const chain = await freshChain({ ...OPTIONS, hedging: { enabled: true, minDelayMs: 100, maxDelayMs: 200, maxExtraLoad: 1 } });
    demo.setFault('primary', { kind: 'delay', ms: 600 });
    const before = counts();
    const started = Date.now();
    const { value, trace } = await read(chain);
    expect(Date.now() - started).toBeLessThan(600);
    expect(value.provider).toBe('secondary');
    expect(trace.providers).toEqual(['secondary']);
    expect(delta(before)).toEqual({ primary: 1, secondary: 1, public: 0 });
    expect(statusOf(chain, 'primary')).toMatchObject({ breaker: 'closed', failures: 0 });
  });
});

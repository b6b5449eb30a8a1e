/**
 * The per-provider breaker against a real server: opening, the single half-open probe, closing, isolation, the
 * growing cool-down and the recorded transitions.
 */
import { describe, expect, it } from 'vitest';
import type { BreakerTransition, ProviderStatus } from '../../../src/shared/domain';
import { coolDown, CountedFailure, ProviderBreaker } from '../../../src/main/engine/breaker';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection, sleep } from './fixtures';
import { pathOver, type Path } from './failover-harness';
import { behaviours as b, startRpcServer, type RpcServer } from './rpc-server';

let engine: ManagedEngine | undefined;
let path: Path | undefined;
let server: RpcServer | undefined;

cleanUpAndCheckLeaks(
  async () => {
    await engine?.dispose();
    await path?.dispose();
    engine = undefined;
    path = undefined;
  },
  async () => {
    await server?.close();
    server = undefined;
  },
);

/** One provider whose server answers 500 (a fault that is not retried), breaker opened by three requests. */
async function openBreaker(halfOpenAfterMs = 150, halfOpenMaxMs = 2_000): Promise<{ path: Path; server: RpcServer }> {
  server = await startRpcServer(b.status(500));
  path = pathOver([{ name: 'primary', url: server.url }], { ...FAST, breaker: { consecutiveFailures: 3, halfOpenAfterMs, halfOpenMaxMs } });
  for (let i = 0; i < 3; i++) expect((await rejection(path.request('eth_blockNumber'))).code).toBe('PROVIDER_ERROR');
  return { path, server };
}

/** Polls until the provider's breaker shows `state` (the ready timer flips open → half-open on its own). */
async function until(path: Path, state: ProviderStatus['breaker'], withinMs = 3_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (path.status('primary').breaker !== state) {
    if (Date.now() > deadline) throw new Error(`breaker never became ${state}`);
    await sleep(5);
  }
}

/** ms from the `i`-th transition to the next. */
const gap = (t: BreakerTransition[], i: number): number => (t[i + 1]?.at ?? Number.NaN) - (t[i]?.at ?? Number.NaN);

describe('breaker', () => {
  it('opens after 3 consecutive faults and then refuses at once with NO_HEALTHY_PROVIDER', async () => {
    const { path, server } = await openBreaker();
    expect(path.status('primary')).toMatchObject({ breaker: 'open', health: 'UNHEALTHY', requests: 3, failures: 3 });
    expect(path.status('primary').breakerSince).toBeTypeOf('number');
    const error = await rejection(path.request('eth_blockNumber'));
    expect(error.code).toBe('NO_HEALTHY_PROVIDER');
    expect(error.details).toEqual({ chainId: CHAIN_ID, breakers: { primary: 'open' } });
    expect(server.requests).toBe(3);
  });

  it('lets exactly one probe through when half-open, and closes on its success', async () => {
    const { path, server } = await openBreaker();
    await until(path, 'half-open');
    // The probe takes a while, so the second call arrives while it is in flight.
    server.behave(b.delay(100, b.result('0x10')));
    const [probe, other] = await Promise.allSettled([path.request('eth_blockNumber'), path.request('eth_blockNumber')]);
    expect(probe).toMatchObject({ status: 'fulfilled', value: { result: '0x10', provider: 'primary' } });
    expect(other.status === 'rejected' && other.reason.code).toBe('NO_HEALTHY_PROVIDER');
    expect(server.requests).toBe(4);
    // Closed again: the outage's faults are history (its counters keep them), the recent error rate starts afresh.
    expect(path.status('primary')).toMatchObject({ breaker: 'closed', health: 'HEALTHY', errorRate: 0, failures: 3 });
    expect(path.status('primary').latency?.samples).toBe(1);
    expect((await path.request('eth_blockNumber')).result).toBe('0x10');
  });

  it('re-opens when the probe fails', async () => {
    const { path, server } = await openBreaker();
    await until(path, 'half-open');
    expect((await rejection(path.request('eth_blockNumber'))).code).toBe('PROVIDER_ERROR');
    expect(path.status('primary').breaker).toBe('open');
    expect((await rejection(path.request('eth_blockNumber'))).code).toBe('NO_HEALTHY_PROVIDER');
    expect(server.requests).toBe(4);
  });

  it('a probe whose caller leaves runs on to its verdict: the caller is CANCELLED at once, a late answer closes', async () => {
    const { path, server } = await openBreaker();
    await until(path, 'half-open');
    server.behave(b.delay(150, b.result('0x10')));
    const started = performance.now();
    const error = await rejection(path.request('eth_blockNumber', [], AbortSignal.timeout(50)));
    expect(error.code).toBe('CANCELLED');
    expect(performance.now() - started).toBeLessThan(150);
    // Still the one probe in flight: nobody else gets through meanwhile.
    expect((await rejection(path.request('eth_blockNumber'))).code).toBe('NO_HEALTHY_PROVIDER');
    await until(path, 'closed');
    expect(path.status('primary')).toMatchObject({ breaker: 'closed', requests: 4, failures: 3 });
    expect(server.requests).toBe(4);
  });

  it('a probe whose caller left that then hangs fails at its own request timeout, counted, and re-opens', async () => {
    const { path, server } = await openBreaker();
    await until(path, 'half-open');
    server.behave(b.hang());
    expect((await rejection(path.request('eth_blockNumber', [], AbortSignal.timeout(50)))).code).toBe('CANCELLED');
    await until(path, 'open');
    expect(path.status('primary')).toMatchObject({ breaker: 'open', requests: 4, failures: 4, lastError: { code: 'TIMEOUT' } });
  });

  it('a recovered primary slower than the hedge delay still closes: its probe is not cut short by the hedge winning', async () => {
    const { server } = await openBreaker();
    await path!.dispose();
    const secondary = await startRpcServer(b.result('0xb'));
    try {
      path = pathOver(
        [{ name: 'primary', url: server.url }, { name: 'secondary', url: secondary.url }],
        { ...FAST, hedging: { enabled: true, minDelayMs: 50, maxDelayMs: 50, maxExtraLoad: 1 }, retry: { maxRetries: 0 } },
      );
      for (let i = 0; i < 3; i++) expect((await path.request('eth_blockNumber')).provider).toBe('secondary');
      expect(path.status('primary').breaker).toBe('open');
      server.behave(b.delay(150, b.result('0xa')));
      await until(path, 'half-open');
      // The probe goes to the primary; at 50 ms the hedge goes to the secondary and wins.
      const answer = await path.request('eth_blockNumber');
      expect(answer).toMatchObject({ result: '0xb', provider: 'secondary' });
      await until(path, 'closed');
      expect(path.status('primary')).toMatchObject({ breaker: 'closed', failures: 3 });
      expect(path.status('primary').transitions.map((t) => t.to)).toEqual(['open', 'half-open', 'closed']);
      expect(path.status('secondary').hedges).toEqual({ sent: 1, won: 1 });
    } finally {
      await path?.dispose();
      path = undefined;
      await secondary.close();
    }
  });

  it('a request sent before the breaker opened, failing while the probe is out, does not override the probe', async () => {
    // eth_getBalance hangs until its request timeout (300 ms); eth_blockNumber fails with 500 until the test says.
    let recovered = false;
    server = await startRpcServer((call, res, req) => {
      if (call.method === 'eth_getBalance') return;
      return recovered ? b.delay(250, b.result('0x10'))(call, res, req) : b.status(500)(call, res, req);
    });
    path = pathOver([{ name: 'primary', url: server.url }], {
      ...FAST,
      breaker: { consecutiveFailures: 3, halfOpenAfterMs: 50, halfOpenMaxMs: 2_000 },
    });
    const old = rejection(path.request('eth_getBalance', ['0x' + '11'.repeat(20), 'latest']));
    await sleep(10);
    for (let i = 0; i < 3; i++) expect((await rejection(path.request('eth_blockNumber'))).code).toBe('PROVIDER_ERROR');
    recovered = true;
    await until(path, 'half-open');
    const probe = path.request('eth_blockNumber');
    // The old request times out at ~300 ms, while the probe (250 ms) is still out.
    expect((await old).code).toBe('TIMEOUT');
    expect(path.status('primary').breaker).toBe('half-open');
    expect(await probe).toMatchObject({ result: '0x10', provider: 'primary' });
    expect(path.status('primary')).toMatchObject({ breaker: 'closed', failures: 4 });
    expect(path.status('primary').transitions.map((t) => t.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('the cool-down doubles (±20 %) after a failed probe and resets after a success; transitions are recorded', async () => {
    const { path, server } = await openBreaker(100);
    await until(path, 'half-open');
    await rejection(path.request('eth_blockNumber')); // failed probe: open again, for about 200 ms
    await until(path, 'half-open');
    server.behave(b.result('0x1'));
    await path.request('eth_blockNumber'); // successful probe: closed
    server.behave(b.status(500));
    for (let i = 0; i < 3; i++) await rejection(path.request('eth_blockNumber'));
    await until(path, 'half-open');

    const t = path.status('primary').transitions;
    expect(t.map((x) => `${x.from}→${x.to}`)).toEqual([
      'closed→open',
      'open→half-open',
      'half-open→open',
      'open→half-open',
      'half-open→closed',
      'closed→open',
      'open→half-open',
    ]);
    // Lower bounds are exact (the ready timer cannot fire early; 1 ms for wall-clock rounding); upper bounds allow
    // for a busy machine's timer lateness. These check the rule, not performance.
    expect(gap(t, 0)).toBeGreaterThanOrEqual(99);
    expect(gap(t, 0)).toBeLessThan(100 + 150);
    expect(gap(t, 2)).toBeGreaterThanOrEqual(160 - 1);
    expect(gap(t, 2)).toBeLessThan(240 + 150);
    expect(gap(t, 5)).toBeGreaterThanOrEqual(99);
    expect(gap(t, 5)).toBeLessThan(100 + 150);
  });

  it('cool-down formula: exactly the initial delay first, then 2ⁿ × initial within ±20 %, capped', () => {
    const options = { initialDelay: 1_000, maxDelay: 10_000, exponent: 2, generator: coolDown };
    for (let i = 0; i < 50; i++) {
      expect(coolDown(undefined, options)).toEqual([1_000, 1]);
      const [second] = coolDown(1, options);
      expect(second).toBeGreaterThanOrEqual(1_600);
      expect(second).toBeLessThanOrEqual(2_400);
      const [third] = coolDown(2, options);
      expect(third).toBeGreaterThanOrEqual(3_200);
      expect(third).toBeLessThanOrEqual(4_800);
      expect(coolDown(9, options)[0]).toBe(10_000);
    }
  });

  it('keeps only the last 50 transitions', async () => {
    const { path, server } = await openBreaker(5, 5);
    for (let i = 0; i < 30; i++) {
      await until(path, 'half-open');
      await rejection(path.request('eth_blockNumber'));
    }
    const { transitions } = path.status('primary');
    expect(transitions).toHaveLength(50);
    expect(transitions.at(-1)).toMatchObject({ from: 'half-open', to: 'open' });
    expect(server.requests).toBe(33);
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
    for (let i = 0; i < 3; i++) await chain.request('eth_blockNumber', []).catch(() => undefined);
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
    await chain.request('eth_blockNumber', []).catch(() => undefined);
    expect(server.requests).toBe(0);
    engine.setProviderEnabled(`${CHAIN_ID}:primary`, true);
    expect(chain.status()[0]?.breaker).toBe('closed');
    expect((await chain.request('eth_blockNumber', [])).provider).toBe('primary');
    expect(() => engine?.setProviderEnabled('1:nobody', false)).toThrow(/no provider/);
  });
});

describe('tryProbe (a background probe offered as the half-open probe)', () => {
  const settings = { consecutiveFailures: 1, halfOpenAfterMs: 30, halfOpenMaxMs: 1_000 };
  const fault = (b: ProviderBreaker) =>
    b.execute(() => Promise.reject(new CountedFailure('down')), new AbortController().signal).catch(() => undefined);
  const due = async (b: ProviderBreaker) => {
    for (let i = 0; i < 200 && !b.probeDue(); i++) await sleep(5);
    expect(b.probeDue()).toBe(true);
  };

  it('does nothing to a closed or cooling breaker; closes a due one on success and re-opens it, grown, on failure', async () => {
    const breaker = new ProviderBreaker(settings, () => undefined);
    try {
      expect(await breaker.tryProbe(async () => 'x', () => true)).toEqual({ outcome: 'x', probed: false });
      expect(breaker.state()).toBe('closed');
      await fault(breaker);
      expect(await breaker.tryProbe(async () => 'x', () => false)).toEqual({ outcome: 'x', probed: false });
      expect(breaker.state()).toBe('open');
      await due(breaker);
      expect(await breaker.tryProbe(async () => 'bad', () => true)).toEqual({ outcome: 'bad', probed: true });
      expect(breaker.state()).toBe('open');
      expect(breaker.coolDownMs()).toBeGreaterThanOrEqual(48);
      await due(breaker);
      expect(await breaker.tryProbe(async () => 'ok', () => false)).toEqual({ outcome: 'ok', probed: true });
      expect(breaker.state()).toBe('closed');
      expect(breaker.transitions().map((t) => t.to)).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
    } finally {
      breaker.dispose();
    }
  });

  it('exactly one probe: a user request holding the half-open slot makes the monitor probe decline, and vice versa', async () => {
    const breaker = new ProviderBreaker(settings, () => undefined);
    try {
      await fault(breaker);
      await due(breaker);
      let release!: () => void;
      const user = breaker.execute(() => new Promise<string>((resolve) => (release = () => resolve('user'))), new AbortController().signal);
      expect(breaker.admits()).toBe(false);
      expect(await breaker.tryProbe(async () => 'bad', () => true)).toEqual({ outcome: 'bad', probed: false });
      release();
      expect(await user).toBe('user');
      expect(breaker.state()).toBe('closed');

      await fault(breaker);
      await due(breaker);
      let answer!: () => void;
      const monitor = breaker.tryProbe(() => new Promise<string>((resolve) => (answer = () => resolve('ok'))), () => false);
      expect(breaker.admits()).toBe(false);
      expect(breaker.probeDue()).toBe(false);
      answer();
      expect(await monitor).toEqual({ outcome: 'ok', probed: true });
      expect(breaker.state()).toBe('closed');
    } finally {
      breaker.dispose();
    }
  });
});

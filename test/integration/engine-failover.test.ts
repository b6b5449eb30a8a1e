/**
 * Hedging, throttling and "method not found" against the embedded demo: a real anvil chain behind the
 * fault-injecting proxies, counting requests where they arrive. Bounds on time here are correctness bounds (the read
 * did not wait for the hung provider's timeout twice over), not performance targets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderRole } from '../../src/shared/domain';
import { startDemo, type Demo } from '../../src/main/demo/index';
import { createEngine, type ChainEngine, type ManagedEngine } from '../../src/main/engine';

const REQUEST_MS = 2_000;
const HEDGE_MAX_MS = 300;
const ROLES: ProviderRole[] = ['primary', 'secondary', 'public'];

let demo: Demo;
let engine: ManagedEngine | undefined;

beforeAll(async () => {
  demo = await startDemo();
});

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  for (const role of ROLES) demo.setFault(role, { kind: 'none' });
});

afterAll(async () => {
  await demo?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An engine over the demo chain; health rounds far apart so that only the first ones reach the proxies. */
async function chainEngine(hedging = true): Promise<ChainEngine> {
  const [demoChain] = demo.chains;
  if (demoChain === undefined) throw new Error('the demo has no chain');
  engine = createEngine([demoChain.config], {
    timeouts: { connectionMs: 1_000, requestMs: REQUEST_MS },
    hedging: { enabled: hedging, minDelayMs: 50, maxDelayMs: HEDGE_MAX_MS, maxExtraLoad: 0.1 },
    health: { chainIdCheckMs: 600_000, headPollMs: 600_000 },
  });
  // Let the health monitor's first probes finish before the proxies' counters are read.
  await sleep(500);
  return engine.chain(demoChain.config.chainId);
}

/** Requests each proxy has seen. */
function seen(): Record<string, number> {
  return Object.fromEntries(demo.status().providers.map((p) => [p.name, p.requests]));
}

const delta = (before: Record<string, number>): Record<string, number> => {
  const now = seen();
  return Object.fromEntries(Object.keys(now).map((name) => [name, (now[name] ?? 0) - (before[name] ?? 0)]));
};

const statusOf = (chain: ChainEngine, name: string) => chain.status().find((s) => s.name === name);

function firstWatched(): { address: `0x${string}`; native: bigint; symbol: string } {
  const [watched] = demo.watched;
  const symbol = demo.chains[0]?.config.nativeSymbol ?? 'ETH';
  if (watched === undefined) throw new Error('nothing watched');
  return { address: watched.address, native: demo.expected.balances[watched.address]?.[symbol] ?? -1n, symbol };
}

describe('engine failover over the demo chain', () => {
  it('a primary that accepts and never answers: the read completes via the hedge to the secondary', async () => {
    const chain = await chainEngine();
    demo.setFault('primary', { kind: 'hang' });
    const { address, native } = firstWatched();
    const started = performance.now();
    const response = await chain.request('eth_getBalance', [address, 'latest']);
    const elapsed = performance.now() - started;
    expect(response.provider).toBe('secondary');
    expect(BigInt(response.result as string)).toBe(native);
    expect(elapsed).toBeLessThan(REQUEST_MS + 2_000);
    expect(statusOf(chain, 'secondary')).toMatchObject({ hedges: { sent: 1, won: 1 }, failures: 0 });
    // The hung request was cancelled, not timed out: the primary is not blamed for losing a race.
    expect(statusOf(chain, 'primary')).toMatchObject({ failures: 0, hedges: { sent: 0, won: 0 } });
  });

  it('without hedging, a primary that never answers costs its request timeout and the secondary’s answer, no more', async () => {
    const chain = await chainEngine(false);
    demo.setFault('primary', { kind: 'hang' });
    const { address, native } = firstWatched();
    const before = seen();
    const started = performance.now();
    const response = await chain.request('eth_getBalance', [address, 'latest']);
    const elapsed = performance.now() - started;
    expect(response.provider).toBe('secondary');
    expect(BigInt(response.result as string)).toBe(native);
    // Timeout, then failover: never less than the timeout, and the loopback answer adds milliseconds, not seconds.
    expect(elapsed).toBeGreaterThanOrEqual(REQUEST_MS - 5);
    expect(elapsed).toBeLessThan(REQUEST_MS + 1_000);
    expect(delta(before)).toMatchObject({ primary: 1, secondary: 1, public: 0 });
    expect(statusOf(chain, 'primary')).toMatchObject({ failures: 1, lastError: { code: 'TIMEOUT' } });
  });

  it('a healthy primary sends no traffic to the others: no hedges, nothing at their proxies', async () => {
    const chain = await chainEngine();
    const before = seen();
    const { address, native } = firstWatched();
    for (let i = 0; i < 20; i++) {
      const response = await chain.request('eth_getBalance', [address, 'latest']);
      expect(response.provider).toBe('primary');
      expect(BigInt(response.result as string)).toBe(native);
    }
    expect(delta(before)).toMatchObject({ secondary: 0, public: 0 });
    expect(delta(before).primary).toBeGreaterThanOrEqual(20);
    for (const name of ['secondary', 'public']) {
      expect(statusOf(chain, name)).toMatchObject({ requests: 0, hedges: { sent: 0, won: 0 } });
    }
    expect(statusOf(chain, 'primary')).toMatchObject({ breaker: 'closed', health: 'HEALTHY', retries: 0 });
  });

  it('429 with Retry-After: the primary is throttled and gets nothing until then', async () => {
    const chain = await chainEngine();
    demo.setFault('primary', { kind: 'http', status: 429, retryAfterSeconds: 1 });
    const { address } = firstWatched();
    const before = seen();
    const answered: string[] = [];
    for (let i = 0; i < 5; i++) answered.push((await chain.request('eth_getBalance', [address, 'latest'])).provider);
    expect(answered).toEqual(Array(5).fill('secondary'));
    expect(delta(before).primary).toBe(1);
    expect(statusOf(chain, 'primary')).toMatchObject({ breaker: 'closed', health: 'DEGRADED', retries: 0 });
    expect(statusOf(chain, 'primary')?.throttledUntil).toBeGreaterThan(Date.now());
  });

  it('"method not found" from the primary only: answered by the secondary, the primary not counted as failed', async () => {
    const chain = await chainEngine();
    demo.setFault('primary', { kind: 'rpc-error', code: -32601, message: 'Method not found' });
    const response = await chain.request('eth_chainId', []);
    expect(response.provider).toBe('secondary');
    expect(statusOf(chain, 'primary')).toMatchObject({ failures: 0, breaker: 'closed' });
  });
});

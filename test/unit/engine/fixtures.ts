/** Engine fixtures for the unit tests: a one-chain config over local servers and small, fast timings. */
import { afterEach, beforeEach, expect } from 'vitest';
import { SteadfastError } from '../../../src/shared/errors';
import type { ChainConfig, EngineOptionsInput } from '../../../src/main/engine';

export const CHAIN_ID = 31337;

export function chainOf(providers: Array<{ name: string; url: string; rank?: number; weight?: number }>): ChainConfig {
  return {
    chainId: CHAIN_ID,
    name: 'Test',
    nativeSymbol: 'ETH',
    nativeDecimals: 18,
    tokens: [],
    providers: providers.map((p, i) => ({ name: p.name, url: p.url, rank: p.rank ?? i, weight: p.weight ?? 1 })),
  };
}

/** Timeouts small enough to keep tests fast, large enough that loopback never trips them by accident. */
export const FAST: EngineOptionsInput = {
  timeouts: { connectionMs: 1_000, requestMs: 300 },
  breaker: { consecutiveFailures: 3, halfOpenAfterMs: 150 },
  // Background health probes off: these tests count upstream requests exactly and script answers that are no valid
  // chain id. The monitor's own tests switch them on (monitor*.test.ts).
  health: { enabled: false },
};

/** The SteadfastError a promise rejects with (fails the test if it resolves or rejects with something else). */
export async function rejection(promise: Promise<unknown>): Promise<SteadfastError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SteadfastError) return error;
    throw new Error(`expected a SteadfastError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection, got a value');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function count(kinds: readonly string[]): number {
  return process.getActiveResourcesInfo().filter((kind) => kinds.includes(kind)).length;
}

/** Handles close a loop phase or two after their close callback: poll briefly before judging. */
async function settles(kinds: readonly string[], baseline: number): Promise<boolean> {
  for (let i = 0; i < 50 && count(kinds) > baseline; i++) await sleep(10);
  return count(kinds) <= baseline;
}

/**
 * After each test: dispose the engine, check it left no timer and no socket, then close the servers and check they
 * are gone too. One hook for all of it, so the checks cannot run before the cleanup whatever order vitest gives
 * sibling hooks. Sockets are checked before the servers close, because closing a server also closes the client's
 * end and would hide a pool the engine forgot to close.
 */
export function cleanUpAndCheckLeaks(disposeEngine: () => Promise<void>, closeServers: () => Promise<void>): void {
  const baseline = { timers: 0, sockets: 0, servers: 0 };
  beforeEach(() => {
    baseline.timers = count(['Timeout']);
    baseline.sockets = count(['TCPSocketWrap']);
    baseline.servers = count(['TCPServerWrap']);
  });
  afterEach(async () => {
    await disposeEngine();
    // undici keeps ONE shared timer (its fast-timer tick, about 0.5 s) alive for a moment after the last request that
    // used a connect/headers timeout; allow exactly that one to wind down. Anything more, or anything still there
    // after 1.1 s, is ours: the engine's own timers (breaker cool-downs, health polls, deadlines) live far longer.
    const extra = count(['Timeout']) - baseline.timers;
    expect(extra, 'timers left behind by the engine').toBeLessThanOrEqual(1);
    if (extra === 1) {
      for (let i = 0; i < 110 && count(['Timeout']) > baseline.timers; i++) await sleep(10);
      expect(count(['Timeout']), 'a timer left behind by the engine').toBeLessThanOrEqual(baseline.timers);
    }
    expect(await settles(['TCPSocketWrap'], baseline.sockets), 'sockets left open by the engine').toBe(true);
    await closeServers();
    const servers = await settles(['TCPServerWrap', 'TCPSocketWrap'], baseline.servers + baseline.sockets);
    expect(servers, 'servers left open').toBe(true);
  });
}

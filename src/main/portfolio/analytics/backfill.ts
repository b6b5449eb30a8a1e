/**
 * Reconstructs past value points when Steadfast has no history yet, by reading balances and feed prices at past
 * blocks (the demo chain has 30 days of seeded rounds; a real chain needs an archive provider).
 *
 * Bounds, because this must never hammer a public provider:
 * - once per chain, ever: the outcome (done, out of budget, impossible) is written to SQLite and never retried; a
 *   read that failed (providers down, a deadline) says nothing about the chain, and the next start tries again;
 * - not while analytics is stepped down (health DEGRADED or worse): it waits between points for it to come back;
 * - at most `maxRequests` upstream requests per chain (default 250: ~53 readings plus their block look-ups), counted
 *   exactly, in the engine's background lane (user actions never queue behind it), one request at a time with a
 *   pause between points;
 * - newest point first, stopping a chain at the first point it cannot read: a provider without archive state fails
 *   on the first (one hour old) point and costs a handful of requests, and a chain younger than 30 days stops at
 *   its beginning instead of probing empty blocks.
 * Points are on a fixed grid (hourly for the last 24 h, daily to 30 days) and stamped with the grid time: the value
 * then is the state of the latest block at or before it. Several points on one block are read once.
 */
import type { Address } from 'viem';
import type { ChainEngine } from '../../engine/types';
import type { Logger } from '../../log';
import { BudgetExhausted, PastReader } from './past-reader';
import type { SnapshotRow, SnapshotStore } from './snapshot-store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface BackfillOptions {
  maxRequests: number;
  /** Pause between points, so the lane stays mostly idle. */
  pauseMs: number;
  deadlineMs: number;
}

export const DEFAULT_BACKFILL: BackfillOptions = { maxRequests: 250, pauseMs: 50, deadlineMs: 15_000 };

/** The grid, newest first: 1..24 hours back, then 2..30 days back. */
export function backfillTimes(now: number): number[] {
  const times: number[] = [];
  for (let h = 1; h <= 24; h++) times.push(now - h * HOUR);
  for (let d = 2; d <= 30; d++) times.push(now - d * DAY);
  return times;
}

interface ChainRun {
  chain: ChainEngine;
  reader: PastReader;
  requests: number;
  points: number;
  /** Why this chain stopped, or null while it goes on. */
  stopped: string | null;
  /** Stopped by a failed read (providers down, a deadline): not final, the next start tries this chain again. */
  retry: boolean;
  lastBlock: bigint | null;
  lastRows: SnapshotRow[] | null;
}

/**
 * Runs the backfill for the chains not yet backfilled. Resolves when every chain has finished; an abort (app
 * closing, runtime rebuilt) stops early WITHOUT marking the chains done, so the next start tries again.
 */
export async function backfill(deps: {
  store: SnapshotStore;
  chains: readonly ChainEngine[];
  holders: readonly Address[];
  now: number;
  signal: AbortSignal;
  /** False once the runtime these chains belong to was replaced: failures then say nothing about the chain. */
  current?: () => boolean;
  /**
   * True while analytics is stepped down (provider health DEGRADED or worse): the backfill waits between points
   * rather than add archive reads to providers that are struggling.
   */
  paused?: () => boolean;
  options?: BackfillOptions;
  log?: Logger | undefined;
}): Promise<void> {
  const options = deps.options ?? DEFAULT_BACKFILL;
  const { store, signal } = deps;
  if (deps.holders.length === 0) return;
  // Points only where there is no history: older than anything already recorded (minus a margin).
  const oldest = store.oldestAt();
  const times = backfillTimes(deps.now).filter((t) => oldest === null || t < oldest - HOUR / 2);
  const runs: ChainRun[] = deps.chains
    .filter((chain) => !store.backfillDone(chain.config.chainId))
    .map((chain) => {
      const run = { chain, requests: 0, points: 0, stopped: null, retry: false, lastBlock: null, lastRows: null } as unknown as ChainRun;
      run.reader = new PastReader({
        chain,
        signal,
        deadlineMs: options.deadlineMs,
        spend: () => {
          if (run.requests >= options.maxRequests) throw new BudgetExhausted(`budget of ${options.maxRequests} requests spent`);
          run.requests += 1;
        },
      });
      if (!chain.config.multicall3) run.stopped = 'no Multicall3: one request per figure would be too many';
      return run;
    });
  if (runs.length === 0) return;

  for (const at of times) {
    while (deps.paused?.() === true && !signal.aborted) await pause(PAUSED_POLL_MS, signal);
    const rows: SnapshotRow[] = [];
    for (const run of runs) {
      if (run.stopped !== null || signal.aborted) continue;
      const point = await readPoint(run, deps.holders, at);
      if (signal.aborted) return;
      if (point) {
        rows.push(...point);
        run.points += 1;
      }
    }
    if (signal.aborted) return;
    if (rows.some((r) => r.valueUsd !== null)) store.record(at, rows, true);
    if (runs.every((r) => r.stopped !== null)) break;
    await pause(options.pauseMs, signal);
  }
  if (signal.aborted || deps.current?.() === false) return;
  for (const run of runs) {
    if (run.retry) {
      deps.log?.info('analytics backfill stopped, to be tried again at the next start', { chainId: run.chain.config.chainId, reason: run.stopped });
      continue;
    }
    const result = run.stopped ?? 'complete';
    store.markBackfill(run.chain.config.chainId, { at: Date.now(), points: run.points, requests: run.requests, result });
    deps.log?.info('analytics backfill finished', { chainId: run.chain.config.chainId, points: run.points, requests: run.requests, result });
  }
}

/** How often a paused backfill looks at the feature state again. */
const PAUSED_POLL_MS = 1_000;

async function readPoint(run: ChainRun, holders: readonly Address[], at: number): Promise<SnapshotRow[] | null> {
  try {
    const block = await run.reader.blockAt(Math.floor(at / 1000));
    if (block === null) {
      run.stopped = 'reached the beginning of the chain';
      return null;
    }
    if (block !== run.lastBlock) {
      run.lastRows = await run.reader.readAt(run.chain.config, holders, block);
      run.lastBlock = block;
    }
    // Without a full reading (before the contracts existed) older points cannot be read either.
    if (run.lastRows === null) run.stopped = `no complete reading at block ${block}`;
    return run.lastRows;
  } catch (error) {
    run.stopped = error instanceof BudgetExhausted ? error.message : `read failed: ${(error as Error).message}`;
    run.retry = !(error instanceof BudgetExhausted);
    return null;
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

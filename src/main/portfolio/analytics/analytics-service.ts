/**
 * Analytics: records snapshots from the live portfolio, starts the one-off backfill, and answers 'analytics.get'.
 *
 * A snapshot is recorded only from a reading that is complete and fresh: the last push of a refresh (not the
 * per-chain pushes while it runs, which miss the chains still being read), with no chain stale and no error. A
 * cached reading re-served during an outage would record an old value under a new time, and a partial one would
 * chart as a crash.
 */
import type { Address } from 'viem';
import type { Analytics, AnalyticsRange, PortfolioSnapshot } from '../../../shared/domain';
import type { AppContext } from '../../app-context';
import { allocationByAsset, allocationByChain, type ValuedRow } from './allocation';
import { backfill, DEFAULT_BACKFILL, type BackfillOptions } from './backfill';
import { comparableChangeOver, thin } from './change';
import { SnapshotStore, type SnapshotRow } from './snapshot-store';
import { DEFAULT_RECORD_POLICY, shouldRecord, type RecordPolicy } from './throttle';

const HOUR = 3_600_000;
const RANGE_MS: Record<AnalyticsRange, number | null> = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR, all: null };
/** Enough points for a chart a few hundred pixels wide; more would only cost bytes on the wire. */
const MAX_SERIES_POINTS = 400;

/** True when the snapshot is a complete, fresh reading worth recording (or checking alerts against). */
export function isCompleteAndFresh(snapshot: PortfolioSnapshot): boolean {
  return (
    snapshot.status === 'ready' &&
    !snapshot.refreshing &&
    snapshot.error === null &&
    snapshot.asOf.length > 0 &&
    snapshot.asOf.every((a) => !a.stale)
  );
}

/** The snapshot's holdings as rows to record. */
export function rowsOf(snapshot: PortfolioSnapshot, chainName: (chainId: number) => string): SnapshotRow[] {
  return snapshot.addresses.flatMap((entry) =>
    entry.holdings.map((h) => ({
      chainId: h.token.chainId,
      chainName: chainName(h.token.chainId),
      address: entry.address,
      asset: h.token.address,
      symbol: h.token.symbol,
      decimals: h.token.decimals,
      amount: h.amount,
      priceUsd: h.price?.usd ?? null,
      valueUsd: h.valueUsd,
      blockNumber: h.freshness.blockNumber,
    })),
  );
}

export class AnalyticsService {
  readonly store: SnapshotStore;
  #last: { at: number; totalUsd: bigint } | null;
  #backfillStarted = false;
  readonly #abort = new AbortController();
  #backfilling: Promise<void> | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly options: { policy?: RecordPolicy; backfill?: BackfillOptions | false; now?: () => number } = {},
  ) {
    this.store = new SnapshotStore(ctx.db);
    this.#last = this.store.latest({ liveOnly: true });
  }

  #now(): number {
    return this.options.now?.() ?? Date.now();
  }

  #chainName = (chainId: number): string =>
    this.ctx.runtime().chains.find((c) => c.chainId === chainId)?.name ?? `Chain ${chainId}`;

  /** Called with every pushed portfolio snapshot. Returns true when it was recorded. */
  observe(snapshot: PortfolioSnapshot): boolean {
    if (!isCompleteAndFresh(snapshot)) return false;
    const next = { at: snapshot.updatedAt, totalUsd: snapshot.totalUsd };
    if (!shouldRecord(this.#last, next, this.options.policy ?? DEFAULT_RECORD_POLICY)) return false;
    const recorded = this.store.record(next.at, rowsOf(snapshot, this.#chainName));
    this.#last = { at: recorded.at, totalUsd: recorded.totalUsd };
    this.#startBackfill();
    return true;
  }

  /** After the first live snapshot, so the watched addresses are known to read and the live point anchors "now". */
  #startBackfill(): void {
    if (this.#backfillStarted || this.options.backfill === false) return;
    this.#backfillStarted = true;
    const runtime = this.ctx.runtime();
    this.#backfilling = backfill({
      store: this.store,
      chains: runtime.engine.chains(),
      holders: this.ctx.watched().map((w) => w.address as Address),
      now: this.#now(),
      signal: this.#abort.signal,
      current: () => this.ctx.runtime() === runtime,
      paused: () => this.ctx.features.mode('analytics') !== 'normal',
      options: this.options.backfill ?? DEFAULT_BACKFILL,
      log: this.ctx.log,
    }).catch((error: unknown) => this.ctx.log?.warn('analytics backfill stopped', { error }));
  }

  /** Resolves when the backfill (if started) has finished; for tests and orderly shutdown. */
  backfillSettled(): Promise<void> {
    return this.#backfilling ?? Promise.resolve();
  }

  get(range: AnalyticsRange): Analytics {
    const now = this.#now();
    const latest = this.store.latest();
    const rows: ValuedRow[] = latest
      ? this.store
          .rows(latest.id)
          .filter((r): r is SnapshotRow & { valueUsd: bigint } => r.valueUsd !== null)
          .map((r) => ({ chainId: r.chainId, chainName: r.chainName, asset: r.asset, symbol: r.symbol, valueUsd: r.valueUsd }))
      : [];
    const span = RANGE_MS[range];
    const withIds = this.store.series(null);
    const all = withIds.map(({ at, totalUsd }) => ({ at, totalUsd }));
    const inRange = span === null ? all : all.filter((p) => p.at >= now - span);
    // Like with like: only the (chain, address) pairs in both snapshots (change.ts), so a new address is no gain.
    const change = (periodMs: number) => comparableChangeOver(withIds, periodMs, now, (point) => this.store.rows(point.id));
    return {
      byAsset: allocationByAsset(rows),
      byChain: allocationByChain(rows),
      series: thin(inRange, MAX_SERIES_POINTS),
      change: {
        h24: change(24 * HOUR),
        d7: change(7 * 24 * HOUR),
        d30: change(30 * 24 * HOUR),
      },
    };
  }

  async dispose(): Promise<void> {
    this.#abort.abort();
    await this.#backfilling;
  }
}

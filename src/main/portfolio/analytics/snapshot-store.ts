/**
 * The snapshots Steadfast records itself, in SQLite: one row per snapshot (time, total, live or backfilled) and one
 * per chain × address × asset (amount, price, value). Money is TEXT holding the exact decimal integer (USD with
 * USD_DECIMALS, amounts in smallest units): SQLite integers stop at 2^63, and a REAL would round.
 */
import type { Database } from '../../storage/database';
import type { SeriesPoint } from './change';

const MIGRATIONS = [
  `CREATE TABLE analytics_snapshots (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     total_usd TEXT NOT NULL,
     backfilled INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX analytics_snapshots_at ON analytics_snapshots (at);
   CREATE TABLE analytics_holdings (
     snapshot_id INTEGER NOT NULL REFERENCES analytics_snapshots (id) ON DELETE CASCADE,
     chain_id INTEGER NOT NULL,
     chain_name TEXT NOT NULL,
     address TEXT NOT NULL,
     asset TEXT NOT NULL,
     symbol TEXT NOT NULL,
     decimals INTEGER NOT NULL,
     amount TEXT NOT NULL,
     price_usd TEXT,
     value_usd TEXT,
     block_number TEXT NOT NULL
   );
   CREATE INDEX analytics_holdings_snapshot ON analytics_holdings (snapshot_id);
   CREATE TABLE analytics_backfill (
     chain_id INTEGER PRIMARY KEY,
     finished_at INTEGER NOT NULL,
     points INTEGER NOT NULL,
     requests INTEGER NOT NULL,
     outcome TEXT NOT NULL
   );`,
];

/** One chain × address × asset in a snapshot. `priceUsd`/`valueUsd` are null when no price was known. */
export interface SnapshotRow {
  chainId: number;
  chainName: string;
  address: string;
  asset: string;
  symbol: string;
  decimals: number;
  amount: bigint;
  priceUsd: bigint | null;
  valueUsd: bigint | null;
  blockNumber: bigint;
}

export interface RecordedSnapshot {
  id: number;
  at: number;
  totalUsd: bigint;
  backfilled: boolean;
}

const big = (text: string | null): bigint | null => (text === null ? null : BigInt(text));

export class SnapshotStore {
  constructor(private readonly db: Database) {
    db.migrate('analytics', MIGRATIONS);
  }

  /** Records one snapshot; its total is the sum of the priced rows (unpriced ones are kept, but not counted). */
  record(at: number, rows: readonly SnapshotRow[], backfilled = false): RecordedSnapshot {
    const totalUsd = rows.reduce((sum, r) => sum + (r.valueUsd ?? 0n), 0n);
    const { sqlite } = this.db;
    sqlite.exec('BEGIN');
    try {
      const result = sqlite
        .prepare('INSERT INTO analytics_snapshots (at, total_usd, backfilled) VALUES (?, ?, ?)')
        .run(at, totalUsd.toString(), backfilled ? 1 : 0);
      const id = Number(result.lastInsertRowid);
      const insert = sqlite.prepare(
        `INSERT INTO analytics_holdings (snapshot_id, chain_id, chain_name, address, asset, symbol, decimals, amount,
           price_usd, value_usd, block_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const r of rows) {
        insert.run(id, r.chainId, r.chainName, r.address, r.asset, r.symbol, r.decimals, r.amount.toString(),
          r.priceUsd?.toString() ?? null, r.valueUsd?.toString() ?? null, r.blockNumber.toString());
      }
      sqlite.exec('COMMIT');
      return { id, at, totalUsd, backfilled };
    } catch (error) {
      sqlite.exec('ROLLBACK');
      throw error;
    }
  }

  /** The newest snapshot, live or backfilled, or only live ones (what the recorder throttles against). */
  latest(options: { liveOnly?: boolean } = {}): RecordedSnapshot | null {
    const where = options.liveOnly ? 'WHERE backfilled = 0' : '';
    const row = this.db.sqlite
      .prepare(`SELECT id, at, total_usd, backfilled FROM analytics_snapshots ${where} ORDER BY at DESC, id DESC LIMIT 1`)
      .get() as { id: number; at: number; total_usd: string; backfilled: number } | undefined;
    return row ? { id: row.id, at: row.at, totalUsd: BigInt(row.total_usd), backfilled: row.backfilled === 1 } : null;
  }

  oldestAt(): number | null {
    const row = this.db.sqlite.prepare('SELECT MIN(at) AS at FROM analytics_snapshots').get() as { at: number | null };
    return row.at;
  }

  rows(snapshotId: number): SnapshotRow[] {
    const rows = this.db.sqlite
      .prepare('SELECT * FROM analytics_holdings WHERE snapshot_id = ? ORDER BY rowid')
      .all(snapshotId) as Array<Record<string, string | number | null>>;
    return rows.map((r) => ({
      chainId: Number(r.chain_id),
      chainName: String(r.chain_name),
      address: String(r.address),
      asset: String(r.asset),
      symbol: String(r.symbol),
      decimals: Number(r.decimals),
      amount: BigInt(String(r.amount)),
      priceUsd: big(r.price_usd as string | null),
      valueUsd: big(r.value_usd as string | null),
      blockNumber: BigInt(String(r.block_number)),
    }));
  }

  /** Totals at or after `since` (all when null), oldest first. */
  series(since: number | null): Array<SeriesPoint & { id: number; backfilled: boolean }> {
    const rows = this.db.sqlite
      .prepare('SELECT id, at, total_usd, backfilled FROM analytics_snapshots WHERE at >= ? ORDER BY at, id')
      .all(since ?? Number.MIN_SAFE_INTEGER) as Array<{ id: number; at: number; total_usd: string; backfilled: number }>;
    return rows.map((r) => ({ id: r.id, at: r.at, totalUsd: BigInt(r.total_usd), backfilled: r.backfilled === 1 }));
  }

  backfillDone(chainId: number): boolean {
    return this.db.sqlite.prepare('SELECT 1 FROM analytics_backfill WHERE chain_id = ?').get(chainId) !== undefined;
  }

  /** Marks a chain's backfill as over (done, out of budget, or impossible) so it never runs again. */
  markBackfill(chainId: number, outcome: { at: number; points: number; requests: number; result: string }): void {
    this.db.sqlite
      .prepare(
        `INSERT INTO analytics_backfill (chain_id, finished_at, points, requests, outcome) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chain_id) DO UPDATE SET finished_at = excluded.finished_at, points = excluded.points,
           requests = excluded.requests, outcome = excluded.outcome`,
      )
      .run(chainId, outcome.at, outcome.points, outcome.requests, outcome.result);
  }
}

/**
 * The history store: every history read is kept in SQLite, per chain and address, so pages are served from disk
 * (fast at tens of thousands of rows) and the last known history survives when every source fails.
 *
 * Amounts and fees are bigint stored as decimal TEXT (SQLite integers stop at 2^63, token amounts do not); block
 * numbers fit an INTEGER and are stored as one so that ordering is numeric.
 */
import type { HistoryRow, HistorySource } from '../../../shared/domain';
import type { Database } from '../../storage/database';
import { newestFirst, type StoredRow } from './decode';

const MIGRATIONS = [
  `CREATE TABLE history_rows (
     chain_id INTEGER NOT NULL,
     address TEXT NOT NULL,
     hash TEXT NOT NULL,
     -- -1 for the transaction's own row (native value or call), the log index for a transfer
     row_key INTEGER NOT NULL,
     block_number INTEGER NOT NULL,
     tx_index INTEGER NOT NULL,
     timestamp INTEGER NOT NULL,
     kind TEXT NOT NULL,
     direction TEXT NOT NULL,
     counterparty TEXT,
     asset_address TEXT,
     asset_symbol TEXT,
     asset_decimals INTEGER,
     amount TEXT NOT NULL,
     fee TEXT,
     method TEXT,
     failed INTEGER NOT NULL,
     PRIMARY KEY (chain_id, address, hash, row_key)
   ) WITHOUT ROWID;
   CREATE INDEX history_rows_order ON history_rows (chain_id, address, block_number DESC, tx_index DESC, row_key DESC);
   CREATE TABLE history_meta (
     chain_id INTEGER NOT NULL,
     address TEXT NOT NULL,
     source TEXT NOT NULL,
     last_block INTEGER NOT NULL,
     from_block INTEGER,
     fetched_at INTEGER NOT NULL,
     PRIMARY KEY (chain_id, address)
   );`,
];

/** What is known about one address's stored history. */
export interface HistoryMeta {
  /** The source of the last successful read. */
  source: Exclude<HistorySource, 'cache'>;
  /** The newest block that read covered: the next incremental read starts after it. */
  lastBlock: bigint;
  /** Set when only blocks from here on were scanned (logs fallback); null when the history is complete. */
  fromBlock: bigint | null;
  /** Epoch ms of the last successful read. */
  fetchedAt: number;
}

interface RowRecord {
  hash: string;
  row_key: number;
  block_number: number | bigint;
  tx_index: number;
  timestamp: number;
  kind: string;
  direction: string;
  counterparty: string | null;
  asset_address: string | null;
  asset_symbol: string | null;
  asset_decimals: number | null;
  amount: string;
  fee: string | null;
  method: string | null;
  failed: number;
}

export class HistoryStore {
  constructor(private readonly db: Database) {
    db.migrate('history', MIGRATIONS);
  }

  /**
   * Stores rows and the read's meta in one transaction, so a page never sees new meta with old rows. `replace`
   * drops what was stored first (a complete read replacing a partial one).
   */
  write(chainId: number, address: string, rows: readonly StoredRow[], meta: HistoryMeta, replace: boolean): void {
    const key = address.toLowerCase();
    const { sqlite } = this.db;
    const insert = sqlite.prepare(
      `INSERT OR REPLACE INTO history_rows (chain_id, address, hash, row_key, block_number, tx_index, timestamp, kind,
         direction, counterparty, asset_address, asset_symbol, asset_decimals, amount, fee, method, failed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    sqlite.exec('BEGIN');
    try {
      if (replace) sqlite.prepare('DELETE FROM history_rows WHERE chain_id = ? AND address = ?').run(chainId, key);
      for (const row of rows) {
        insert.run(
          chainId,
          key,
          row.hash.toLowerCase(),
          row.logIndex ?? -1,
          row.blockNumber,
          row.txIndex,
          row.timestamp,
          row.kind,
          row.direction,
          row.counterparty,
          row.asset?.address ?? null,
          row.asset?.symbol ?? null,
          row.asset?.decimals ?? null,
          row.amount.toString(),
          row.fee === null ? null : row.fee.toString(),
          row.method,
          row.failed ? 1 : 0,
        );
      }
      sqlite
        .prepare(
          `INSERT OR REPLACE INTO history_meta (chain_id, address, source, last_block, from_block, fetched_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(chainId, key, meta.source, meta.lastBlock, meta.fromBlock, meta.fetchedAt);
      sqlite.exec('COMMIT');
    } catch (error) {
      sqlite.exec('ROLLBACK');
      throw error;
    }
  }

  meta(chainId: number, address: string): HistoryMeta | null {
    const row = this.db.sqlite
      .prepare('SELECT source, last_block, from_block, fetched_at FROM history_meta WHERE chain_id = ? AND address = ?')
      .get(chainId, address.toLowerCase()) as
      | { source: string; last_block: number | bigint; from_block: number | bigint | null; fetched_at: number }
      | undefined;
    if (!row) return null;
    return {
      source: row.source as HistoryMeta['source'],
      lastBlock: BigInt(row.last_block),
      fromBlock: row.from_block === null ? null : BigInt(row.from_block),
      fetchedAt: Number(row.fetched_at),
    };
  }

  count(chainId: number, address: string): number {
    const row = this.db.sqlite
      .prepare('SELECT COUNT(*) AS n FROM history_rows WHERE chain_id = ? AND address = ?')
      .get(chainId, address.toLowerCase()) as { n: number };
    return Number(row.n);
  }

  /** Newest first; `limit` rows from `offset`. The index makes this a range scan, however long the history. */
  page(chainId: number, address: string, offset: number, limit: number): HistoryRow[] {
    const records = this.db.sqlite
      .prepare(
        `SELECT * FROM history_rows WHERE chain_id = ? AND address = ?
         ORDER BY block_number DESC, tx_index DESC, row_key DESC LIMIT ? OFFSET ?`,
      )
      .all(chainId, address.toLowerCase(), limit, offset) as unknown as RowRecord[];
    return records.map((record) => toRow(chainId, record));
  }

  /** Every row, newest first (for the CSV export). */
  all(chainId: number, address: string): HistoryRow[] {
    return this.page(chainId, address, 0, -1);
  }
}

function toRow(chainId: number, r: RowRecord): HistoryRow {
  return {
    chainId,
    hash: r.hash as `0x${string}`,
    logIndex: r.row_key < 0 ? null : r.row_key,
    blockNumber: BigInt(r.block_number),
    timestamp: Number(r.timestamp),
    kind: r.kind as HistoryRow['kind'],
    direction: r.direction as HistoryRow['direction'],
    counterparty: r.counterparty as `0x${string}` | null,
    asset:
      r.asset_address === null
        ? null
        : { address: r.asset_address as `0x${string}` | 'native', symbol: r.asset_symbol ?? '', decimals: r.asset_decimals ?? 0 },
    amount: BigInt(r.amount),
    fee: r.fee === null ? null : BigInt(r.fee),
    method: r.method,
    failed: r.failed === 1,
  };
}

/** Re-exported so callers sort fresh rows the way the store orders them. */
export { newestFirst };

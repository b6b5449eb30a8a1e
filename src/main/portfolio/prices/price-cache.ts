/**
 * The last live price of every (chain, asset), in SQLite so that it survives restarts and runtime rebuilds: the final
 * fallback when every live source fails. Table `price_cache` is owned by the prices feature (migrations below).
 */
import type { Price } from '../../../shared/domain';
import type { Database } from '../../storage/database';

const MIGRATIONS = [
  `CREATE TABLE price_cache (
     chain_id INTEGER NOT NULL,
     asset TEXT NOT NULL,          -- lower-case contract address, or 'native'
     usd TEXT NOT NULL,            -- bigint, USD_DECIMALS decimals, as decimal text (SQLite integers are 64-bit)
     source TEXT NOT NULL,         -- the live source it came from: chainlink | price-api
     at INTEGER NOT NULL,          -- epoch ms of the price itself
     PRIMARY KEY (chain_id, asset)
   )`,
] as const;

export interface CachedPrice extends Price {
  /** The live source the price originally came from (the answer's own `source` is 'cache'). */
  origin: Exclude<Price['source'], 'cache'>;
}

export class PriceCache {
  readonly #select;
  readonly #selectAll;
  readonly #upsert;
  readonly #sqlite;

  constructor(db: Database) {
    db.migrate('prices', MIGRATIONS);
    this.#sqlite = db.sqlite;
    this.#select = db.sqlite.prepare('SELECT usd, source, at FROM price_cache WHERE chain_id = ? AND asset = ?');
    this.#selectAll = db.sqlite.prepare('SELECT chain_id, asset, usd, source, at FROM price_cache ORDER BY chain_id, asset');
    this.#upsert = db.sqlite.prepare(
      `INSERT INTO price_cache (chain_id, asset, usd, source, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (chain_id, asset) DO UPDATE SET usd = excluded.usd, source = excluded.source, at = excluded.at`,
    );
  }

  /** The cached price with source 'cache' and its original time (so its age shows), or null when none was seen. */
  get(chainId: number, asset: string): CachedPrice | null {
    const row = this.#select.get(chainId, asset) as { usd: string; source: string; at: number } | undefined;
    return row ? toCached(row) : null;
  }

  all(): Array<{ chainId: number; asset: string; price: CachedPrice }> {
    const rows = this.#selectAll.all() as Array<{ chain_id: number; asset: string; usd: string; source: string; at: number }>;
    return rows.map((row) => ({ chainId: row.chain_id, asset: row.asset, price: toCached(row) }));
  }

  /** Stores live prices; one transaction per chain's refresh rather than one fsync per asset. */
  putAll(chainId: number, prices: ReadonlyMap<string, Price>): void {
    const live = [...prices].filter(([, price]) => price.source !== 'cache');
    if (live.length === 0) return;
    this.#sqlite.exec('BEGIN');
    try {
      for (const [asset, price] of live) this.#upsert.run(chainId, asset, price.usd.toString(), price.source, price.at);
      this.#sqlite.exec('COMMIT');
    } catch (error) {
      this.#sqlite.exec('ROLLBACK');
      throw error;
    }
  }
}

function toCached(row: { usd: string; source: string; at: number }): CachedPrice {
  return { usd: BigInt(row.usd), source: 'cache', at: Number(row.at), origin: row.source === 'price-api' ? 'price-api' : 'chainlink' };
}

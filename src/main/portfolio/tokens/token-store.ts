/**
 * Tracked tokens per chain, in SQLite (tables owned by the tokens feature): configured ones (from the chain's
 * settings), discovered ones (from Transfer logs) and the user's own, each with a hidden flag. Hidden tokens stay in
 * the table on purpose: discovery checks it, so a hidden spam token never comes back.
 *
 * Also the discovery cursor: the last block scanned per chain and holder, so each scan only reads new blocks.
 */
import { getAddress } from 'viem';
import type { TokenOrigin, TrackedToken } from '../../../shared/domain';
import type { TokenConfig } from '../../engine/types';
import type { Database } from '../../storage/database';

const MIGRATIONS = [
  `CREATE TABLE tracked_tokens (
     chain_id INTEGER NOT NULL,
     address TEXT NOT NULL,        -- checksummed
     symbol TEXT NOT NULL,
     name TEXT NOT NULL,
     decimals INTEGER NOT NULL,
     origin TEXT NOT NULL,         -- configured | discovered | user
     hidden INTEGER NOT NULL DEFAULT 0,
     price_feed TEXT,
     added_at INTEGER NOT NULL,
     PRIMARY KEY (chain_id, address)
   )`,
  `CREATE TABLE token_scans (
     chain_id INTEGER NOT NULL,
     holder TEXT NOT NULL,         -- checksummed
     last_block TEXT NOT NULL,     -- bigint as decimal text
     PRIMARY KEY (chain_id, holder)
   )`,
] as const;

interface Row {
  chain_id: number;
  address: string;
  symbol: string;
  name: string;
  decimals: number;
  origin: string;
  hidden: number;
  price_feed: string | null;
}

/** A token to add: its metadata as read from the chain. */
export interface NewToken {
  chainId: number;
  address: `0x${string}`;
  symbol: string;
  name: string;
  decimals: number;
}

export class TokenStore {
  readonly #db: Database;

  constructor(db: Database) {
    db.migrate('tokens', MIGRATIONS);
    this.#db = db;
  }

  /** Every tracked token (hidden ones included), by chain, then in the order they were added. */
  list(chainId?: number): TrackedToken[] {
    const sql = `SELECT * FROM tracked_tokens ${chainId === undefined ? '' : 'WHERE chain_id = ?'} ORDER BY chain_id, added_at, rowid`;
    const statement = this.#db.sqlite.prepare(sql);
    const rows = (chainId === undefined ? statement.all() : statement.all(chainId)) as unknown as Row[];
    return rows.map(toTracked);
  }

  get(chainId: number, address: string): TrackedToken | null {
    const row = this.#db.sqlite
      .prepare('SELECT * FROM tracked_tokens WHERE chain_id = ? AND address = ?')
      .get(chainId, getAddress(address)) as unknown as Row | undefined;
    return row ? toTracked(row) : null;
  }

  /**
   * Makes the chain's configured tokens known. Metadata and feed follow the configuration; the hidden flag is the
   * user's and is kept. A token found earlier by discovery becomes 'configured' once it is configured.
   */
  syncConfigured(chainId: number, tokens: readonly TokenConfig[], now: number): void {
    const upsert = this.#db.sqlite.prepare(
      `INSERT INTO tracked_tokens (chain_id, address, symbol, name, decimals, origin, hidden, price_feed, added_at)
       VALUES (?, ?, ?, ?, ?, 'configured', 0, ?, ?)
       ON CONFLICT (chain_id, address) DO UPDATE SET symbol = excluded.symbol, name = excluded.name,
         decimals = excluded.decimals, price_feed = excluded.price_feed, origin = 'configured'`,
    );
    tokens.forEach((token, index) => {
      // added_at keeps the configuration's order among configured tokens (they are all added at `now`).
      upsert.run(chainId, getAddress(token.address), token.symbol, token.name, token.decimals, token.priceFeed ?? null, now - tokens.length + index);
    });
  }

  /** Adds a token unless it is already known (hidden or not). Returns whether it was added. */
  addIfAbsent(token: NewToken, origin: Exclude<TokenOrigin, 'configured'>, now: number): boolean {
    const result = this.#db.sqlite
      .prepare(
        `INSERT INTO tracked_tokens (chain_id, address, symbol, name, decimals, origin, hidden, price_feed, added_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?) ON CONFLICT (chain_id, address) DO NOTHING`,
      )
      .run(token.chainId, getAddress(token.address), token.symbol, token.name, token.decimals, origin, now);
    return Number(result.changes) > 0;
  }

  /** Returns false when the token is not tracked. */
  setHidden(chainId: number, address: string, hidden: boolean): boolean {
    const result = this.#db.sqlite
      .prepare('UPDATE tracked_tokens SET hidden = ? WHERE chain_id = ? AND address = ?')
      .run(hidden ? 1 : 0, chainId, getAddress(address));
    return Number(result.changes) > 0;
  }

  /** The last block scanned for `holder`'s incoming transfers on the chain, or null when never scanned. */
  lastScanned(chainId: number, holder: string): bigint | null {
    const row = this.#db.sqlite
      .prepare('SELECT last_block FROM token_scans WHERE chain_id = ? AND holder = ?')
      .get(chainId, getAddress(holder)) as { last_block: string } | undefined;
    return row ? BigInt(row.last_block) : null;
  }

  setScanned(chainId: number, holder: string, block: bigint): void {
    this.#db.sqlite
      .prepare(
        `INSERT INTO token_scans (chain_id, holder, last_block) VALUES (?, ?, ?)
         ON CONFLICT (chain_id, holder) DO UPDATE SET last_block = excluded.last_block`,
      )
      .run(chainId, getAddress(holder), block.toString());
  }
}

function toTracked(row: Row): TrackedToken {
  return {
    chainId: row.chain_id,
    address: row.address as `0x${string}`,
    symbol: row.symbol,
    name: row.name,
    decimals: row.decimals,
    origin: row.origin as TokenOrigin,
    hidden: row.hidden === 1,
    priceFeed: (row.price_feed as `0x${string}` | null) ?? null,
  };
}

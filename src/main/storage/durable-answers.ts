/**
 * The engine's durable last-known-good tier: the last good answer per read (last-known-good.ts DURABLE_METHODS), in
 * SQLite, so that the app opened while every provider is down shows the last figures read, with their age, instead
 * of "nothing is cached". The memory tier in front of it serves every lookup it can; this one is read only when
 * memory has nothing (after a restart), and written through on every live answer of those methods.
 *
 * Bounded per chain: answers at past blocks pile up (each refresh reads at a new head), so every PRUNE_EVERY writes
 * the oldest beyond `maxEntries` are dropped.
 */
import type { AnswerStore, CachedAnswer } from '../engine';
import type { Database } from './database';

const MIGRATIONS = [
  `CREATE TABLE rpc_answers (
     chain_id INTEGER NOT NULL,
     key TEXT NOT NULL,             -- method and canonical params (last-known-good.ts cacheKey)
     result TEXT NOT NULL,          -- the JSON-RPC result, as JSON
     provider TEXT NOT NULL,        -- display name of the provider that answered
     received_at INTEGER NOT NULL,  -- epoch ms
     PRIMARY KEY (chain_id, key)
   )`,
  'CREATE INDEX rpc_answers_age ON rpc_answers (chain_id, received_at)',
] as const;

/** A few hundred refreshes' worth per chain: far more than a restart needs, small on disk. */
export const DURABLE_ANSWERS_PER_CHAIN = 2_000;
const PRUNE_EVERY = 100;

/** The durable tier of each chain, over one database (the engine asks for it per chain id). */
export function durableAnswers(db: Database, maxEntries = DURABLE_ANSWERS_PER_CHAIN): (chainId: number) => AnswerStore {
  db.migrate('rpc-answers', MIGRATIONS);
  const select = db.sqlite.prepare('SELECT result, provider, received_at FROM rpc_answers WHERE chain_id = ? AND key = ?');
  const upsert = db.sqlite.prepare(
    `INSERT INTO rpc_answers (chain_id, key, result, provider, received_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (chain_id, key) DO UPDATE SET result = excluded.result, provider = excluded.provider,
       received_at = excluded.received_at`,
  );
  const remove = db.sqlite.prepare('DELETE FROM rpc_answers WHERE chain_id = ? AND key = ?');
  const count = db.sqlite.prepare('SELECT COUNT(*) AS n FROM rpc_answers WHERE chain_id = ?');
  const prune = db.sqlite.prepare(
    `DELETE FROM rpc_answers WHERE chain_id = ? AND key NOT IN (
       SELECT key FROM rpc_answers WHERE chain_id = ? ORDER BY received_at DESC LIMIT ?)`,
  );
  return (chainId) => {
    let writes = 0;
    return {
      get(key): CachedAnswer | undefined {
        const row = select.get(chainId, key) as { result: string; provider: string; received_at: number } | undefined;
        if (row === undefined) return undefined;
        try {
          return { result: JSON.parse(row.result) as unknown, provider: row.provider, receivedAt: row.received_at };
        } catch {
          // A row that does not parse (a damaged file) is no answer: dropped, not served.
          remove.run(chainId, key);
          return undefined;
        }
      },
      set(key, answer) {
        upsert.run(chainId, key, JSON.stringify(answer.result) ?? 'null', answer.provider, answer.receivedAt);
        if (++writes % PRUNE_EVERY === 0) prune.run(chainId, chainId, maxEntries);
      },
      delete(key) {
        remove.run(chainId, key);
      },
      size: () => (count.get(chainId) as { n: number }).n,
    };
  };
}

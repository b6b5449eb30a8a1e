/**
 * The app's one SQLite database (`steadfast.db` in the data folder), through Node's built-in `node:sqlite`: no
 * native module to rebuild for Electron's ABI, and the same file in both modes. Each feature owns its tables and
 * registers its migrations under its own name, so features evolve their schemas independently.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface Database {
  readonly sqlite: DatabaseSync;
  /**
   * Apply `feature`'s migrations that have not run yet, in order, each in a transaction. Index i is version i+1;
   * never edit or reorder a released migration, only append.
   */
  migrate(feature: string, migrations: readonly string[]): void;
  close(): void;
}

export const DATABASE_FILE = 'steadfast.db';

/** Opens (creating if needed) the database; `:memory:` for tests that need no file. */
export function openDatabase(dataDir: string | ':memory:'): Database {
  let path: string = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    path = join(dataDir, DATABASE_FILE);
    // Created readable by the user alone (history and snapshots say what they own); SQLite gives its -wal and -shm
    // files the database file's permissions.
    writeFileSync(path, '', { flag: 'a', mode: 0o600 });
  }
  const sqlite = new DatabaseSync(path);
  // WAL: readers (the renderer's history pages) do not wait for the refresh loop's writes.
  if (path !== ':memory:') sqlite.exec('PRAGMA journal_mode = WAL');
  sqlite.exec('PRAGMA foreign_keys = ON');
  sqlite.exec('CREATE TABLE IF NOT EXISTS schema_migrations (feature TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  const current = sqlite.prepare('SELECT version FROM schema_migrations WHERE feature = ?');
  const record = sqlite.prepare(
    'INSERT INTO schema_migrations (feature, version) VALUES (?, ?) ON CONFLICT(feature) DO UPDATE SET version = excluded.version',
  );
  let open = true;
  return {
    sqlite,
    migrate(feature, migrations) {
      const row = current.get(feature) as { version: number } | undefined;
      for (let version = (row?.version ?? 0) + 1; version <= migrations.length; version++) {
        sqlite.exec('BEGIN');
        try {
          sqlite.exec(migrations[version - 1]!);
          record.run(feature, version);
          sqlite.exec('COMMIT');
        } catch (error) {
          sqlite.exec('ROLLBACK');
          throw error;
        }
      }
    },
    close() {
      if (open) sqlite.close();
      open = false;
    },
  };
}

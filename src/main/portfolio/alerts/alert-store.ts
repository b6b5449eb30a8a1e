/** Price alerts in SQLite. Thresholds are TEXT holding the exact USD integer (USD_DECIMALS). */
import type { PriceAlert } from '../../../shared/domain';
import type { Database } from '../../storage/database';

const MIGRATIONS = [
  `CREATE TABLE price_alerts (
     id TEXT PRIMARY KEY,
     chain_id INTEGER NOT NULL,
     asset TEXT NOT NULL,
     symbol TEXT NOT NULL,
     direction TEXT NOT NULL CHECK (direction IN ('above', 'below')),
     threshold_usd TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('armed', 'fired')),
     created_at INTEGER NOT NULL,
     last_fired_at INTEGER
   );`,
];

interface Row {
  id: string;
  chain_id: number;
  asset: string;
  symbol: string;
  direction: 'above' | 'below';
  threshold_usd: string;
  state: 'armed' | 'fired';
  created_at: number;
  last_fired_at: number | null;
}

export class AlertStore {
  constructor(private readonly db: Database) {
    db.migrate('alerts', MIGRATIONS);
  }

  list(): PriceAlert[] {
    const rows = this.db.sqlite.prepare('SELECT * FROM price_alerts ORDER BY created_at, id').all() as unknown as Row[];
    return rows.map((r) => ({
      id: r.id,
      chainId: r.chain_id,
      asset: r.asset as PriceAlert['asset'],
      symbol: r.symbol,
      direction: r.direction,
      thresholdUsd: BigInt(r.threshold_usd),
      state: r.state,
      createdAt: r.created_at,
      lastFiredAt: r.last_fired_at,
    }));
  }

  count(): number {
    return (this.db.sqlite.prepare('SELECT COUNT(*) AS n FROM price_alerts').get() as { n: number }).n;
  }

  add(alert: PriceAlert): void {
    this.db.sqlite
      .prepare(
        `INSERT INTO price_alerts (id, chain_id, asset, symbol, direction, threshold_usd, state, created_at, last_fired_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(alert.id, alert.chainId, alert.asset, alert.symbol, alert.direction, alert.thresholdUsd.toString(), alert.state,
        alert.createdAt, alert.lastFiredAt);
  }

  /** Persists a state change (the only thing evaluation changes). */
  update(alert: PriceAlert): void {
    this.db.sqlite
      .prepare('UPDATE price_alerts SET state = ?, last_fired_at = ? WHERE id = ?')
      .run(alert.state, alert.lastFiredAt, alert.id);
  }

  remove(id: string): boolean {
    return Number(this.db.sqlite.prepare('DELETE FROM price_alerts WHERE id = ?').run(id).changes) > 0;
  }
}

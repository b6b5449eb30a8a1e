import { afterEach, describe, expect, it } from 'vitest';
import { decodeHistory } from '../../../src/main/portfolio/history/decode';
import { HistoryStore } from '../../../src/main/portfolio/history/store';
import { openDatabase, type Database } from '../../../src/main/storage/database';
import { BOB, ETH, ME, transfer, tx } from './facts';

let db: Database | undefined;
afterEach(() => db?.close());

describe('HistoryStore', () => {
  it('round-trips rows exactly (2^256-1 included) and pages newest first', () => {
    db = openDatabase(':memory:');
    const store = new HistoryStore(db);
    const rows = decodeHistory(
      ME,
      31337,
      ETH,
      [tx(1, { value: 2n ** 256n - 1n, fee: 123_456_789_012_345_678_901n }), tx(2, { to: BOB, input: '0x095ea7b3', failed: true })],
      [transfer(3, 2), transfer(3, 9, { value: 1n })],
    );
    store.write(31337, ME, rows, { source: 'indexer', lastBlock: 103n, fromBlock: null, fetchedAt: 1_000 }, true);

    expect(store.count(31337, ME)).toBe(4);
    const { txIndex: _t, ...first } = rows[0]!;
    const all = store.all(31337, ME);
    expect(all[0]).toEqual({ ...first, hash: first.hash.toLowerCase() });
    expect(all.map((r) => [r.kind, r.logIndex, r.amount, r.fee, r.failed])).toEqual([
      ['token-transfer', 9, 1n, null, false],
      ['token-transfer', 2, 2_500_000n, null, false],
      ['contract-call', null, 0n, 21_000n * 1_500_000_000n, true],
      ['sent', null, 2n ** 256n - 1n, 123_456_789_012_345_678_901n, false],
    ]);
    expect(store.page(31337, ME, 1, 2).map((r) => r.logIndex)).toEqual([2, null]);
    expect(store.meta(31337, ME.toLowerCase())).toEqual({ source: 'indexer', lastBlock: 103n, fromBlock: null, fetchedAt: 1_000 });
  });

  it('upserts an incremental read and replaces on a complete one', () => {
    db = openDatabase(':memory:');
    const store = new HistoryStore(db);
    const one = decodeHistory(ME, 1, ETH, [tx(1, { value: 1n })], []);
    const two = decodeHistory(ME, 1, ETH, [tx(1, { value: 1n }), tx(2, { value: 2n })], []);
    store.write(1, ME, one, { source: 'logs', lastBlock: 101n, fromBlock: 50n, fetchedAt: 1 }, false);
    store.write(1, ME, two, { source: 'logs', lastBlock: 102n, fromBlock: 50n, fetchedAt: 2 }, false);
    expect(store.count(1, ME)).toBe(2);
    store.write(1, ME, one, { source: 'indexer', lastBlock: 101n, fromBlock: null, fetchedAt: 3 }, true);
    expect(store.count(1, ME)).toBe(1);
    expect(store.count(2, ME)).toBe(0);
  });
});

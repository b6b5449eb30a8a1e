import { describe, expect, it } from 'vitest';
import { decodeHistory, methodOf } from '../../../src/main/portfolio/history/decode';
import { BOB, DAI, ETH, ME, T0, TOKEN, transfer, tx } from './facts';

const decode = (txs: Parameters<typeof decodeHistory>[3], transfers: Parameters<typeof decodeHistory>[4] = []) =>
  decodeHistory(ME, 31337, ETH, txs, transfers);

describe('decodeHistory', () => {
  it('a native send: one sent row, out, with the exact amount and gasUsed × effective price as fee', () => {
    const rows = decode([tx(1, { value: 1_234_567_890_123_456_789n, fee: 21_000n * 1_000_000_007n })]);
    expect(rows).toEqual([
      {
        chainId: 31337,
        hash: `0x${'1'.padStart(64, '0')}`,
        txIndex: 0,
        logIndex: null,
        blockNumber: 101n,
        timestamp: T0 + 12_000,
        kind: 'sent',
        direction: 'out',
        counterparty: BOB,
        asset: { address: 'native', symbol: 'ETH', decimals: 18 },
        amount: 1_234_567_890_123_456_789n,
        fee: 21_000_000_147_000n,
        method: null,
        failed: false,
      },
    ]);
  });

  it('a token receive in someone else’s transaction: token-transfer in, no fee', () => {
    const rows = decode([], [transfer(2, 7)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'token-transfer',
      direction: 'in',
      counterparty: BOB,
      logIndex: 7,
      asset: { address: TOKEN, symbol: 'USDC', decimals: 6 },
      amount: 2_500_000n,
      fee: null,
      failed: false,
    });
  });

  it('a received native transfer carries no fee (the sender paid it)', () => {
    const rows = decode([tx(3, { from: BOB, to: ME, value: 5n })]);
    expect(rows[0]).toMatchObject({ kind: 'received', direction: 'in', counterparty: BOB, amount: 5n, fee: null });
  });

  it('a contract call moving nothing: contract-call with the known name, the contract as counterparty, and the fee', () => {
    const approve = `0x095ea7b3${'0'.repeat(128)}`;
    const rows = decode([tx(4, { to: TOKEN, input: approve, fee: 46_000n })]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'contract-call',
      direction: 'none',
      counterparty: TOKEN,
      asset: null,
      amount: 0n,
      fee: 46_000n,
      method: 'approve',
    });
    expect(methodOf('0xdeadbeef00', null)).toBe('0xdeadbeef');
    expect(methodOf('0xdeadbeef', 'swapExactTokens(uint256 amountIn, address to)')).toBe('swapExactTokens');
  });

  it('a failed transaction is flagged and still costs its fee', () => {
    const rows = decode([tx(5, { value: 10n ** 18n, failed: true, fee: 30_000n })]);
    expect(rows[0]).toMatchObject({ kind: 'sent', amount: 10n ** 18n, failed: true, fee: 30_000n });
  });

  it('a transaction with native value and two token transfers: three rows, fee once, newest log first', () => {
    const rows = decode(
      [tx(6, { value: 7n, to: TOKEN, input: '0x12345678', fee: 99_000n })],
      [
        transfer(6, 3, { from: ME, to: BOB, value: 11n }),
        transfer(6, 4, { from: BOB, to: ME, token: { address: DAI, symbol: 'DAI', decimals: 18 }, value: 12n }),
        // Not this address's: ignored.
        transfer(6, 5, { from: BOB, to: TOKEN, value: 13n }),
      ],
    );
    expect(rows.map((r) => [r.kind, r.direction, r.logIndex, r.amount, r.fee])).toEqual([
      ['token-transfer', 'in', 4, 12n, null],
      ['token-transfer', 'out', 3, 11n, null],
      ['sent', 'out', null, 7n, 99_000n],
    ]);
    expect(rows.filter((r) => r.fee !== null)).toHaveLength(1);
  });

  it('a token send the address made: the fee goes on its transfer row', () => {
    const rows = decode([tx(7, { to: TOKEN, input: '0xa9059cbb', fee: 51_000n })], [transfer(7, 0, { from: ME, to: BOB })]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'token-transfer', direction: 'out', counterparty: BOB, fee: 51_000n });
  });

  it('sorts newest first across blocks and positions', () => {
    const rows = decode(
      [tx(1, { value: 1n }), tx(9, { value: 2n, txIndex: 0 }), tx(10, { value: 3n, blockNumber: 109n, txIndex: 4 })],
      [],
    );
    expect(rows.map((r) => r.amount)).toEqual([3n, 2n, 1n]);
  });
});

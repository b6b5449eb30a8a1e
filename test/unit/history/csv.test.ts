import { describe, expect, it } from 'vitest';
import { csvField, decimalString, inertText, toCsv } from '../../../src/main/portfolio/export/csv';
import { historyCsv } from '../../../src/main/portfolio/export/history-csv';
import { decodeHistory } from '../../../src/main/portfolio/history/decode';
import { BOB, ETH, ME, TOKEN, transfer, tx } from './facts';

describe('RFC 4180 writer', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('')).toBe('');
  });

  it('ends every line, the last included, with CRLF', () => {
    expect(toCsv(['a', 'b'], [['1', 'x,y'], ['2', '']])).toBe('a,b\r\n1,"x,y"\r\n2,\r\n');
    expect(() => toCsv(['a'], [['1', '2']])).toThrow(RangeError);
  });

  it('formats amounts exactly, whatever their size', () => {
    expect(decimalString(2n ** 256n - 1n, 18)).toBe('115792089237316195423570985008687907853269984665640564039457.584007913129639935');
    expect(decimalString(1n, 8)).toBe('0.00000001');
    expect(decimalString(1_500_000n, 6)).toBe('1.5');
    expect(decimalString(42n, 0)).toBe('42');
    expect(decimalString(0n, 18)).toBe('0');
  });

  it('defuses formulas in outside text', () => {
    expect(inertText('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(inertText('USDC')).toBe('USDC');
  });
});

describe('history CSV', () => {
  it('writes header and rows exactly, with the dated file name', () => {
    const rows = decodeHistory(
      ME,
      31337,
      ETH,
      [tx(1, { value: 1_234_567_890_123_456_789n, fee: 21_000n * 1_000_000_007n, timestamp: Date.UTC(2026, 11, 3, 9, 5, 7) })],
      [transfer(2, 7, { timestamp: Date.UTC(2026, 11, 3, 10, 0, 0), token: { address: TOKEN, symbol: 'U,"SD"', decimals: 6 } })],
    );
    const file = historyCsv(rows, { chainId: 31337, address: ME, nativeDecimals: 18, now: Date.UTC(2026, 11, 3, 23, 59) });
    expect(file.filename).toBe(`steadfast-history-31337-${ME}-20261203.csv`);
    expect(file.csv.split('\r\n')).toEqual([
      'date,block,hash,kind,direction,counterparty,asset symbol,asset address,amount,fee,failed',
      `2026-12-03T10:00:00.000Z,102,0x${'2'.padStart(64, '0')},token-transfer,in,${BOB},"U,""SD""",${TOKEN},2.5,,false`,
      `2026-12-03T09:05:07.000Z,101,0x${'1'.padStart(64, '0')},sent,out,${BOB},ETH,native,1.234567890123456789,0.000021000000147,false`,
      '',
    ]);
  });
});

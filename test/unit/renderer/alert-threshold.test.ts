import { describe, expect, it } from 'vitest';
import { alertNote } from '../../../src/renderer/src/modules/alerts/alert-note';
import { parseThreshold } from '../../../src/renderer/src/modules/alerts/threshold';

describe('USD threshold parsing', () => {
  it('is exact to 8 decimals', () => {
    expect(parseThreshold('2999')).toEqual({ ok: true, value: 299_900_000_000n });
    expect(parseThreshold(' $2,999.5 ')).toEqual({ ok: true, value: 299_950_000_000n });
    expect(parseThreshold('0.00000001')).toEqual({ ok: true, value: 1n });
    expect(parseThreshold('2999.99')).toEqual({ ok: true, value: 299_999_000_000n });
    expect(parseThreshold('123456789012345678901.12345678')).toEqual({ ok: true, value: 12_345_678_901_234_567_890_112_345_678n });
  });

  it('refuses what it cannot represent exactly or is not a positive number', () => {
    expect(parseThreshold('0.000000001')).toEqual({ ok: false, message: 'At most 8 decimals' });
    expect(parseThreshold('0')).toEqual({ ok: false, message: 'A threshold above zero' });
    expect(parseThreshold('')).toEqual({ ok: false, message: 'Enter a threshold in USD' });
    for (const text of ['1,23', '-5', '1e3', '3.', '.5', 'abc', '1 000']) {
      expect(parseThreshold(text)).toEqual({ ok: false, message: 'A threshold is a decimal number, like 2999.50' });
    }
    expect(parseThreshold('99999999999999999999999')).toEqual({ ok: false, message: 'That threshold is too large' });
  });
});

describe('alert note', () => {
  const base = { thresholdUsd: 299_900_000_000n, lastFiredAt: null } as const;
  it('says plainly that an alert added beyond its threshold waits for a crossing', () => {
    expect(alertNote({ ...base, direction: 'above', state: 'fired' })).toBe('already above $2,999.00: fires after the price drops below and rises above again');
    expect(alertNote({ ...base, direction: 'below', state: 'fired' })).toBe('already below $2,999.00: fires after the price rises above and drops below again');
    expect(alertNote({ ...base, direction: 'above', state: 'armed' })).toBe('fires when the price rises above $2,999.00');
    expect(alertNote({ ...base, direction: 'below', state: 'armed', lastFiredAt: 5 })).toBe('fires when the price drops below $2,999.00');
    expect(alertNote({ ...base, direction: 'above', state: 'fired', lastFiredAt: 5 })).toBe(
      'fired; fires again after the price drops below and rises above $2,999.00 again',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { decode, encode, parse, stringify } from '../../../src/shared/wire';

const MAX_UINT256 = 2n ** 256n - 1n;

describe('wire encoding', () => {
  it('round-trips 2^256-1 wei exactly through text', () => {
    const text = stringify({ amount: MAX_UINT256 });
    expect(text).toBe(
      '{"amount":{"$bigint":"115792089237316195423570985008687907853269984665640564039457584007913129639935"}}',
    );
    expect(parse(text)).toEqual({ amount: MAX_UINT256 });
  });

  it('keeps negative and zero bigints and nested arrays', () => {
    const value = { list: [0n, -5n, { deep: [1n] }], n: 1.5, s: '$bigint', t: true, z: null };
    expect(decode(encode(value))).toEqual(value);
  });

  it('drops undefined object fields like JSON does', () => {
    expect(encode({ a: undefined, b: 1 })).toEqual({ b: 1 });
  });

  it('refuses what JSON would corrupt', () => {
    expect(() => encode(Number.NaN)).toThrow('non-finite');
    expect(() => encode(() => 1)).toThrow('cannot encode a function');
  });

  it('refuses a malformed bigint tag instead of guessing', () => {
    expect(() => decode({ $bigint: '12e3' })).toThrow('malformed bigint');
  });

  it('leaves an object with a $bigint key among others alone', () => {
    expect(decode({ $bigint: '1', other: 2 })).toEqual({ $bigint: '1', other: 2 });
  });
});

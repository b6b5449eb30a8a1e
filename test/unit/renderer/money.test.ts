// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { formatAge } from '../../../src/renderer/src/modules/clock/format-age';
import { formatUnits, formatUsd, formatUsdPrice } from '../../../src/renderer/src/modules/portfolio/money';

describe('formatUnits', () => {
  it('formats 2^256-1 wei exactly', () => {
    expect(formatUnits(2n ** 256n - 1n, 18)).toBe(
      '115,792,089,237,316,195,423,570,985,008,687,907,853,269,984,665,640,564,039,457.584007913129639935',
    );
  });

  it('keeps every significant digit of an 18-decimal amount', () => {
    expect(formatUnits(123456789012345678n, 18)).toBe('0.123456789012345678');
    expect(formatUnits(1n, 18)).toBe('0.000000000000000001');
    expect(formatUnits(1_500000000000000000n, 18)).toBe('1.5');
  });

  it('drops trailing zeros and groups thousands for 6 decimals', () => {
    expect(formatUnits(2_500_000000n, 6)).toBe('2,500');
    expect(formatUnits(1_234_567_890123n, 6)).toBe('1,234,567.890123');
    expect(formatUnits(10n, 6)).toBe('0.00001');
  });

  it('formats 8 decimals', () => {
    expect(formatUnits(1n, 8)).toBe('0.00000001');
    expect(formatUnits(21_000_000_00000000n, 8)).toBe('21,000,000');
  });

  it('handles zero, no decimals and negatives', () => {
    expect(formatUnits(0n, 18)).toBe('0');
    expect(formatUnits(1000n, 0)).toBe('1,000');
    expect(formatUnits(-1_000_500000n, 6)).toBe('-1,000.5');
  });

  it('refuses impossible decimals', () => {
    expect(() => formatUnits(1n, -1)).toThrow(RangeError);
    expect(() => formatUnits(1n, 1.5)).toThrow(RangeError);
  });
});

describe('formatUsd', () => {
  it('shows cents with grouped dollars', () => {
    expect(formatUsd(1_234_56000000n)).toBe('$1,234.56');
    expect(formatUsd(123_456_78000000n)).toBe('$123,456.78');
    expect(formatUsd(0n)).toBe('$0.00');
  });

  it('rounds half up to cents', () => {
    expect(formatUsd(1_00499999n)).toBe('$1.00');
    expect(formatUsd(1_00500000n)).toBe('$1.01');
    expect(formatUsd(99_99500000n)).toBe('$100.00');
    expect(formatUsd(999_999_99500000n)).toBe('$1,000,000.00');
    expect(formatUsd(499999n)).toBe('$0.00');
    expect(formatUsd(500000n)).toBe('$0.01');
  });

  it('rounds negatives away from zero and never shows -$0.00', () => {
    expect(formatUsd(-1_00500000n)).toBe('-$1.01');
    expect(formatUsd(-1n)).toBe('$0.00');
  });

  it('stays exact far beyond Number precision', () => {
    expect(formatUsd(2n ** 128n)).toBe('$3,402,823,669,209,384,634,633,746,074,317.68');
  });
});

describe('formatUsdPrice', () => {
  it('keeps the feed precision with at least two decimals', () => {
    expect(formatUsdPrice(3_000_00000000n)).toBe('$3,000.00');
    expect(formatUsdPrice(1_00010000n)).toBe('$1.0001');
    expect(formatUsdPrice(1234n)).toBe('$0.00001234');
    expect(formatUsdPrice(2_50000000n)).toBe('$2.50');
  });
});

describe('formatAge', () => {
  it('reads like "5 s ago" and never goes negative', () => {
    expect(formatAge(1_000, 6_000)).toBe('5 s ago');
    expect(formatAge(10_000, 9_000)).toBe('0 s ago');
    expect(formatAge(0, 125_000)).toBe('2 min ago');
    expect(formatAge(0, 3 * 3_600_000)).toBe('3 h ago');
    expect(formatAge(0, 72 * 3_600_000)).toBe('3 d ago');
  });
});

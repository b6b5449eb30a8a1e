/**
 * Exact money formatting on bigint. Nothing here goes through Number: a Number holds 15–17 significant digits, so an
 * 18-decimal balance of a few ETH would already be rounded, and 2^256-1 wei would print in exponent notation.
 */
import { USD_DECIMALS } from '../../../../shared/domain';

function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255) {
    throw new RangeError(`token decimals must be an integer from 0 to 255, got ${decimals}`);
  }
}

/** "1234567" → "1,234,567". Grouping by hand keeps it exact and locale-independent (tests assert exact text). */
function groupThousands(digits: string): string {
  const head = digits.length % 3 || 3;
  const groups = [digits.slice(0, head)];
  for (let i = head; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups.join(',');
}

/** Splits |value| / 10^decimals into its integer digits and its full-length fraction digits. */
function splitUnits(value: bigint, decimals: number): { negative: boolean; whole: string; fraction: string } {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  if (decimals === 0) return { negative, whole: abs.toString(), fraction: '' };
  const base = 10n ** BigInt(decimals);
  return {
    negative,
    whole: (abs / base).toString(),
    fraction: (abs % base).toString().padStart(decimals, '0'),
  };
}

/**
 * A token amount in its smallest unit, shown exactly: thousands grouped, trailing fraction zeros dropped (they carry no
 * information) and nothing else. 2500000000n with 6 decimals is "2,500"; 1n with 8 decimals is "0.00000001".
 */
export function formatUnits(amount: bigint, decimals: number): string {
  assertDecimals(decimals);
  const { negative, whole, fraction } = splitUnits(amount, decimals);
  const trimmed = fraction.replace(/0+$/, '');
  const text = trimmed === '' ? groupThousands(whole) : `${groupThousands(whole)}.${trimmed}`;
  return negative ? `-${text}` : text;
}

/** Rounds |value| with `decimals` decimals to a whole number of cents, half up (away from zero for negatives). */
function toCents(abs: bigint, decimals: number): bigint {
  if (decimals <= 2) return abs * 10n ** BigInt(2 - decimals);
  const divisor = 10n ** BigInt(decimals - 2);
  return (abs + divisor / 2n) / divisor;
}

/** A USD figure (bigint with USD_DECIMALS decimals) to cents: "$1,234.56". Rounded half up only here, at display. */
export function formatUsd(value: bigint, decimals: number = USD_DECIMALS): string {
  assertDecimals(decimals);
  const negative = value < 0n;
  const cents = toCents(negative ? -value : value, decimals);
  const text = `$${groupThousands((cents / 100n).toString())}.${(cents % 100n).toString().padStart(2, '0')}`;
  // "-$0.00" would claim a loss that rounds to nothing.
  return negative && cents !== 0n ? `-${text}` : text;
}

/**
 * A unit price, exact: at least two decimals like any dollar figure, more when the feed has them, so a $0.00001234
 * token does not show as "$0.00" and a $1.0001 stablecoin depeg stays visible.
 */
export function formatUsdPrice(value: bigint, decimals: number = USD_DECIMALS): string {
  assertDecimals(decimals);
  const { negative, whole, fraction } = splitUnits(value, decimals);
  const significant = fraction.replace(/0+$/, '');
  const shown = significant.length >= 2 ? significant : fraction.slice(0, 2).padEnd(2, '0');
  const text = `$${groupThousands(whole)}.${shown}`;
  return negative ? `-${text}` : text;
}

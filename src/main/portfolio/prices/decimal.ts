/**
 * Decimal text → USD bigint with USD_DECIMALS decimals, exactly. Price APIs answer JSON numbers (`0.9996`,
 * `6.0e4`, `1e-8`); going through a float and multiplying by 10^8 would turn 0.9996 into 99959999.99… and a
 * truncation into 99959999n. Here the digits are moved, never multiplied: the number's own text is parsed.
 *
 * Rounding: digits beyond the 8th decimal are dropped (rounded toward zero), like every division in valuation.ts,
 * so a price is never overstated. A positive price below 1e-8 therefore becomes 0n, which callers treat as "no
 * price" rather than "worth nothing".
 */
import { USD_DECIMALS } from '../../../shared/domain';

const DECIMAL = /^(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** Exponents beyond this are not prices; refusing them keeps `10n ** exponent` from allocating without bound. */
const MAX_EXPONENT = 400;

/**
 * Parses a non-negative decimal (plain or exponent notation) to an integer scaled by 10^decimals, rounding down.
 * Returns null for anything else (negative, NaN, empty, hex, a huge exponent).
 */
export function parseScaledDecimal(text: string, decimals: number = USD_DECIMALS): bigint | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  const exponent = Number(match[3] ?? '0');
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_EXPONENT) return null;
  const digits = BigInt(whole + fraction);
  // value = digits × 10^(exponent − fraction.length); scaled = value × 10^decimals.
  const shift = exponent - fraction.length + decimals;
  return shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
}

/**
 * `JSON.parse` keeping every number as its source text (ES2025 "JSON.parse source text access", in Node ≥ 22), so
 * that prices reach `parseScaledDecimal` as the API wrote them. Strings stay strings; numbers become strings.
 */
export function parseJsonNumbersAsText(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: { source?: string }) {
    if (typeof value === 'number') return context?.source ?? numberText(value);
    return value;
  } as (key: string, value: unknown) => unknown);
}

/** Fallback for a runtime without source access: the shortest round-trip text, never exponent-free guessing. */
function numberText(value: number): string {
  return String(value);
}

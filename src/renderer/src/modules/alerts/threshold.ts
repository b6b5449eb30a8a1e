/**
 * Parses a USD threshold typed by the user into an exact bigint with USD_DECIMALS decimals, without ever going
 * through a Number ("2999.99" as a float is 2999.98999…). More decimals than USD_DECIMALS is an error, not a
 * rounding: the user should see that $0.000000001 cannot be represented rather than get a different threshold.
 */
import { USD_DECIMALS } from '../../../../shared/domain';

export type ParsedThreshold = { ok: true; value: bigint } | { ok: false; message: string };

/** The contract's ceiling (10^30 in 8-decimal units). */
const MAX = 10n ** 30n;

/** Accepts `2999`, `2,999.5`, `$0.00000001`, with surrounding spaces; thousands commas only in groups of three. */
export function parseThreshold(text: string): ParsedThreshold {
  const trimmed = text.trim().replace(/^\$\s*/, '');
  if (trimmed === '') return { ok: false, message: 'Enter a threshold in USD' };
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!match) return { ok: false, message: 'A threshold is a decimal number, like 2999.50' };
  const whole = match[1]!.replaceAll(',', '');
  const fraction = match[2] ?? '';
  if (fraction.length > USD_DECIMALS) {
    return { ok: false, message: `At most ${USD_DECIMALS} decimals` };
  }
  const value = BigInt(whole) * 10n ** BigInt(USD_DECIMALS) + BigInt(fraction.padEnd(USD_DECIMALS, '0') || '0');
  if (value === 0n) return { ok: false, message: 'A threshold above zero' };
  if (value > MAX) return { ok: false, message: 'That threshold is too large' };
  return { ok: true, value };
}

/**
 * bigint-safe wire encoding shared by both transports (Electron IPC and the headless WebSocket bridge).
 *
 * JSON has no bigint and a Number silently loses wei beyond 2^53, so a bigint travels as a tagged decimal string
 * `{ "$bigint": "115792089237316195423570985008687907853269984665640564039457584007913129639935" }` and is rebuilt
 * exactly on the other side. Everything else must already be plain data (no Dates, Maps or class instances).
 */
export type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };

const TAG = '$bigint';
const DECIMAL = /^-?\d+$/;

export function encode(value: unknown): Wire {
  if (typeof value === 'bigint') return { [TAG]: value.toString(10) };
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot encode non-finite number ${value}`);
    return value;
  }
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === 'object') {
    const out: { [key: string]: Wire } = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined) out[key] = encode(inner);
    }
    return out;
  }
  throw new TypeError(`cannot encode a ${typeof value}`);
}

export function decode(value: Wire): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const tagged = value[TAG];
    if (keys.length === 1 && typeof tagged === 'string') {
      if (!DECIMAL.test(tagged)) throw new TypeError(`malformed bigint on the wire: ${JSON.stringify(tagged)}`);
      return BigInt(tagged);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = decode(value[key] as Wire);
    return out;
  }
  return value;
}

/** Serialise for a text transport (WebSocket). */
export function stringify(value: unknown): string {
  return JSON.stringify(encode(value));
}

/** Parse text from a text transport; throws on malformed JSON. */
export function parse(text: string): unknown {
  return decode(JSON.parse(text) as Wire);
}

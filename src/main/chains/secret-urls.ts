/**
 * Provider URLs as stored: every part `maskUrl` would hide (credentials, query values, key-like path segments) is
 * moved into the SecretStore and replaced by a `${secret:key}` placeholder, so the settings file, logs and the
 * renderer only ever hold placeholders or masks. The split reuses maskUrl's own rule (by comparing its output
 * segment by segment) rather than a copy of it: what is shown masked and what is stored as a secret can never drift.
 */
import { maskUrl } from '../engine/redact';
import { SECRET_PLACEHOLDER } from '../settings/schema';

/** What maskUrl puts in place of a secret; a URL still holding it was read back masked, not typed. */
export const MASK = '***';

/**
 * Stands in for a secret when masking a stored URL: 16 characters mixing letters and digits, so maskUrl masks it
 * wherever the real key stood (a real key was split out precisely because maskUrl masked it).
 */
const STAND_IN = 'storedsecret0000';

/** A secret taken out of a URL: its SecretStore key and value. */
export interface SplitSecret {
  key: string;
  value: string;
}

/** A URL ready for the settings file, and the secrets to store for it. */
export interface SplitUrl {
  url: string;
  secrets: SplitSecret[];
}

export function placeholder(key: string): string {
  return `\${secret:${key}}`;
}

/** SecretStore keys a stored URL refers to. */
export function secretKeysOf(url: string | null | undefined): string[] {
  if (!url) return [];
  return [...url.matchAll(SECRET_PLACEHOLDER)].map((match) => match[1]!);
}

/** True when the text tries to name a SecretStore entry itself: a typed URL must never read another secret. */
export function mentionsPlaceholder(text: string): boolean {
  return text.includes('${secret:');
}

/** The masked form of a stored URL, identical to maskUrl of the same URL with its secrets filled in. */
export function maskStoredUrl(url: string): string {
  return maskUrl(url.replace(SECRET_PLACEHOLDER, STAND_IN));
}

/**
 * Split the secrets out of `raw` (an http(s) or ws(s) URL the user typed). `nextKey` names each secret's store
 * entry. A URL with nothing to hide is kept exactly as typed; otherwise it is rebuilt from its parts (the fragment,
 * never sent to a JSON-RPC server, is dropped as maskUrl drops it).
 */
export function splitSecrets(raw: string, nextKey: () => string): SplitUrl {
  const parsed = new URL(raw);
  const maskedSegments = new URL(maskUrl(raw)).pathname.split('/');
  const secrets: SplitSecret[] = [];
  const hide = (value: string): string => {
    const key = nextKey();
    secrets.push({ key, value });
    return placeholder(key);
  };

  let userinfo = '';
  if (parsed.username !== '' || parsed.password !== '') {
    const user = parsed.username !== '' ? hide(decodeSafely(parsed.username)) : '';
    const password = parsed.password !== '' ? `:${hide(decodeSafely(parsed.password))}` : '';
    userinfo = `${user}${password}@`;
  }
  const path = parsed.pathname
    .split('/')
    .map((segment, index) => (maskedSegments[index] === MASK && segment !== MASK ? hide(decodeSafely(segment)) : segment))
    .join('/');
  // maskUrl masks every query value; an empty one hides nothing and stays literal.
  const pairs = [...parsed.searchParams].map(([key, value]) => `${encodeURIComponent(key)}=${value === '' ? '' : hide(value)}`);
  if (secrets.length === 0) return { url: raw, secrets };
  const query = pairs.length > 0 ? `?${pairs.join('&')}` : '';
  return { url: `${parsed.protocol}//${userinfo}${parsed.host}${path}${query}`, secrets };
}

/**
 * Allocates SecretStore keys `${chainId}:${name}:${n}`, skipping every key in `taken` (all keys the settings refer
 * to now), so a new secret never overwrites one the current settings still use: if writing the settings fails after
 * the secrets were stored, the old configuration still works and only an orphan entry is left.
 */
export function keyAllocator(chainId: number, taken: Iterable<string>): (providerName: string) => () => string {
  const used = new Set(taken);
  return (providerName) => {
    // The placeholder grammar allows [A-Za-z0-9_.:-]; ':' separates the parts, so it is not allowed in the name part.
    const base = `${chainId}:${providerName.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    return () => {
      let n = 0;
      while (used.has(`${base}:${n}`)) n += 1;
      const key = `${base}:${n}`;
      used.add(key);
      return key;
    };
  };
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

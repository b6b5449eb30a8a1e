/**
 * Provider URLs carry secrets: API keys in the path (Alchemy `/v2/<key>`, Infura `/v3/<key>`, QuickNode
 * `/<token>/`), in the query (`?apikey=`), or as credentials (`https://user:pass@host`). Everything the engine shows,
 * logs or puts in an error goes through here first.
 */

const MASK = '***';

/**
 * A path segment that looks like a key rather than a route: long, URL-safe and mixing letters and digits, or very
 * long and all one word (a key that happens to have no digit, e.g. a hex token of only a-f). Route words (`v2`,
 * `eth`, `mainnet`, `ethereum-sepolia-archive`) have no digits and are short or split by dashes. Masking a harmless
 * segment by mistake costs nothing; showing a key costs a lot, so the rule leans towards masking.
 */
function looksLikeSecret(segment: string): boolean {
  if (segment.length < 16) return false;
  if (!/^[A-Za-z0-9_.~-]+$/.test(segment)) return false;
  if (segment.length >= 24 && /^[A-Za-z0-9_]+$/.test(segment)) return true;
  return /[0-9]/.test(segment) && /[A-Za-z]/.test(segment);
}

/**
 * The URL with credentials, query values and key-like path segments replaced by `***`; scheme, host and port stay,
 * so operators can still tell providers apart. The fragment is dropped. Unparseable input is not echoed back.
 */
export function maskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '[invalid url]';
  }
  const userinfo = parsed.username !== '' || parsed.password !== '' ? `${MASK}@` : '';
  const path = parsed.pathname
    .split('/')
    .map((segment) => (looksLikeSecret(decodeSafely(segment)) ? MASK : segment))
    .join('/');
  const keys = [...parsed.searchParams.keys()];
  const query = keys.length > 0 ? `?${keys.map((key) => `${encodeURIComponent(key)}=${MASK}`).join('&')}` : '';
  return `${parsed.protocol}//${userinfo}${parsed.host}${path}${query}`;
}

/**
 * Every secret-bearing piece of `url` (raw and decoded), longest first so that replacing one never exposes part of
 * another. Pieces shorter than 4 characters are left out: replacing every `a` in a message would garble it, and a
 * secret that short protects nothing anyway.
 */
function secretsOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const pieces = new Set<string>();
  for (const raw of [parsed.username, parsed.password]) {
    if (raw !== '') pieces.add(raw).add(decodeSafely(raw));
  }
  for (const value of parsed.searchParams.values()) if (value !== '') pieces.add(value).add(encodeURIComponent(value));
  for (const segment of parsed.pathname.split('/')) {
    if (looksLikeSecret(decodeSafely(segment))) pieces.add(segment).add(decodeSafely(segment));
  }
  return [...pieces].filter((piece) => piece.length >= 4).sort((a, b) => b.length - a.length);
}

/**
 * `text` with `url` and each of its secret parts masked, and any other URL in it masked too. Used on messages that
 * come from below us (undici, Node's net errors, server bodies), which may quote the URL they were given.
 */
export function redactText(text: string, url: string): string {
  const masked = maskUrl(url);
  let out = text;
  for (const form of urlForms(url)) out = out.split(form).join(masked);
  for (const secret of secretsOf(url)) out = out.split(secret).join(MASK);
  return out.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (found) => maskUrl(found));
}

/** The URL as given and as WHATWG normalises it (`http://h` → `http://h/`), since messages may quote either. */
function urlForms(url: string): string[] {
  try {
    return [...new Set([url, new URL(url).href])].sort((a, b) => b.length - a.length);
  } catch {
    return [url];
  }
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A CoinGecko-compatible price API (CoinGecko itself, its Pro API, or the demo's local stand-in).
 *
 * Rate-limit friendly by construction: one request per chain for all its tokens (`/simple/token_price/{platform}`
 * with every contract address comma-separated) and one for the native coin (`/simple/price?ids=`), never one per
 * token. Every request has a timeout and an abort signal; failures are typed SteadfastErrors so the fallback chain
 * can say why it moved on. Prices are read from the JSON's own number text (see decimal.ts), never from a float.
 */
import type { Price } from '../../../shared/domain';
import { SteadfastError } from '../../../shared/errors';
import { parseJsonNumbersAsText, parseScaledDecimal } from './decimal';

export interface PriceApiConfig {
  baseUrl: string;
  apiKey: string | null;
}

/** CoinGecko answers in well under a second; a stuck API must not hold a refresh for longer than this. */
export const PRICE_API_TIMEOUT_MS = 5_000;
/** CoinGecko's documented cap on contract addresses per token_price request (public plans). */
const MAX_ADDRESSES_PER_REQUEST = 100;

/** Token prices on one platform, keyed by lower-case contract address. Addresses the API does not know are absent. */
export async function fetchTokenPrices(
  api: PriceApiConfig,
  platform: string,
  addresses: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, Price>> {
  const prices = new Map<string, Price>();
  const unique = [...new Set(addresses.map((a) => a.toLowerCase()))];
  for (let i = 0; i < unique.length; i += MAX_ADDRESSES_PER_REQUEST) {
    const chunk = unique.slice(i, i + MAX_ADDRESSES_PER_REQUEST);
    const body = await getJson(
      api,
      `simple/token_price/${encodeURIComponent(platform)}`,
      { contract_addresses: chunk.join(','), vs_currencies: 'usd', include_last_updated_at: 'true' },
      signal,
    );
    for (const [address, entry] of Object.entries(body)) {
      const price = toPrice(entry);
      if (price) prices.set(address.toLowerCase(), price);
    }
  }
  return prices;
}

/** The native coin's price by its coin id (e.g. `ethereum`), or null when the API does not know it. */
export async function fetchCoinPrice(api: PriceApiConfig, coinId: string, signal?: AbortSignal): Promise<Price | null> {
  const body = await getJson(api, 'simple/price', { ids: coinId, vs_currencies: 'usd', include_last_updated_at: 'true' }, signal);
  return toPrice(body[coinId]);
}

function toPrice(entry: unknown): Price | null {
  if (entry === null || typeof entry !== 'object') return null;
  const { usd, last_updated_at: updated } = entry as { usd?: unknown; last_updated_at?: unknown };
  if (typeof usd !== 'string') return null;
  const value = parseScaledDecimal(usd);
  // Zero (or below 1e-8) is not a price we can value anything at: say "no price" rather than count it as free.
  if (value === null || value === 0n) return null;
  const seconds = typeof updated === 'string' ? Number(updated) : NaN;
  return { usd: value, source: 'price-api', at: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Date.now() };
}

async function getJson(
  api: PriceApiConfig,
  path: string,
  query: Record<string, string>,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const url = new URL(path, api.baseUrl.endsWith('/') ? api.baseUrl : `${api.baseUrl}/`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const headers: Record<string, string> = { accept: 'application/json' };
  // CoinGecko's Pro API and its free "demo" plan take the key in different headers; a compatible API ignores both.
  if (api.apiKey) headers[url.hostname.startsWith('pro-api.') ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key'] = api.apiKey;
  const timeout = AbortSignal.timeout(PRICE_API_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    if (timeout.aborted) throw failure('TIMEOUT', `the price API did not answer within ${PRICE_API_TIMEOUT_MS} ms`, true, error);
    if (signal?.aborted) throw failure('CANCELLED', 'the price request was cancelled', false, error);
    throw failure('PROVIDER_ERROR', `the price API could not be reached (${(error as Error).message})`, true, error);
  }
  const text = await response.text().catch(() => '');
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new SteadfastError({
      code: 'RATE_LIMITED',
      message: 'the price API asks to slow down (HTTP 429)',
      retryable: true,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { details: { retryAfterSeconds: retryAfter } } : {}),
    });
  }
  if (!response.ok) throw failure('PROVIDER_ERROR', `the price API answered HTTP ${response.status}`, response.status >= 500);
  let body: unknown;
  try {
    body = parseJsonNumbersAsText(text);
  } catch (error) {
    throw failure('PROVIDER_ERROR', 'the price API answered something that is not JSON', true, error);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw failure('PROVIDER_ERROR', 'the price API answered an unexpected shape', true);
  }
  return body as Record<string, unknown>;
}

function failure(code: 'TIMEOUT' | 'CANCELLED' | 'PROVIDER_ERROR', message: string, retryable: boolean, cause?: unknown) {
  return new SteadfastError({ code, message, retryable, provider: 'price-api' }, { cause });
}

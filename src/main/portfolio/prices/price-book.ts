/**
 * The price of every (chain, asset) the portfolio holds, from the user's ordered fallback chain of sources:
 * `settings.prices.order` (chainlink, price-api, in either order), then the last cached price with its age.
 *
 * Keyed by chain id and contract address (lower-case) or 'native', NEVER by symbol: two tokens called USDC on one
 * chain are two assets with two prices (a symbol collision once mis-valued a portfolio by a six-figure sum).
 *
 * Long-lived (built once by the composition root, not with the runtime): it holds no engine. Chainlink prices are
 * read by the portfolio's per-chain multicall and handed in; the price API is asked here.
 */
import type { Price, PriceSourceName } from '../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../shared/errors';
import type { Database } from '../../storage/database';
import { fetchCoinPrice, fetchTokenPrices, type PriceApiConfig } from './price-api';
import { PriceCache } from './price-cache';

/** What the book needs to know about prices right now (read at every resolve, so settings changes apply at once). */
export interface PriceSetup {
  order: readonly PriceSourceName[];
  api: PriceApiConfig | null;
  /**
   * Reuse a successful API answer (and wait after a failed one) for this long: a public API's rate limit is counted
   * per minute, while the portfolio refreshes every 2 s. 0 asks on every refresh (the demo's local API).
   */
  apiMinIntervalMs: number;
}

/** A chain's ids at the price API: CoinGecko platform (tokens) and coin id (native). */
export interface ChainPriceIds {
  platform: string | null;
  nativeId: string | null;
}

/** One current price, as analytics and alerts read it. */
export interface PriceQuote {
  chainId: number;
  /** Lower-case contract address, or 'native'. */
  asset: string;
  price: Price;
}

export interface PriceBookDeps {
  db: Database;
  setup: () => PriceSetup;
  ids: (chainId: number) => ChainPriceIds;
  /**
   * False while health has stepped real-time prices down (the feature gate): the price API (external traffic) is
   * paused and prices not read with the balances come from the cache, with their age. Default: always live.
   */
  live?: () => boolean;
  now?: () => number;
}

interface ApiMemo {
  at: number;
  assets: ReadonlySet<string>;
  prices: ReadonlyMap<string, Price>;
  error: ErrorData | null;
}

/** Lower-case address or 'native': the one spelling of an asset key. */
export const assetKey = (asset: string): string => (asset === 'native' ? asset : asset.toLowerCase());

export class PriceBook {
  readonly #cache: PriceCache;
  readonly #current = new Map<string, PriceQuote>();
  readonly #apiMemo = new Map<number, ApiMemo>();
  readonly #now: () => number;

  constructor(private readonly deps: PriceBookDeps) {
    this.#cache = new PriceCache(deps.db);
    this.#now = deps.now ?? Date.now;
  }

  /**
   * Resolves `assets` of one chain through the fallback chain. `chainlink` holds what the on-chain feeds answered in
   * this refresh. Returns the prices found (assets without any price are absent: "no price", never zero) and the
   * errors of sources that failed (shown beside the figures, never instead of them).
   */
  async resolve(
    chainId: number,
    assets: readonly string[],
    chainlink: ReadonlyMap<string, Price>,
    signal?: AbortSignal,
  ): Promise<{ prices: Map<string, Price>; errors: ErrorData[] }> {
    const setup = this.deps.setup();
    const wanted = [...new Set(assets.map(assetKey))];
    const prices = new Map<string, Price>();
    const errors: ErrorData[] = [];
    for (const source of setup.order) {
      const missing = wanted.filter((asset) => !prices.has(asset));
      if (missing.length === 0) break;
      if (source === 'chainlink') {
        for (const asset of missing) {
          const price = chainlink.get(asset);
          if (price) prices.set(asset, price);
        }
      } else if (setup.api && (this.deps.live?.() ?? true)) {
        const answer = await this.#fromApi(chainId, missing, setup, signal);
        if (answer.error) errors.push(answer.error);
        for (const asset of missing) {
          const price = answer.prices.get(asset);
          if (price) prices.set(asset, price);
        }
      }
    }
    this.#cache.putAll(chainId, prices);
    for (const asset of wanted) {
      if (prices.has(asset)) continue;
      const cached = this.#cache.get(chainId, asset);
      if (cached) prices.set(asset, { usd: cached.usd, source: 'cache', at: cached.at });
    }
    for (const [asset, price] of prices) this.#current.set(`${chainId}:${asset}`, { chainId, asset, price });
    return { prices, errors };
  }

  /**
   * The last stored live price of each of `assets` (source 'cache', with the price's own time so its age shows),
   * without asking any source: for a reading the engine served from its last-known-good cache, where asking the
   * price API (or trusting this refresh's "nothing new") would be wrong. Assets never priced are absent.
   */
  cached(chainId: number, assets: readonly string[]): Map<string, Price> {
    const prices = new Map<string, Price>();
    for (const asset of new Set(assets.map(assetKey))) {
      const cached = this.#cache.get(chainId, asset);
      if (cached) prices.set(asset, { usd: cached.usd, source: 'cache', at: cached.at });
    }
    return prices;
  }

  /**
   * The current price of (chainId, asset): the latest resolved one, else the cached one (source 'cache'), else null.
   * `asset` is a contract address (any case) or 'native'.
   */
  current(chainId: number, asset: string): Price | null {
    const key = assetKey(asset);
    const known = this.#current.get(`${chainId}:${key}`);
    if (known) return known.price;
    const cached = this.#cache.get(chainId, key);
    return cached ? { usd: cached.usd, source: 'cache', at: cached.at } : null;
  }

  /** Every known current price (resolved this run, or cached from before), ordered by chain then asset. */
  list(): PriceQuote[] {
    const all = new Map<string, PriceQuote>();
    for (const { chainId, asset, price } of this.#cache.all()) {
      all.set(`${chainId}:${asset}`, { chainId, asset, price: { usd: price.usd, source: 'cache', at: price.at } });
    }
    for (const [key, quote] of this.#current) all.set(key, quote);
    return [...all.values()].sort((a, b) => a.chainId - b.chainId || a.asset.localeCompare(b.asset));
  }

  /** Forget API answers kept for the rate limit (after the API settings changed). */
  invalidate(): void {
    this.#apiMemo.clear();
  }

  async #fromApi(chainId: number, assets: string[], setup: PriceSetup, signal?: AbortSignal): Promise<ApiMemo> {
    const memo = this.#apiMemo.get(chainId);
    const now = this.#now();
    const fresh = memo !== undefined && now - memo.at < setup.apiMinIntervalMs;
    // A failed API is not asked again before the interval (it is most likely rate limiting or down).
    if (fresh && (memo.error !== null || assets.every((asset) => memo.assets.has(asset)))) return memo;
    const api = setup.api!;
    const ids = this.deps.ids(chainId);
    const tokens = assets.filter((asset) => asset !== 'native');
    const prices = new Map<string, Price>();
    // Settled separately: a failing native lookup must not throw away the token prices, nor the other way round.
    const [tokenAnswer, nativeAnswer] = await Promise.allSettled([
      ids.platform && tokens.length > 0 ? fetchTokenPrices(api, ids.platform, tokens, signal) : new Map<string, Price>(),
      ids.nativeId && assets.includes('native') ? fetchCoinPrice(api, ids.nativeId, signal) : null,
    ]);
    let error: ErrorData | null = null;
    if (tokenAnswer.status === 'fulfilled') for (const [asset, price] of tokenAnswer.value) prices.set(asset, price);
    else error = toErrorData(tokenAnswer.reason);
    if (nativeAnswer.status === 'fulfilled') {
      if (nativeAnswer.value) prices.set('native', nativeAnswer.value);
    } else error ??= toErrorData(nativeAnswer.reason);
    const next: ApiMemo = { at: now, assets: new Set(assets), prices, error };
    this.#apiMemo.set(chainId, next);
    return next;
  }
}

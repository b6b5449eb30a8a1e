/**
 * Where the price book's settings come from: `settings.prices` (order, API base URL, the key's SecretStore entry),
 * each chain's price ids (settings, or the demo chain's own), and in demo mode with no API configured the demo's
 * local CoinGecko-compatible service.
 */
import type { Demo } from '../../demo/types';
import type { SecretStore } from '../../settings/secrets';
import type { SettingsService } from '../../settings/settings-service';
import type { ChainPriceIds, PriceSetup } from './price-book';

/** The fixed SecretStore key of the price API's key (settings refer to it by this name). */
export const PRICE_API_KEY_SECRET = 'prices.api.key';
/** A public price API (CoinGecko's free plan allows about 30 calls a minute): ask each chain at most once a minute. */
export const PUBLIC_API_MIN_INTERVAL_MS = 60_000;

export function priceSetup(settings: SettingsService, secrets: SecretStore, demo: Demo | null): () => PriceSetup {
  return () => {
    const { order, api } = settings.get().prices;
    if (api) {
      const apiKey = api.apiKeySecret ? (secrets.get(api.apiKeySecret) ?? null) : null;
      return { order, api: { baseUrl: api.baseUrl, apiKey }, apiMinIntervalMs: PUBLIC_API_MIN_INTERVAL_MS };
    }
    const local = demo?.services.priceApi;
    // The demo's service runs on this machine and has no rate limit: ask it on every refresh, so faults show at once.
    // Its base URL is the server's root; the CoinGecko API lives under /api/v3 there, as at api.coingecko.com.
    if (local) return { order, api: { baseUrl: `${local.baseUrl}/api/v3`, apiKey: local.apiKey }, apiMinIntervalMs: 0 };
    return { order, api: null, apiMinIntervalMs: 0 };
  };
}

/**
 * A chain's price ids. A configured chain has none while the price API in use is the demo's own (no API configured,
 * demo on): the demo's service answers with the demo's made-up prices, which must never value a real chain's assets.
 */
export function chainPriceIds(settings: SettingsService, demo: Demo | null): (chainId: number) => ChainPriceIds {
  return (chainId) => {
    const { chains, prices } = settings.get();
    const own = chains.find((chain) => chain.chainId === chainId);
    if (own && prices.api === null && demo !== null) return { platform: null, nativeId: null };
    if (own) return { platform: own.pricePlatform ?? null, nativeId: own.nativePriceId ?? null };
    const embedded = demo?.chains.find((chain) => chain.config.chainId === chainId);
    return { platform: embedded?.pricePlatform ?? null, nativeId: embedded?.nativePriceId ?? null };
  };
}

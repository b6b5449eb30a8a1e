/**
 * The settings document: the user's chains, their providers and the watched addresses. One schema validates what
 * is read from disk (electron-store in Electron, conf in headless mode: same file format) and what is written.
 */
import { z } from 'zod';
import { addressSchema, labelSchema } from '../../shared/contract';
import { presetChains } from './presets';

export const SETTINGS_VERSION = 2;

const hexAddress = addressSchema.transform((value) => value as `0x${string}`);

/**
 * Secret parts of a URL (API keys) are stored as `${secret:<key>}` placeholders; the values live in the
 * SecretStore (see secrets.ts) and are filled in only when the engine is built. A placeholder is not a valid URL
 * host, so it may appear only in the path and query.
 */
export const SECRET_PLACEHOLDER = /\$\{secret:([A-Za-z0-9_.:-]+)\}/g;

const providerSchema = z.object({
  name: z.string().trim().min(1).max(64),
  url: z
    .string()
    .trim()
    .refine((value) => URL.canParse(value.replace(SECRET_PLACEHOLDER, 'x')), 'a provider URL must be a valid URL')
    .refine((value) => /^https?:\/\//i.test(value), 'a provider URL starts with http:// or https://'),
  rank: z.number().int().min(0).max(99),
  weight: z.number().int().min(1).max(100).default(1),
  wsUrl: z
    .string()
    .trim()
    .refine((value) => /^wss?:\/\//i.test(value), 'a WebSocket URL starts with ws:// or wss://')
    .nullable()
    .default(null),
});

/** Etherscan v2 or Blockscout account API; the key, if any, is a SecretStore key. */
const indexerSchema = z.object({
  kind: z.enum(['etherscan', 'blockscout']),
  baseUrl: z.string().trim().url(),
  apiKeySecret: z.string().min(1).nullable().default(null),
});

const tokenSchema = z.object({
  address: hexAddress,
  symbol: z.string().trim().min(1).max(16),
  name: z.string().trim().min(1).max(64),
  decimals: z.number().int().min(0).max(36),
  priceFeed: hexAddress.optional(),
});

const chainSchema = z
  .object({
    chainId: z.number().int().positive(),
    name: z.string().trim().min(1).max(64),
    /** Disabled chains keep their configuration but are not read (the presets start disabled). */
    enabled: z.boolean().default(true),
    nativeSymbol: z.string().trim().min(1).max(16).default('ETH'),
    nativeDecimals: z.number().int().min(0).max(36).default(18),
    nativePriceFeed: hexAddress.optional(),
    multicall3: hexAddress.optional(),
    /** ENS universal resolver, on chains where names resolve. */
    ensUniversalResolver: hexAddress.optional(),
    /** CoinGecko platform id for token prices from the price API. */
    pricePlatform: z.string().trim().min(1).max(64).optional(),
    /** CoinGecko coin id of the native coin (e.g. `ethereum`). */
    nativePriceId: z.string().trim().min(1).max(64).optional(),
    tokens: z.array(tokenSchema).default([]),
    providers: z.array(providerSchema).min(1, 'a chain needs at least one provider'),
    indexer: indexerSchema.nullable().default(null),
  })
  .refine((chain) => new Set(chain.providers.map((p) => p.name.toLowerCase())).size === chain.providers.length, {
    // Ignoring case, as the settings screen checks: "public" and "Public" would be one provider to a person.
    message: 'provider names must be unique within a chain, ignoring case',
  });

const pricesSchema = z.object({
  /** The user's order of price sources; the last cached price is always the final fallback. */
  order: z
    .array(z.enum(['chainlink', 'price-api']))
    .min(1)
    .refine((order) => new Set(order).size === order.length, 'each price source at most once')
    .default(['chainlink', 'price-api']),
  /** CoinGecko-compatible API; its key, if any, is a SecretStore key. */
  api: z
    .object({ baseUrl: z.string().trim().url(), apiKeySecret: z.string().min(1).nullable().default(null) })
    .nullable()
    .default(null),
});

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  /** Run the embedded local chain (anvil, seeded, with fault proxies) alongside the configured chains. */
  demoChain: z.boolean().default(true),
  chains: z.array(chainSchema).default([]),
  addresses: z.array(z.object({ address: hexAddress, label: labelSchema })).default([]),
  prices: pricesSchema.default({ order: ['chainlink', 'price-api'], api: null }),
  /** Performance budgets (ms); a breach is recorded, counted in the metrics and shown, never enforced. */
  budgets: z
    .object({
      connectionMs: z.number().int().positive().default(500),
      firstByteMs: z.number().int().positive().default(200),
      completeMs: z.number().int().positive().default(2_000),
      renderMs: z.number().int().positive().default(100),
    })
    .default({ connectionMs: 500, firstByteMs: 200, completeMs: 2_000, renderMs: 100 }),
});

export type Settings = z.output<typeof settingsSchema>;
export type ChainSettings = Settings['chains'][number];
export type ProviderSetting = ChainSettings['providers'][number];

/** A fresh install: the embedded chain on, the public chains present but switched off (see presets.ts). */
export function defaultSettings(): Settings {
  return settingsSchema.parse({ version: SETTINGS_VERSION, chains: presetChains() });
}

/**
 * The settings document: the user's chains, their providers and the watched addresses. One schema validates what
 * is read from disk (electron-store in Electron, conf in headless mode: same file format) and what is written.
 */
import { z } from 'zod';
import { addressSchema, labelSchema } from '../../shared/contract';

export const SETTINGS_VERSION = 1;

const hexAddress = addressSchema.transform((value) => value as `0x${string}`);

const providerSchema = z.object({
  name: z.string().trim().min(1).max(64),
  url: z
    .string()
    .trim()
    .url()
    .refine((value) => /^https?:\/\//i.test(value), 'a provider URL starts with http:// or https://'),
  rank: z.number().int().min(0).max(99),
  weight: z.number().int().min(1).max(100).default(1),
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
    nativeSymbol: z.string().trim().min(1).max(16).default('ETH'),
    nativeDecimals: z.number().int().min(0).max(36).default(18),
    nativePriceFeed: hexAddress.optional(),
    multicall3: hexAddress.optional(),
    tokens: z.array(tokenSchema).default([]),
    providers: z.array(providerSchema).min(1, 'a chain needs at least one provider'),
  })
  .refine((chain) => new Set(chain.providers.map((p) => p.name)).size === chain.providers.length, {
    message: 'provider names must be unique within a chain',
  });

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  /** Empty means "nothing configured": the app then runs on the embedded local chain. */
  chains: z.array(chainSchema).default([]),
  addresses: z.array(z.object({ address: hexAddress, label: labelSchema })).default([]),
});

export type Settings = z.output<typeof settingsSchema>;
export type ChainSettings = Settings['chains'][number];

export function defaultSettings(): Settings {
  return { version: SETTINGS_VERSION, chains: [], addresses: [] };
}

/** Which chains the price API is asked about, and what the engine is told of a configured chain (ENS included). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Demo } from '../../../src/main/demo/types';
import { chainPriceIds } from '../../../src/main/portfolio/prices/price-setup';
import { openConfBackend } from '../../../src/main/settings/conf-backend';
import { effectiveChains } from '../../../src/main/settings/effective-chains';
import { defaultSettings } from '../../../src/main/settings/schema';
import { fileSecretStore } from '../../../src/main/settings/secrets';
import { SettingsService } from '../../../src/main/settings/settings-service';

/** Only what chainPriceIds reads of a running demo: its chains' price ids. */
const demo = { chains: [{ config: { chainId: 31337 }, pricePlatform: 'steadfast-local', nativePriceId: 'ethereum' }] } as unknown as Demo;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-prices-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function settingsWithMainnetOn(api: { baseUrl: string } | null): SettingsService {
  const settings = new SettingsService(openConfBackend(dir));
  settings.update((s) => ({
    ...s,
    chains: s.chains.map((c) => (c.chainId === 1 ? { ...c, enabled: true } : c)),
    prices: { ...s.prices, api: api === null ? null : { ...api, apiKeySecret: null } },
  }));
  return settings;
}

describe('price ids per chain', () => {
  it('never asks the demo’s price service about a real chain: Ethereum has no price ids while it is the API in use', () => {
    const ids = chainPriceIds(settingsWithMainnetOn(null), demo);
    expect(ids(1)).toEqual({ platform: null, nativeId: null });
    expect(ids(31337)).toEqual({ platform: 'steadfast-local', nativeId: 'ethereum' });
  });

  it('asks a configured price API about a real chain by its preset ids', () => {
    const ids = chainPriceIds(settingsWithMainnetOn({ baseUrl: 'https://prices.example/api/v3' }), demo);
    expect(ids(1)).toEqual({ platform: 'ethereum', nativeId: 'ethereum' });
  });

  it('without the demo, a real chain keeps its ids', () => {
    expect(chainPriceIds(settingsWithMainnetOn(null), null)(1)).toEqual({ platform: 'ethereum', nativeId: 'ethereum' });
  });
});

describe('effective chains', () => {
  it('carry Ethereum’s ENS universal resolver to the engine', () => {
    const chains = defaultSettings().chains.map((c) => ({ ...c, enabled: true }));
    const mainnet = effectiveChains(chains, fileSecretStore(dir)).find((c) => c.chainId === 1);
    expect(mainnet?.ensUniversalResolver).toBe(chains.find((c) => c.chainId === 1)?.ensUniversalResolver);
    expect(mainnet?.ensUniversalResolver).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });
});

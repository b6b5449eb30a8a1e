/**
 * Prices end to end on the embedded demo: GOV (no Chainlink feed) priced by the demo's price API; with the API
 * failing, the last cached price with its age; the price settings read back masked. Driven through the in-memory
 * bridge as the renderer drives it.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSteadfast } from '../../src/main/app';
import type { SteadfastApp } from '../../src/main/app-types';
import { createMemoryBridge } from '../../src/main/ipc/memory-bridge';
import { openConfBackend } from '../../src/main/settings/conf-backend';
import { createClient, type SteadfastClient } from '../../src/shared/bridge';
import type { Holding, PortfolioSnapshot } from '../../src/shared/domain';

const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

let dir: string;
let app: SteadfastApp;
let client: SteadfastClient;
let close: () => void;
/** A price API that is down: every request answers HTTP 503. */
let broken: Server;
let brokenUrl: string;
let brokenRequests = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-prices-'));
  app = await createSteadfast({ mode: 'headless', version: '0.0.0', settings: openConfBackend(dir), dataDir: dir, database: ':memory:' });
  const bridge = createMemoryBridge(app.router, app.events);
  close = bridge.close;
  client = createClient(bridge);
  broken = createServer((_req, res) => {
    brokenRequests++;
    res.writeHead(503).end('down');
  });
  broken.listen(0, '127.0.0.1');
  await once(broken, 'listening');
  const address = broken.address();
  brokenUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v3`;
}, 60_000);

afterAll(async () => {
  close?.();
  await app?.dispose();
  broken?.closeAllConnections();
  await new Promise((resolve) => broken?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function settled(): Promise<PortfolioSnapshot> {
  await client.invoke('portfolio.refresh', {});
  return client.invoke('portfolio.refresh', {});
}

const holding = (snapshot: PortfolioSnapshot, symbol: string, chainId = 31337): Holding | undefined =>
  snapshot.addresses.find((a) => a.address === TREASURY)?.holdings.find((h) => h.token.symbol === symbol && h.token.chainId === chainId);

describe('prices on the demo chains', () => {
  let govAt = 0;

  it('prices GOV from the price API, listed tokens from their feeds, STEAD (no feed) from the API', async () => {
    expect(await client.invoke('prices.settings', {})).toEqual({ order: ['chainlink', 'price-api'], api: null });
    await client.invoke('tokens.discover', {});
    const snapshot = await settled();
    const gov = holding(snapshot, 'GOV');
    expect(gov?.price).toMatchObject({ usd: 1_250_000_000n, source: 'price-api' });
    govAt = gov!.price!.at;
    expect(govAt).toBeGreaterThan(0);
    expect(holding(snapshot, 'USDC')?.price).toMatchObject({ usd: 100_000_000n, source: 'chainlink' });
    expect(holding(snapshot, 'STEAD', 31338)?.price).toMatchObject({ usd: 25_000_000n, source: 'price-api' });
    expect(holding(snapshot, 'STEAD', 31338)?.valueUsd).toBe(100_000_000_000n); // 4000 × $0.25
  });

  it('keeps every last known price from the cache, and the total, when every provider of both chains refuses', async () => {
    const healthy = await settled();
    const gov = holding(healthy, 'GOV');
    expect(gov?.price).toEqual({ usd: 1_250_000_000n, source: 'price-api', at: govAt });
    const steadAt = holding(healthy, 'STEAD', 31338)!.price!.at;
    const usdcAt = holding(healthy, 'USDC')!.price!.at;
    const roles = ['primary', 'secondary', 'public'] as const;
    for (const provider of roles) await client.invoke('demo.setFault', { provider, fault: { kind: 'refuse' } });
    try {
      const offline = await settled();
      // The price API's tokens keep their price from the price cache, with its own time (its age), like the feeds' tokens.
      expect(holding(offline, 'GOV')?.price).toEqual({ usd: 1_250_000_000n, source: 'cache', at: govAt });
      expect(holding(offline, 'GOV')?.valueUsd).toBe(250_000_000_000n); // 200 × $12.50
      expect(holding(offline, 'STEAD', 31338)?.price).toEqual({ usd: 25_000_000n, source: 'cache', at: steadAt });
      expect(holding(offline, 'STEAD', 31338)?.valueUsd).toBe(100_000_000_000n); // 4000 × $0.25
      expect(holding(offline, 'USDC')?.price).toEqual({ usd: 100_000_000n, source: 'cache', at: usdcAt });
      expect(offline.addresses.flatMap((a) => a.holdings).every((h) => h.freshness.stale && h.freshness.source === 'cache')).toBe(true);
      // Not "ready": every chain's figures are cached, and the reason is said beside them.
      expect(offline.status).toBe('offline');
      expect(offline.asOf.map((a) => [a.chainId, a.stale]).sort()).toEqual([[31337, true], [31338, true]]);
      expect(offline.error?.code).toBe('ALL_PROVIDERS_FAILED');
      // Both chains named, each with the block its figures are from.
      const why = (offline.error?.message ?? '').split(' · ').sort();
      expect(why).toHaveLength(2);
      expect(why[0]).toMatch(/^Steadfast L2: no provider answered; showing the last figures read \(block #\d+\)$/);
      expect(why[1]).toMatch(/^Steadfast Local: no provider answered; showing the last figures read \(block #\d+\)$/);
      // Nothing priced before dropped out: the total is the last known total.
      expect(offline.addresses.map((a) => a.unpriced)).toEqual(healthy.addresses.map((a) => a.unpriced));
      expect(offline.totalUsd).toBe(healthy.totalUsd);
    } finally {
      for (const provider of roles) await client.invoke('demo.setFault', { provider, fault: { kind: 'none' } });
    }
    // Recovered: live sources again, same figures.
    await expect.poll(async () => holding(await settled(), 'GOV')?.price?.source, { timeout: 30_000, interval: 500 }).toBe('price-api');
    const recovered = await settled();
    expect([recovered.status, recovered.error]).toEqual(['ready', null]);
    expect(recovered.totalUsd).toBe(healthy.totalUsd);
    expect(holding(recovered, 'USDC')?.price?.source).toBe('chainlink');
  });

  it('refuses a price API URL that carries its key, changing nothing: the key belongs in its own field', async () => {
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    const refused = await client
      .invoke('prices.save', { order: ['chainlink', 'price-api'], api: { baseUrl: `${brokenUrl}?x_cg_pro_api_key=CG-secret` } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'the price API base URL may not carry a key, credentials, a query or a fragment: put the API key in its own field',
    });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect((await client.invoke('prices.settings', {})).api).toBeNull();
  });

  it('falls back to the last cached price, with its age, when the price API fails', async () => {
    const saved = await client.invoke('prices.save', { order: ['chainlink', 'price-api'], api: { baseUrl: brokenUrl, apiKey: 'k-secret' } });
    expect(saved.api).toEqual({ baseUrl: brokenUrl, hasApiKey: true });
    // The key is in the secret store, never in the settings file.
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('k-secret');
    const snapshot = await settled();
    expect(brokenRequests).toBeGreaterThan(0);
    const gov = holding(snapshot, 'GOV');
    // Same price, labelled cache, and its time is the API's own (so the UI shows its age), not this refresh's.
    expect(gov?.price).toEqual({ usd: 1_250_000_000n, source: 'cache', at: govAt });
    expect(gov?.valueUsd).toBe(250_000_000_000n);
    // Feeds still answer live for what they price.
    expect(holding(snapshot, 'USDC')?.price?.source).toBe('chainlink');
  });

  it('keeps the stored URL when the masked one is saved back, and goes back to the demo API with none', async () => {
    const masked = (await client.invoke('prices.settings', {})).api!.baseUrl;
    const again = await client.invoke('prices.save', { order: ['price-api', 'chainlink'], api: { baseUrl: masked } });
    expect(again).toEqual({ order: ['price-api', 'chainlink'], api: { baseUrl: masked, hasApiKey: true } });
    const none = await client.invoke('prices.save', { order: ['chainlink', 'price-api'], api: null });
    expect(none).toEqual({ order: ['chainlink', 'price-api'], api: null });
    expect(holding(await settled(), 'GOV')?.price?.source).toBe('price-api');
  });
});

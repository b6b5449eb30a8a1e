/**
 * Analytics on the embedded demo through the composition root and the in-memory bridge: the recorded snapshot's
 * allocation equals the seeded holdings exactly, the one-off backfill reconstructs the past from the chains'
 * historical blocks and feed rounds, and the holdings export is exact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createPublicClient, erc20Abi, http, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSteadfast } from '../../src/main/app';
import type { SteadfastApp } from '../../src/main/app-types';
import { DEFAULT_SEED_PLAN, L2_SEED_PLAN } from '../../src/main/demo';
import { createMemoryBridge } from '../../src/main/ipc/memory-bridge';
import { openConfBackend } from '../../src/main/settings/conf-backend';
import { createClient, type SteadfastClient } from '../../src/shared/bridge';
import type { PortfolioSnapshot } from '../../src/shared/domain';

const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const DAY = 24 * 3_600_000;

let dir: string;
let app: SteadfastApp;
let client: SteadfastClient;
let close: () => void;
let snapshot: PortfolioSnapshot;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-analytics-'));
  app = await createSteadfast({ mode: 'headless', version: '9.9.9', settings: openConfBackend(dir), dataDir: dir });
  const bridge = createMemoryBridge(app.router, app.events);
  close = bridge.close;
  client = createClient(bridge);
  snapshot = await client.invoke('portfolio.refresh', {});
});

afterAll(async () => {
  close?.();
  await app?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const assetAddress = (chainId: number, symbol: string): string => {
  const holding = snapshot.addresses[0]!.holdings.find((h) => h.token.chainId === chainId && h.token.symbol === symbol);
  if (!holding) throw new Error(`no ${symbol} on ${chainId}`);
  return holding.token.address;
};

describe('analytics on the demo', () => {
  it('allocates the latest recorded snapshot exactly as seeded, shares summing to 10000', async () => {
    const analytics = await client.invoke('analytics.get', { range: 'all' });
    const value = (chainId: number, symbol: string) =>
      analytics.byAsset.find((s) => s.key === `${chainId}:${assetAddress(chainId, symbol)}`)?.valueUsd;
    // (12.5 + 3.75 + 0.12345678901) ETH × $3,000; (2500 + 150.5 + 0.000001) USDC × $1; (0.25 + 0.00000001) WBTC ×
    // $60,000; (1000 + 42.42) DAI × $1 — the seed plan's literals.
    expect(value(31337, 'ETH')).toBe(4_912_037_036_703n);
    expect(value(31337, 'USDC')).toBe(265_050_000_100n);
    expect(value(31337, 'WBTC')).toBe(1_500_000_060_000n);
    expect(value(31337, 'DAI')).toBe(104_242_000_000n);
    expect(analytics.byAsset.find((s) => s.key === '31337:native')?.label).toBe('ETH · Steadfast Local');
    expect(analytics.byChain.find((s) => s.key === '31337')?.valueUsd).toBe(6_781_329_096_803n);
    expect(analytics.byAsset.reduce((sum, s) => sum + s.shareBps, 0)).toBe(10000);
    expect(analytics.byChain.reduce((sum, s) => sum + s.shareBps, 0)).toBe(10000);
    const total = analytics.byChain.reduce((sum, s) => sum + s.valueUsd, 0n);
    expect(total).toBe(snapshot.totalUsd);
  });

  it('backfills the past once: the oldest point is the start prices times the balances at that block', async () => {
    let analytics = await client.invoke('analytics.get', { range: 'all' });
    // Points are written newest first, so the oldest (30 days back: the demo's contracts are ~30 d 3 h old) comes last.
    const deadline = Date.now() + 30_000;
    while (!(analytics.series[0] && analytics.series[0].at < Date.now() - 29.5 * DAY) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      analytics = await client.invoke('analytics.get', { range: 'all' });
    }
    // 24 hourly + 29 daily points (2..30 days back) + the live one(s).
    expect(analytics.series.length).toBeGreaterThanOrEqual(54);
    const oldest = analytics.series[0]!;
    expect(Date.now() - oldest.at).toBeGreaterThan(30 * DAY - 60_000);
    expect(Date.now() - oldest.at).toBeLessThan(30 * DAY + 120_000);

    // Ground truth read independently: each chain's latest block at or before the point, the holders' native and
    // token balances there (the tokens are minted and funded a minute after the deployments), valued at the plan's
    // START prices (what the feeds answered then). A token without a feed (STEAD) has no price at a past block.
    const settings = await client.invoke('settings.get', {});
    let expected = 0n;
    for (const [chainId, plan] of [[31337, DEFAULT_SEED_PLAN], [31338, L2_SEED_PLAN]] as const) {
      const url = settings.chains.find((c) => c.chainId === chainId)!.providers[0]!.url;
      const chain = createPublicClient({ transport: http(url) });
      let block = 0n;
      while ((await chain.getBlock({ blockNumber: block + 1n })).timestamp * 1000n <= BigInt(oldest.at)) block += 1n;
      // Deployments, mints and funding are blocks 1 to 3, a minute apart: the point sees all of them.
      expect(block).toBeGreaterThanOrEqual(3n);
      for (const holder of snapshot.addresses.map((a) => a.address as Address)) {
        const balance = await chain.getBalance({ address: holder, blockNumber: block });
        expected += (balance * plan.nativeStartPriceUsd) / 10n ** 18n;
        for (const token of plan.tokens.filter((t) => t.feed !== false)) {
          const address = snapshot.addresses
            .flatMap((a) => a.holdings)
            .find((h) => h.token.chainId === chainId && h.token.symbol === token.symbol)!.token.address as Address;
          const units = await chain.readContract({ address, abi: erc20Abi, functionName: 'balanceOf', args: [holder], blockNumber: block });
          expected += (units * token.startPriceUsd) / 10n ** BigInt(token.decimals);
        }
      }
    }
    expect(oldest.totalUsd).toBe(expected);

    // The 24 h range holds the hourly points and the live one, and the 24 h change has a start.
    const day = await client.invoke('analytics.get', { range: '24h' });
    expect(day.series.length).toBeGreaterThanOrEqual(24);
    expect(day.series.at(-1)!.totalUsd).toBe(snapshot.totalUsd);
    // Changes compare like with like: a token the backfill could not price (no feed: STEAD) is left out of both
    // sides, as it has no value then; today it is worth $1,030.85 of the total.
    const unpricedThen = new Set(
      [DEFAULT_SEED_PLAN, L2_SEED_PLAN].flatMap((plan) => plan.tokens.filter((t) => t.feed === false).map((t) => t.symbol)),
    );
    const leftOut = snapshot.addresses
      .flatMap((a) => a.holdings)
      .filter((h) => unpricedThen.has(h.token.symbol))
      .reduce((sum, h) => sum + (h.valueUsd ?? 0n), 0n);
    expect(leftOut).toBe(103_085_000_000n);
    expect(day.change.h24?.toUsd).toBe(snapshot.totalUsd - leftOut);
    expect(day.change.d7).not.toBeNull();
    // The demo's history starts a bit over 30 days back: the 30 d change starts at the oldest point, same addresses.
    expect(snapshot.totalUsd).toBe(8_006_455_096_803n);
    expect(day.change.d30?.fromUsd).toBe(expected);
    const to = 8_006_455_096_803n - 103_085_000_000n;
    expect(day.change.d30?.toUsd).toBe(to);
    // Basis points rounded half away from zero (the value grew, so half up).
    expect(day.change.d30?.changeBps).toBe(Number(((to - expected) * 20_000n + expected) / (2n * expected)));

    // Done once per chain, within its request budget, every grid point read.
    // The run is recorded just after its last (oldest) point is written: wait for both records, not only the point.
    const readRuns = () => {
      const db = new DatabaseSync(join(dir, 'steadfast.db'), { readOnly: true });
      try {
        return db.prepare('SELECT chain_id, points, requests, outcome FROM analytics_backfill ORDER BY chain_id').all();
      } finally {
        db.close();
      }
    };
    let runs = readRuns();
    for (const until = Date.now() + 15_000; runs.length < 2 && Date.now() < until; runs = readRuns()) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(runs.map((r) => [r.chain_id, r.points, r.outcome])).toEqual([
      [31337, 53, 'complete'],
      [31338, 53, 'complete'],
    ]);
    for (const run of runs) expect(Number(run.requests)).toBeLessThanOrEqual(250);
  });

  it('exports the holdings as exact CSV', async () => {
    const file = await client.invoke('export.holdings', {});
    expect(file.filename).toMatch(/^steadfast-holdings-\d{8}-\d{4}\.csv$/);
    const lines = file.csv.split('\r\n');
    expect(lines[0]).toBe(
      'address,label,chain,chain id,token symbol,token address,amount,price usd,value usd,price source,price time,as-of block,stale',
    );
    expect(lines.at(-1)).toBe('');
    const treasury = lines.filter((l) => l.startsWith(`${TREASURY},Treasury,Steadfast Local,31337,`));
    const fields = treasury.map((l) => l.split(','));
    expect(fields.map((f) => [f[4], f[5], f[6], f[7], f[8], f[9], f[12]])).toEqual([
      ['ETH', 'native', '12.5', '3000', '37500', 'chainlink', 'false'],
      ['USDC', assetAddress(31337, 'USDC'), '2500', '1', '2500', 'chainlink', 'false'],
      ['WBTC', assetAddress(31337, 'WBTC'), '0.25', '60000', '15000', 'chainlink', 'false'],
      ['DAI', assetAddress(31337, 'DAI'), '1000', '1', '1000', 'chainlink', 'false'],
    ]);
    expect(fields[0]![10]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(BigInt(fields[0]![11]!)).toBeGreaterThan(0n);
  });
});

/**
 * Token discovery and tracked tokens end to end: createSteadfast on the embedded demo, driven through the in-memory
 * bridge as the renderer drives it. Values are the demo seed plan's literals (src/main/demo/seed-plan.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSteadfast } from '../../src/main/app';
import type { SteadfastApp } from '../../src/main/app-types';
import { createMemoryBridge } from '../../src/main/ipc/memory-bridge';
import { openConfBackend } from '../../src/main/settings/conf-backend';
import { createClient, type SteadfastClient } from '../../src/shared/bridge';
import type { PortfolioSnapshot } from '../../src/shared/domain';
import type { SteadfastError } from '../../src/shared/errors';

const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const TRADING = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const COLD = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11';
const E18 = 10n ** 18n;
/** GOV held: 200 (Treasury) + 7.5 (Trading), at the price API's $12.50. */
const GOV_VALUE_USD = 259_375_000_000n;

let dir: string;
let app: SteadfastApp;
let client: SteadfastClient;
let close: () => void;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-tokens-'));
  app = await createSteadfast({ mode: 'headless', version: '0.0.0', settings: openConfBackend(dir), dataDir: dir, database: ':memory:' });
  const bridge = createMemoryBridge(app.router, app.events);
  close = bridge.close;
  client = createClient(bridge);
}, 60_000);

afterAll(async () => {
  close?.();
  await app?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Twice: a refresh already in flight (the 2 s loop) may have started before the change under test. */
async function settled(): Promise<PortfolioSnapshot> {
  await client.invoke('portfolio.refresh', {});
  return client.invoke('portfolio.refresh', {});
}

const holdingsOf = (snapshot: PortfolioSnapshot, address: string, chainId = 31337) =>
  snapshot.addresses
    .find((a) => a.address === address)
    ?.holdings.filter((h) => h.token.chainId === chainId)
    .map((h) => [h.token.symbol, h.amount]);

describe('tokens on the demo chains', () => {
  let before: PortfolioSnapshot;

  it('tracks the configured tokens before any discovery', async () => {
    before = await settled();
    const tokens = await client.invoke('tokens.list', { chainId: 31337 });
    expect(tokens.map((t) => [t.symbol, t.origin, t.hidden])).toEqual([
      ['USDC', 'configured', false],
      ['WBTC', 'configured', false],
      ['DAI', 'configured', false],
    ]);
    expect(holdingsOf(before, TREASURY)?.map(([symbol]) => symbol)).toEqual(['ETH', 'USDC', 'WBTC', 'DAI']);
  });

  it('discovers exactly the unlisted tokens, with their metadata and exact balances', async () => {
    const tokens = await client.invoke('tokens.discover', {});
    const discovered = tokens.filter((t) => t.origin === 'discovered');
    expect(discovered.map((t) => [t.chainId, t.symbol, t.name, t.decimals, t.hidden]).sort()).toEqual([
      [31337, 'FREE-ETH.COM', 'Claim your ETH at free-eth.com', 18, false],
      [31337, 'GOV', 'Steadfast Governance', 18, false],
      [31337, 'NOPE', 'No Price Token', 18, false],
    ]);

    const after = await settled();
    expect(holdingsOf(after, TREASURY)).toEqual([
      ['ETH', 12_500_000_000_000_000_000n],
      ['USDC', 2_500_000_000n],
      ['WBTC', 25_000_000n],
      ['DAI', 1_000n * E18],
      ['GOV', 200n * E18],
      ['NOPE', 1_000n * E18],
      ['FREE-ETH.COM', 1_000n * E18],
    ]);
    // Discovered tokens show where they are held: no zero rows (Trading holds no NOPE, Cold storage no GOV).
    expect(holdingsOf(after, TRADING)?.slice(4)).toEqual([['GOV', 7_500_000_000_000_000_000n], ['FREE-ETH.COM', 1_000n * E18]]);
    expect(holdingsOf(after, COLD)?.slice(4)).toEqual([['NOPE', 42n * E18], ['FREE-ETH.COM', 1_000n * E18]]);

    // GOV is priced by the API; NOPE and the spam have no price anywhere: shown "no price", left out of the totals.
    const treasury = after.addresses.find((a) => a.address === TREASURY);
    const gov = treasury?.holdings.find((h) => h.token.symbol === 'GOV');
    expect(gov?.price).toMatchObject({ usd: 1_250_000_000n, source: 'price-api' });
    expect(gov?.valueUsd).toBe(250_000_000_000n);
    expect(treasury?.holdings.find((h) => h.token.symbol === 'NOPE')?.price).toBeNull();
    expect(treasury?.unpriced).toBe(2);
    // The total changes exactly by GOV's value.
    expect(after.totalUsd - before.totalUsd).toBe(GOV_VALUE_USD);
  });

  it('hides spam from the snapshot, and it stays hidden after rediscovery', async () => {
    const spam = (await client.invoke('tokens.list', { chainId: 31337 })).find((t) => t.symbol === 'FREE-ETH.COM');
    expect(spam).toBeDefined();
    const listed = await client.invoke('tokens.setHidden', { chainId: 31337, address: spam!.address, hidden: true });
    expect(listed.find((t) => t.address === spam!.address)?.hidden).toBe(true);
    // Immediately, without waiting for a new reading.
    const now = await client.invoke('portfolio.get', {});
    expect(now.addresses.flatMap((a) => a.holdings).some((h) => h.token.symbol === 'FREE-ETH.COM')).toBe(false);

    const again = await client.invoke('tokens.discover', {});
    expect(again.filter((t) => t.symbol === 'FREE-ETH.COM').map((t) => [t.origin, t.hidden])).toEqual([['discovered', true]]);
    const snapshot = await settled();
    expect(snapshot.addresses.flatMap((a) => a.holdings).some((h) => h.token.symbol === 'FREE-ETH.COM')).toBe(false);
    expect(holdingsOf(snapshot, TREASURY)?.map(([symbol]) => symbol)).toEqual(['ETH', 'USDC', 'WBTC', 'DAI', 'GOV', 'NOPE']);

    await client.invoke('tokens.setHidden', { chainId: 31337, address: spam!.address, hidden: false });
    expect(holdingsOf(await settled(), TREASURY)?.at(-1)).toEqual(['FREE-ETH.COM', 1_000n * E18]);
  });

  it('refuses to add what is not an ERC-20, an address without a contract, and a chain that is not running', async () => {
    const wallet = (await client.invoke('tokens.add', { chainId: 31337, address: TREASURY.toLowerCase() }).catch((e: unknown) => e)) as SteadfastError;
    expect([wallet.code, wallet.message]).toEqual(['INVALID_INPUT', `there is no contract at ${TREASURY} on Steadfast Local`]);
    const onL2 = (await client.invoke('tokens.add', { chainId: 31338, address: COLD }).catch((e: unknown) => e)) as SteadfastError;
    expect([onL2.code, onL2.message]).toEqual(['INVALID_INPUT', `there is no contract at ${COLD} on Steadfast L2`]);
    const error = (await client.invoke('tokens.add', { chainId: 31337, address: MULTICALL3 }).catch((e: unknown) => e)) as SteadfastError;
    expect([error.code, error.message]).toEqual([
      'INVALID_INPUT',
      `${MULTICALL3} is not an ERC-20 token on Steadfast Local: it has no readable decimals()`,
    ]);
    const chain = (await client.invoke('tokens.add', { chainId: 999, address: MULTICALL3 }).catch((e: unknown) => e)) as SteadfastError;
    expect([chain.code, chain.message]).toEqual(['INVALID_INPUT', 'chain 999 is not configured']);
  });

  it('refuses an already tracked token by its symbol and chain, keyed by chain and address', async () => {
    const usdc = (await client.invoke('tokens.list', { chainId: 31337 })).find((t) => t.symbol === 'USDC')!;
    const l2 = (await client.invoke('tokens.list', { chainId: 31338 })).find((t) => t.symbol === 'USDC.e')!;
    // Same deployer, same nonce: the two chains' first tokens share an address, and are two different assets.
    expect(l2.address).toBe(usdc.address);
    const tracked = (await client.invoke('tokens.add', { chainId: 31337, address: usdc.address.toLowerCase() }).catch((e: unknown) => e)) as SteadfastError;
    expect([tracked.code, tracked.message]).toEqual(['INVALID_INPUT', 'USDC is already tracked on Steadfast Local']);
    const trackedL2 = (await client.invoke('tokens.add', { chainId: 31338, address: l2.address }).catch((e: unknown) => e)) as SteadfastError;
    expect([trackedL2.code, trackedL2.message]).toEqual(['INVALID_INPUT', 'USDC.e is already tracked on Steadfast L2']);
    // Nothing changed: still one USDC, configured, shown.
    const after = (await client.invoke('tokens.list', { chainId: 31337 })).filter((t) => t.address === usdc.address);
    expect(after.map((t) => [t.symbol, t.origin, t.hidden])).toEqual([['USDC', 'configured', false]]);
  });
});

/**
 * The composition root end to end without a transport: createSteadfast on the embedded demo, driven through the
 * in-memory bridge exactly as the renderer drives it. Values are the seed plan's literals.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSteadfast } from '../../src/main/app';
import type { SteadfastApp } from '../../src/main/app-types';
import { createMemoryBridge } from '../../src/main/ipc/memory-bridge';
import { openConfBackend } from '../../src/main/settings/conf-backend';
import { createClient, type SteadfastClient } from '../../src/shared/bridge';
import type { PortfolioSnapshot } from '../../src/shared/domain';
import { SteadfastError } from '../../src/shared/errors';

const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
/** anvil's dev account #4, not seeded as watched. */
const DAVE = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65';
/** anvil's dev account #5, not watched; `vault.steadfast.eth` on the demo's ENS. */
const VAULT = '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc';

let dir: string;
let app: SteadfastApp;
let client: SteadfastClient;
let close: () => void;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-app-'));
  app = await createSteadfast({ mode: 'headless', version: '9.9.9', settings: openConfBackend(dir), dataDir: dir });
  const bridge = createMemoryBridge(app.router, app.events);
  close = bridge.close;
  client = createClient(bridge);
});

afterAll(async () => {
  close?.();
  await app?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function settled(): Promise<PortfolioSnapshot> {
  return client.invoke('portfolio.refresh', {});
}

describe('the app on the embedded chain', () => {
  it('says it runs the demo', async () => {
    expect(await client.invoke('app.info', {})).toEqual({
      version: '9.9.9',
      mode: 'headless',
      demo: true,
      chains: [
        { chainId: 31337, name: 'Steadfast Local', nativeSymbol: 'ETH' },
        { chainId: 31338, name: 'Steadfast L2', nativeSymbol: 'SLT' },
      ],
    });
  });

  it('reads the seeded total and balances exactly, via primary', async () => {
    const snapshot = await settled();
    expect(snapshot.status).toBe('ready');
    // Both chains, each listed token priced by its feed, else by the price API (STEAD has no feed): the seed's
    // expected.overall.totalUsdWithPriceApi, $80,064.55096803.
    expect(snapshot.totalUsd).toBe(8_006_455_096_803n);
    const treasury = snapshot.addresses.find((a) => a.address === TREASURY);
    // $56,000 on Steadfast Local + $12,200 on Steadfast L2.
    expect(treasury?.totalUsd).toBe(6_820_000_000_000n);
    expect(treasury?.holdings.map((h) => [h.token.chainId, h.token.symbol, h.amount])).toEqual([
      [31337, 'ETH', 12_500_000_000_000_000_000n],
      [31337, 'USDC', 2_500_000_000n],
      [31337, 'WBTC', 25_000_000n],
      [31337, 'DAI', 1_000_000_000_000_000_000_000n],
      [31338, 'SLT', 1_500_000_000_000_000_000_000n],
      [31338, 'USDC.e', 10_000_000_000n],
      [31338, 'STEAD', 4_000_000_000_000_000_000_000n],
    ]);
    expect(treasury?.holdings[0]?.freshness.source).toBe('primary');
    expect(treasury?.holdings[1]?.price).toMatchObject({ usd: 100_000_000n, source: 'chainlink' });
  });

  it('refuses a mistyped checksum, accepts a lower-case address checksummed, and persists it', async () => {
    const wrong = DAVE.replace('d34AAf', 'D34aAF');
    const error = await client.invoke('addresses.add', { address: wrong, label: 'Dave' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteadfastError);
    expect((error as SteadfastError).code).toBe('INVALID_INPUT');
    expect((error as SteadfastError).message).toBe(`${wrong} has a wrong checksum: check it for a typo`);

    const settings = await client.invoke('addresses.add', { address: DAVE.toLowerCase(), label: 'Dave' });
    expect(settings.addresses.at(-1)).toEqual({ address: DAVE, label: 'Dave', builtIn: false });
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { addresses: unknown[] };
    expect(onDisk.addresses).toEqual([{ address: DAVE, label: 'Dave' }]);

    const again = await client.invoke('addresses.add', { address: DAVE, label: 'Dave 2' }).catch((e: unknown) => e);
    expect((again as SteadfastError).message).toBe(`${DAVE} is already watched`);

    const snapshot = await settled();
    const dave = snapshot.addresses.find((a) => a.address === DAVE);
    expect(dave?.holdings.map((h) => h.token.symbol)).toEqual(['ETH', 'USDC', 'WBTC', 'DAI', 'SLT', 'USDC.e', 'STEAD']);
  });

  it('answers wrong input with messages for people: the address format, a long label, the zero address', async () => {
    const refuse = (input: { address: string; label: string }) =>
      client.invoke('addresses.add', input).then(
        () => null,
        (e: unknown) => e as SteadfastError,
      );
    const ADDRESS_HELP = 'Enter a 0x address (40 hex digits) or an ENS name ending in .eth';
    for (const address of ['garbage', '0x123', `${DAVE}00`, 'vault.steadfast.com', '']) {
      const error = await refuse({ address, label: 'X' });
      // The router keeps its channel-prefixed message (logs, other callers); the form shows the issue's own message.
      expect(error?.code).toBe('INVALID_INPUT');
      expect(error?.message).toBe(`invalid input for addresses.add: address: ${ADDRESS_HELP}`);
      expect(error?.details?.issues).toEqual([{ path: 'address', message: ADDRESS_HELP }]);
    }
    const long = await refuse({ address: VAULT, label: 'x'.repeat(65) });
    expect(long?.message).toBe('invalid input for addresses.add: label: A label can be at most 64 characters');
    expect(long?.details?.issues).toEqual([{ path: 'label', message: 'A label can be at most 64 characters' }]);
    const zero = await refuse({ address: '0x0000000000000000000000000000000000000000', label: 'Zero' });
    expect([zero?.code, zero?.message]).toEqual(['INVALID_INPUT', 'the zero address is not a wallet anyone controls']);
    // Nothing was added by any of them.
    expect((await client.invoke('settings.get', {})).addresses.filter((a) => !a.builtIn).map((a) => a.address)).toEqual([DAVE]);
  });

  it('adds an ENS name as the address it resolves to on the demo chain, and refuses names that do not resolve', async () => {
    const settings = await client.invoke('addresses.add', { address: 'Vault.Steadfast.eth', label: 'Vault' });
    expect(settings.addresses.at(-1)).toEqual({ address: VAULT, label: 'Vault', builtIn: false });
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { addresses: unknown[] };
    expect(onDisk.addresses).toEqual([{ address: DAVE, label: 'Dave' }, { address: VAULT, label: 'Vault' }]);

    const unknown = await client.invoke('addresses.add', { address: 'nobody.steadfast.eth', label: 'Nobody' }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'INVALID_INPUT', message: 'nobody.steadfast.eth does not resolve to an address on Steadfast Local' });
    const watched = await client.invoke('addresses.add', { address: 'treasury.steadfast.eth', label: 'Again' }).catch((e: unknown) => e);
    expect(watched).toMatchObject({ code: 'INVALID_INPUT', message: `${TREASURY} is already watched` });
  });

  it('refuses to remove a built-in demo address', async () => {
    const error = await client.invoke('addresses.remove', { address: TREASURY }).catch((e: unknown) => e);
    expect((error as SteadfastError).message).toBe(`${TREASURY} is not one of your watched addresses`);
  });

  it('masks provider URLs and injects faults by provider name', async () => {
    const providers = await client.invoke('providers.list', {});
    expect(providers.map((p) => p.id)).toEqual(
      [31337, 31338].flatMap((chainId) => ['primary', 'secondary', 'public'].map((name) => `${chainId}:${name}`)),
    );
    expect(providers.every((p) => /^http:\/\/127\.0\.0\.1:\d+\/$/.test(p.url))).toBe(true);

    const unknown = await client.invoke('demo.setFault', { provider: 'nope', fault: { kind: 'refuse' } }).catch((e: unknown) => e);
    expect((unknown as SteadfastError).code).toBe('INVALID_INPUT');

    const before = await settled();
    const status = await client.invoke('demo.setFault', { provider: 'primary', fault: { kind: 'http', status: 503 } });
    expect(status.providers.find((p) => p.name === 'primary')?.fault).toEqual({ kind: 'http', status: 503 });
    const snapshot = await settled();
    expect(snapshot.totalUsd).toBe(before.totalUsd);
    expect(snapshot.error).toBeNull();
    expect(snapshot.addresses[0]?.holdings[0]?.freshness.source).toBe('secondary');
    await client.invoke('demo.setFault', { provider: 'primary', fault: { kind: 'none' } });
  });

  it('stops anvil and the proxies on dispose', async () => {
    const providers = await client.invoke('providers.list', {});
    await app.dispose();
    const { request } = await import('undici');
    for (const provider of providers) {
      await expect(request(provider.url, { method: 'POST', body: '{}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    }
    expect(existsSync(join(dir, 'settings.json'))).toBe(true);
  });
});

describe('the app without the embedded chain', () => {
  it('refuses ENS names when no configured chain resolves them', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'steadfast-app-bare-'));
    writeFileSync(join(bare, 'settings.json'), JSON.stringify({ version: 2, demoChain: false, chains: [], addresses: [] }));
    const plain = await createSteadfast({ mode: 'headless', version: '9.9.9', settings: openConfBackend(bare), dataDir: bare });
    try {
      const bridge = createMemoryBridge(plain.router, plain.events);
      const error = await createClient(bridge).invoke('addresses.add', { address: 'vault.steadfast.eth', label: 'Vault' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INVALID_INPUT', message: 'vault.steadfast.eth: no configured chain resolves ENS names; enter the 0x address' });
      bridge.close();
    } finally {
      await plain.dispose();
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

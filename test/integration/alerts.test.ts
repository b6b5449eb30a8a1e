/**
 * Price alerts on the embedded demo: the ETH feed is moved by its owner (the deployer, dev account #0) with a
 * wallet client, and each crossing fires exactly once, pushed as 'alerts.fired'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, getContractAddress, http, parseAbi, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSteadfast } from '../../src/main/app';
import type { SteadfastApp } from '../../src/main/app-types';
import { devAccount } from '../../src/main/demo/accounts';
import { createMemoryBridge } from '../../src/main/ipc/memory-bridge';
import { openConfBackend } from '../../src/main/settings/conf-backend';
import { createClient, type SteadfastClient } from '../../src/shared/bridge';
import type { AlertFired } from '../../src/shared/domain';
import { SteadfastError } from '../../src/shared/errors';

const feedAbi = parseAbi(['function description() view returns (string)', 'function setAnswer(int256 answer)']);
const usd = (whole: number): bigint => BigInt(Math.round(whole * 100)) * 1_000_000n;

let dir: string;
let app: SteadfastApp;
let client: SteadfastClient;
let close: () => void;
const fired: AlertFired[] = [];
let setEthPrice: (priceUsd: bigint) => Promise<void>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-alerts-'));
  app = await createSteadfast({ mode: 'headless', version: '9.9.9', settings: openConfBackend(dir), dataDir: dir });
  const bridge = createMemoryBridge(app.router, app.events);
  close = bridge.close;
  client = createClient(bridge);
  client.on('alerts.fired', (event) => fired.push(event));

  // The chain's first provider (a fault proxy in front of anvil, fault-free here) takes the owner's transaction.
  const settings = await client.invoke('settings.get', {});
  const url = settings.chains.find((c) => c.chainId === 31337)!.providers[0]!.url;
  const chain = createPublicClient({ transport: http(url), pollingInterval: 100 });
  const owner = devAccount(0);
  // The feeds are the deployer's contracts; find ETH's by its description rather than by a deployment nonce.
  let feed: Address | undefined;
  for (let nonce = 0n; nonce < 32n && !feed; nonce++) {
    const address = getContractAddress({ from: owner.address, nonce });
    const description = await chain.readContract({ address, abi: feedAbi, functionName: 'description' }).catch(() => null);
    if (description === 'ETH / USD') feed = address;
  }
  if (!feed) throw new Error('no ETH / USD feed found');
  const wallet = createWalletClient({ account: owner, transport: http(url) });
  const chainId = await chain.getChainId();
  setEthPrice = async (priceUsd) => {
    const hash = await wallet.writeContract({
      address: feed,
      abi: feedAbi,
      functionName: 'setAnswer',
      args: [priceUsd],
      chain: { id: chainId, name: 'demo', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [url] } } },
    });
    await chain.waitForTransactionReceipt({ hash, pollingInterval: 100 });
  };
  await client.invoke('portfolio.refresh', {});
});

afterAll(async () => {
  close?.();
  await app?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Two refreshes: the first may have started before the price moved (refreshes are shared), the second did not. */
async function refreshed(): Promise<void> {
  await client.invoke('portfolio.refresh', {});
  await client.invoke('portfolio.refresh', {});
}

describe('price alerts on the demo', () => {
  it('refuses an asset that is not tracked', async () => {
    const error = await client
      .invoke('alerts.add', { chainId: 31337, asset: '0x000000000000000000000000000000000000dEaD', direction: 'above', thresholdUsd: 1n })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteadfastError);
    expect((error as SteadfastError).code).toBe('INVALID_INPUT');
  });

  it('fires once per crossing: created above $2,999 with ETH at $3,000 it waits; a dip and a rise fire it once', async () => {
    const added = await client.invoke('alerts.add', { chainId: 31337, asset: 'native', direction: 'above', thresholdUsd: usd(2999) });
    expect(added).toHaveLength(1);
    const alert = added[0]!;
    // ETH is already above: no crossing yet, so it starts 'fired' (never fired) and waits to re-arm.
    expect(alert).toMatchObject({ symbol: 'ETH', state: 'fired', thresholdUsd: 299_900_000_000n, lastFiredAt: null });

    await refreshed();
    expect(fired).toHaveLength(0);
    expect((await client.invoke('alerts.list', {}))[0]).toMatchObject({ state: 'fired', lastFiredAt: null });

    await setEthPrice(usd(2990));
    await refreshed();
    expect(fired).toHaveLength(0);
    expect((await client.invoke('alerts.list', {}))[0]?.state).toBe('armed');

    await setEthPrice(usd(3010.5));
    await refreshed();
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ alert: { id: alert.id, state: 'fired' }, priceUsd: 301_050_000_000n });
    expect((await client.invoke('alerts.list', {}))[0]?.lastFiredAt).toBe(fired[0]!.at);
    await refreshed();
    expect(fired).toHaveLength(1);

    await setEthPrice(usd(2990));
    await refreshed();
    await setEthPrice(usd(3005));
    await refreshed();
    expect(fired).toHaveLength(2);
    expect(fired[1]).toMatchObject({ alert: { id: alert.id, state: 'fired' }, priceUsd: 300_500_000_000n });
  });

  it('starts armed when the price is on the near side', async () => {
    const [existing] = await client.invoke('alerts.list', {});
    const list = await client.invoke('alerts.add', { chainId: 31337, asset: 'native', direction: 'above', thresholdUsd: usd(3100) });
    const created = list.find((a) => a.id !== existing!.id)!;
    expect(created).toMatchObject({ state: 'armed', thresholdUsd: 310_000_000_000n, lastFiredAt: null });
    // The same alert again is refused (it could only fire twice for one crossing); the list is unchanged.
    const twice = await client
      .invoke('alerts.add', { chainId: 31337, asset: 'native', direction: 'above', thresholdUsd: usd(3100) })
      .catch((e: unknown) => e);
    expect(twice).toMatchObject({ code: 'INVALID_INPUT', message: 'an alert for ETH above $3100 already exists' });
    expect(await client.invoke('alerts.list', {})).toHaveLength(2);
    expect(await client.invoke('alerts.remove', { id: created.id })).toHaveLength(1);
  });

  it('removes an alert, and says so when it does not exist', async () => {
    const [alert] = await client.invoke('alerts.list', {});
    expect(await client.invoke('alerts.remove', { id: alert!.id })).toEqual([]);
    const error = await client.invoke('alerts.remove', { id: alert!.id }).catch((e: unknown) => e);
    expect((error as SteadfastError).code).toBe('INVALID_INPUT');
  });
});

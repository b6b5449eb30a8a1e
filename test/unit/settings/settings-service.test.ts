import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConfBackend } from '../../../src/main/settings/conf-backend';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { presetChains } from '../../../src/main/settings/presets';
import { openDatabase } from '../../../src/main/storage/database';

const ALICE = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('settings on disk (conf backend, the headless mode)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'steadfast-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the settings, the database and a data folder it creates readable by the user alone', () => {
    const folder = join(dir, 'new-folder');
    const db = openDatabase(folder);
    db.close();
    new SettingsService(openConfBackend(folder)).update((s) => ({ ...s, addresses: [{ address: ALICE, label: 'Alice' }] }));
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder, 'steadfast.db')).mode & 0o777).toBe(0o600);
  });

  it('starts with the embedded chain on and the public chains present but off, and writes that to settings.json', () => {
    const service = new SettingsService(openConfBackend(dir));
    const settings = service.get();
    expect(settings.version).toBe(2);
    expect(settings.demoChain).toBe(true);
    expect(settings.addresses).toEqual([]);
    expect(settings.prices).toEqual({ order: ['chainlink', 'price-api'], api: null });
    expect(settings.chains.map((c) => [c.chainId, c.name, c.enabled])).toEqual([
      [1, 'Ethereum', false],
      [8453, 'Base', false],
      [42161, 'Arbitrum One', false],
      [10, 'OP Mainnet', false],
      [137, 'Polygon', false],
    ]);
    expect(settings.chains[0]?.providers).toEqual([
      { name: 'public', url: presetChains()[0]!.providers[0]!.url, rank: 2, weight: 1, wsUrl: null },
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual(settings);
  });

  it('migrates a v1 document: chains in use stay enabled, and the embedded chain runs only if there were none', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        version: 1,
        chains: [{ chainId: 1, name: 'Ethereum', providers: [{ name: 'main', url: 'https://rpc.example/', rank: 0 }] }],
        addresses: [{ address: ALICE, label: 'Alice' }],
      }),
    );
    const settings = new SettingsService(openConfBackend(dir)).get();
    expect(settings.version).toBe(2);
    expect(settings.demoChain).toBe(false);
    expect(settings.chains).toEqual([
      {
        chainId: 1,
        name: 'Ethereum',
        enabled: true,
        nativeSymbol: 'ETH',
        nativeDecimals: 18,
        tokens: [],
        indexer: null,
        providers: [{ name: 'main', url: 'https://rpc.example/', rank: 0, weight: 1, wsUrl: null }],
      },
    ]);
    expect(settings.addresses).toEqual([{ address: ALICE, label: 'Alice' }]);
  });

  it('persists an update, readable by a second instance', () => {
    new SettingsService(openConfBackend(dir)).update((s) => ({ ...s, addresses: [{ address: ALICE, label: 'Alice' }] }));
    expect(new SettingsService(openConfBackend(dir)).get().addresses).toEqual([{ address: ALICE, label: 'Alice' }]);
  });

  it('refuses an invalid update and keeps the file as it was', () => {
    const service = new SettingsService(openConfBackend(dir));
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(() =>
      service.update((s) => ({ ...s, chains: [{ chainId: 1, name: 'x', providers: [] } as never] })),
    ).toThrow('a chain needs at least one provider');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(service.get().chains).toHaveLength(5);
  });

  it('fills defaults of a hand-written chain (provider weight, native symbol)', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        version: 2,
        chains: [{ chainId: 1, name: 'Ethereum', providers: [{ name: 'main', url: 'https://rpc.example/v2/${secret:1:main}', rank: 0 }] }],
      }),
    );
    const chain = new SettingsService(openConfBackend(dir)).get().chains[0];
    expect(chain).toEqual({
      chainId: 1,
      name: 'Ethereum',
      enabled: true,
      nativeSymbol: 'ETH',
      nativeDecimals: 18,
      tokens: [],
      indexer: null,
      providers: [{ name: 'main', url: 'https://rpc.example/v2/${secret:1:main}', rank: 0, weight: 1, wsUrl: null }],
    });
  });

  it('keeps a document that does not validate aside instead of losing it', () => {
    const original = JSON.stringify({ version: 1, chains: [{ chainId: -1 }] });
    writeFileSync(join(dir, 'settings.json'), original);
    const service = new SettingsService(openConfBackend(dir));
    expect(service.get().addresses).toEqual([]);
    expect(service.get().demoChain).toBe(true);
    const aside = readdirSync(dir).filter((f) => f.startsWith('settings.json.invalid-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(original);
  });

  it('keeps a file that is not JSON aside instead of losing it', () => {
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    const service = new SettingsService(openConfBackend(dir));
    expect(service.get().chains).toHaveLength(5);
    const aside = readdirSync(dir).filter((f) => f.startsWith('settings.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{ not json');
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConfBackend } from '../../../src/main/settings/conf-backend';
import { SettingsService } from '../../../src/main/settings/settings-service';

const ALICE = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('settings on disk (conf backend, the headless mode)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'steadfast-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts with the defaults and writes them to settings.json', () => {
    const service = new SettingsService(openConfBackend(dir));
    expect(service.get()).toEqual({ version: 1, chains: [], addresses: [] });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ version: 1, chains: [], addresses: [] });
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
    expect(service.get().chains).toEqual([]);
  });

  it('fills defaults of a hand-written chain (provider weight, native symbol)', () => {
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        version: 1,
        chains: [{ chainId: 1, name: 'Ethereum', providers: [{ name: 'main', url: 'https://rpc.example/v2/KEY', rank: 0 }] }],
      }),
    );
    const chain = new SettingsService(openConfBackend(dir)).get().chains[0];
    expect(chain).toEqual({
      chainId: 1,
      name: 'Ethereum',
      nativeSymbol: 'ETH',
      nativeDecimals: 18,
      tokens: [],
      providers: [{ name: 'main', url: 'https://rpc.example/v2/KEY', rank: 0, weight: 1 }],
    });
  });

  it('keeps a document that does not validate aside instead of losing it', () => {
    const original = JSON.stringify({ version: 1, chains: [{ chainId: -1 }] });
    writeFileSync(join(dir, 'settings.json'), original);
    const service = new SettingsService(openConfBackend(dir));
    expect(service.get()).toEqual({ version: 1, chains: [], addresses: [] });
    const aside = readdirSync(dir).filter((f) => f.startsWith('settings.json.invalid-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(original);
  });

  it('keeps a file that is not JSON aside instead of losing it', () => {
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    const service = new SettingsService(openConfBackend(dir));
    expect(service.get().chains).toEqual([]);
    const aside = readdirSync(dir).filter((f) => f.startsWith('settings.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{ not json');
  });
});

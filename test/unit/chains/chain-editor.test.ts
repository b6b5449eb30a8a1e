import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { ChainEditor } from '../../../src/main/chains/chain-editor';
import type { Demo } from '../../../src/main/demo/types';
import { EventBus } from '../../../src/main/ipc/events';
import { SETTINGS_VERSION } from '../../../src/main/settings/schema';
import { fileSecretStore, type SecretStore } from '../../../src/main/settings/secrets';
import { SettingsService } from '../../../src/main/settings/settings-service';
import type { ProviderInput } from '../../../src/main/chains/provider-plan';
import { SteadfastError } from '../../../src/shared/errors';

const KEY = 'Zx81kQ2LpP0vN7tY4wE9';
const KEY2 = 'Qa17ZzR4mM0xB2cV8nL3';

let dir: string;
let backend: { store: Record<string, unknown>; path: string };
let secrets: SecretStore;
let editor: ChainEditor;
let reconfigure: Mock<() => Promise<void>>;
let settings: SettingsService;

const demo = { chains: [{ config: { chainId: 31337, name: 'Steadfast Local', nativeSymbol: 'ETH', providers: [] } }] } as unknown as Demo;

function row(name: string, url: string, extra: Partial<ProviderInput> = {}): ProviderInput {
  return { name, url, rank: 0, weight: 1, wsUrl: null, ...extra };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-editor-'));
  backend = {
    path: join(dir, 'settings.json'),
    store: {
      version: SETTINGS_VERSION,
      chains: [
        { chainId: 1337, name: 'Test', enabled: false, providers: [{ name: 'local', url: 'http://127.0.0.1:9/', rank: 0 }] },
        { chainId: 5, name: 'Other', enabled: true, providers: [{ name: 'x', url: 'http://127.0.0.1:9/', rank: 0 }] },
      ],
    },
  };
  settings = new SettingsService(backend);
  secrets = fileSecretStore(dir);
  reconfigure = vi.fn(async () => undefined);
  editor = new ChainEditor({
    settings,
    secrets,
    demo,
    events: new EventBus(),
    log: undefined,
    reconfigure,
    runtime: () => ({ engine: { status: () => [] } }) as never,
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const stored = (chainId: number) => settings.get().chains.find((c) => c.chainId === chainId)!;
const secretsFile = () => (existsSync(join(dir, 'secrets.json')) ? readFileSync(join(dir, 'secrets.json'), 'utf8') : '');

async function refusal(promise: Promise<unknown>): Promise<SteadfastError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SteadfastError);
  expect((error as SteadfastError).code).toBe('INVALID_INPUT');
  return error as SteadfastError;
}

describe('saving providers', () => {
  it('stores keys apart, shows them masked, and keeps a stored URL sent back masked', async () => {
    const views = await editor.saveProviders(1337, [row('alchemy', `https://eth.example/v2/${KEY}`, { wsUrl: `wss://eth.example/ws/${KEY2}` })]);
    const view = views.find((v) => v.chainId === 1337)!;
    expect(view.providers).toEqual([
      { name: 'alchemy', url: 'https://eth.example/v2/***', rank: 0, weight: 1, wsUrl: 'wss://eth.example/ws/***', hasSecret: true },
    ]);
    expect(stored(1337).providers[0]).toMatchObject({
      url: 'https://eth.example/v2/${secret:1337:alchemy:0}',
      wsUrl: 'wss://eth.example/ws/${secret:1337:alchemy:1}',
    });
    expect(JSON.stringify(backend.store)).not.toContain(KEY);
    expect(secrets.get('1337:alchemy:0')).toBe(KEY);

    // Sent back as read, plus a reorder and a new provider: the stored URL and its secret stay as they were.
    await editor.saveProviders(1337, [row('local', 'http://127.0.0.1:8545', { rank: 1 }), row('alchemy', view.providers[0]!.url, { wsUrl: view.providers[0]!.wsUrl, weight: 3 })]);
    expect(stored(1337).providers.map((p) => [p.name, p.url, p.rank, p.weight])).toEqual([
      ['local', 'http://127.0.0.1:8545', 1, 1],
      ['alchemy', 'https://eth.example/v2/${secret:1337:alchemy:0}', 0, 3],
    ]);
    expect(secrets.get('1337:alchemy:0')).toBe(KEY);
  });

  it('replacing a key stores it under a fresh key and removes the old secret', async () => {
    await editor.saveProviders(1337, [row('alchemy', `https://eth.example/v2/${KEY}`)]);
    await editor.saveProviders(1337, [row('alchemy', `https://eth.example/v2/${KEY2}`)]);
    expect(stored(1337).providers[0]!.url).toBe('https://eth.example/v2/${secret:1337:alchemy:1}');
    expect(secrets.get('1337:alchemy:0')).toBeUndefined();
    expect(secretsFile()).not.toContain(KEY);
    await editor.saveProviders(1337, [row('plain', 'http://127.0.0.1:8545')]);
    expect(secretsFile()).not.toContain(KEY2);
  });

  it('keeps the stored URL of a renamed provider', async () => {
    await editor.saveProviders(1337, [row('alchemy', `https://eth.example/v2/${KEY}`)]);
    await editor.saveProviders(1337, [row('renamed', 'https://eth.example/v2/***')]);
    expect(stored(1337).providers[0]).toMatchObject({ name: 'renamed', url: 'https://eth.example/v2/${secret:1337:alchemy:0}' });
    expect(secrets.get('1337:alchemy:0')).toBe(KEY);
  });

  it('refuses invalid rows with clear messages and writes nothing', async () => {
    await editor.saveProviders(1337, [row('alchemy', `https://eth.example/v2/${KEY}`)]);
    const before = { settings: JSON.stringify(backend.store), secrets: secretsFile() };
    const cases: Array<[ProviderInput[], string]> = [
      [[row('a', 'http://127.0.0.1:1'), row('a', 'http://127.0.0.1:2')], 'two providers are named "a": provider names must be unique, ignoring case'],
      [
        [row('public', 'http://127.0.0.1:1'), row('Public', 'http://127.0.0.1:2')],
        '"public" and "Public" differ only in case: provider names must be unique, ignoring case',
      ],
      [[row('new', `https://ok.example/v2/${KEY2}`), row('b', 'ftp://example.com')], 'provider "b": the URL must be a URL starting with http:// or https://'],
      [[row('b', 'http://127.0.0.1:1', { wsUrl: 'https://x.example' })], 'provider "b": the WebSocket URL must be a URL starting with ws:// or wss://'],
      [[row('c', 'https://other.example/v2/***')], 'provider "c": the URL still has a masked part (***); enter the full URL with its key'],
      [[row('d', 'https://evil.example/${secret:1337:alchemy:0}')], 'provider "d": the URL may not contain ${secret:…}'],
    ];
    for (const [rows, message] of cases) {
      expect((await refusal(editor.saveProviders(1337, rows))).message).toBe(message);
    }
    expect(JSON.stringify(backend.store)).toBe(before.settings);
    expect(secretsFile()).toBe(before.secrets);
  });

  it('refuses the built-in demo chain and unknown chains', async () => {
    expect((await refusal(editor.saveProviders(31337, [row('a', 'http://127.0.0.1:1')]))).message).toBe(
      'chain 31337 is the embedded demo chain: it is built in, always on and not editable',
    );
    expect((await refusal(editor.saveProviders(999, [row('a', 'http://127.0.0.1:1')]))).message).toBe('chain 999 is not configured');
  });

  it('rebuilds the runtime only when the edited chain is running', async () => {
    await editor.saveProviders(1337, [row('a', 'http://127.0.0.1:1')]);
    expect(reconfigure).not.toHaveBeenCalled();
    await editor.saveProviders(5, [row('a', 'http://127.0.0.1:1')]);
    expect(reconfigure).toHaveBeenCalledOnce();
  });
});

describe('switching chains', () => {
  it('enables a configured chain and rebuilds the runtime', async () => {
    const views = await editor.setEnabled(1337, true);
    expect(views.find((v) => v.chainId === 1337)?.enabled).toBe(true);
    expect(stored(1337).enabled).toBe(true);
    expect(reconfigure).toHaveBeenCalledOnce();
  });

  it('refuses to enable a chain whose every provider lacks its stored key', async () => {
    await editor.saveProviders(1337, [row('alchemy', `https://eth.example/v2/${KEY}`)]);
    secrets.delete('1337:alchemy:0');
    expect((await refusal(editor.setEnabled(1337, true))).message).toBe(
      'Test has no usable provider (a stored API key is missing): add or re-enter one first',
    );
    expect(stored(1337).enabled).toBe(false);
  });
});

describe('saving the indexer', () => {
  it('keeps the API key in the store: omitted keeps it, empty removes it', async () => {
    let views = await editor.saveIndexer(1337, { kind: 'etherscan', baseUrl: 'http://127.0.0.1:9/api', apiKey: KEY });
    expect(views.find((v) => v.chainId === 1337)?.indexer).toEqual({ kind: 'etherscan', baseUrl: 'http://127.0.0.1:9/api', hasApiKey: true });
    expect(JSON.stringify(backend.store)).not.toContain(KEY);
    expect(secrets.get('1337:indexer')).toBe(KEY);

    views = await editor.saveIndexer(1337, { kind: 'blockscout', baseUrl: 'http://127.0.0.1:9/api' });
    expect(views.find((v) => v.chainId === 1337)?.indexer?.hasApiKey).toBe(true);
    views = await editor.saveIndexer(1337, { kind: 'blockscout', baseUrl: 'http://127.0.0.1:9/api', apiKey: '' });
    expect(views.find((v) => v.chainId === 1337)?.indexer?.hasApiKey).toBe(false);
    expect(secrets.get('1337:indexer')).toBeUndefined();
  });

  it('refuses a base URL that carries a key', async () => {
    expect((await refusal(editor.saveIndexer(1337, { kind: 'etherscan', baseUrl: `https://api.example/api?apikey=${KEY}` }))).message).toBe(
      'the indexer base URL may not carry a key, credentials, a query or a fragment: put the API key in its own field',
    );
    expect(stored(1337).indexer).toBeNull();
    // Also when the key hides after '#' (dropped from what the field shows back), or the query is empty.
    for (const baseUrl of [`https://api.example/api#apikey=${KEY}`, 'HTTP://api.example/api?']) {
      expect((await refusal(editor.saveIndexer(1337, { kind: 'etherscan', baseUrl }))).message).toBe(
        'the indexer base URL may not carry a key, credentials, a query or a fragment: put the API key in its own field',
      );
    }
    expect(stored(1337).indexer).toBeNull();
  });
});

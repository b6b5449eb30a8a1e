import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effectiveChains, fillSecrets } from '../../../src/main/settings/effective-chains';
import { settingsSchema } from '../../../src/main/settings/schema';
import { fileSecretStore } from '../../../src/main/settings/secrets';

describe('secrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'steadfast-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps secrets in a file only its owner can read, apart from the settings', () => {
    const store = fileSecretStore(dir);
    store.set('1:main', 'sk_live_123');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(fileSecretStore(dir).get('1:main')).toBe('sk_live_123');
    store.delete('1:main');
    expect(fileSecretStore(dir).get('1:main')).toBeUndefined();
  });

  it('stores values encrypted when given a cipher (the Electron keychain)', () => {
    const cipher = {
      encrypt: (plain: string) => Buffer.from([...Buffer.from(plain)].reverse()),
      decrypt: (sealed: Buffer) => Buffer.from([...sealed].reverse()).toString(),
    };
    const store = fileSecretStore(dir, cipher);
    store.set('k', 'secret-value');
    expect(store.encrypted).toBe(true);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('secret-value');
    expect(fileSecretStore(dir, cipher).get('k')).toBe('secret-value');
  });

  it('fills placeholders for the engine only, and leaves out a provider whose secret is missing', () => {
    const store = fileSecretStore(dir);
    store.set('1:alchemy', 'abc/def');
    expect(fillSecrets('https://eth.example/v2/${secret:1:alchemy}?x=1', store)).toBe('https://eth.example/v2/abc%2Fdef?x=1');
    expect(fillSecrets('https://eth.example/v2/${secret:1:gone}', store)).toBeNull();

    const settings = settingsSchema.parse({
      version: 2,
      chains: [
        {
          chainId: 1,
          name: 'Ethereum',
          providers: [
            { name: 'alchemy', url: 'https://eth.example/v2/${secret:1:alchemy}', rank: 0 },
            { name: 'gone', url: 'https://eth.example/v2/${secret:1:gone}', rank: 1 },
          ],
        },
        { chainId: 10, name: 'OP', enabled: false, providers: [{ name: 'public', url: 'https://op.example', rank: 0 }] },
      ],
    });
    expect(effectiveChains(settings.chains, store)).toEqual([
      {
        chainId: 1,
        name: 'Ethereum',
        nativeSymbol: 'ETH',
        nativeDecimals: 18,
        tokens: [],
        providers: [{ name: 'alchemy', url: 'https://eth.example/v2/abc%2Fdef', rank: 0, weight: 1 }],
      },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { keyAllocator, maskStoredUrl, secretKeysOf, splitSecrets } from '../../../src/main/chains/secret-urls';
import { maskUrl } from '../../../src/main/engine/redact';
import { fillSecrets } from '../../../src/main/settings/effective-chains';
import type { SecretStore } from '../../../src/main/settings/secrets';

const KEY = 'Zx81kQ2LpP0vN7tY4wE9';

function memoryStore(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    encrypted: false,
    get: (key) => values.get(key),
    set: (key, value) => void values.set(key, value),
    delete: (key) => void values.delete(key),
  };
}

function split(url: string, chainId = 1, name = 'alchemy') {
  return splitSecrets(url, keyAllocator(chainId, [])(name));
}

describe('splitting secrets out of provider URLs', () => {
  it('moves a key-like path segment into the store, as maskUrl would hide it', () => {
    const result = split(`https://eth-mainnet.g.alchemy.com/v2/${KEY}`);
    expect(result.url).toBe('https://eth-mainnet.g.alchemy.com/v2/${secret:1:alchemy:0}');
    expect(result.secrets).toEqual([{ key: '1:alchemy:0', value: KEY }]);
  });

  it('moves every non-empty query value and credentials, numbering the keys', () => {
    const result = split(`https://u:p%40ss@rpc.example/path?apikey=${KEY}&network=main&empty=`, 8453, 'my node');
    expect(result.url).toBe(
      'https://${secret:8453:my_node:0}:${secret:8453:my_node:1}@rpc.example/path?apikey=${secret:8453:my_node:2}&network=${secret:8453:my_node:3}&empty=',
    );
    expect(result.secrets.map((s) => s.value)).toEqual(['u', 'p@ss', KEY, 'main']);
  });

  it('keeps a URL with nothing to hide exactly as typed', () => {
    expect(split('http://127.0.0.1:8545')).toEqual({ url: 'http://127.0.0.1:8545', secrets: [] });
    expect(split('https://rpc.example/v1/mainnet')).toEqual({ url: 'https://rpc.example/v1/mainnet', secrets: [] });
  });

  it('round-trips: the stored URL masks like the typed one, and fills back to an equivalent URL', () => {
    const store = memoryStore();
    for (const typed of [
      `https://eth-mainnet.g.alchemy.com/v2/${KEY}`,
      `https://mainnet.infura.io/v3/${KEY}?x=1`,
      `https://user:pw@node.example:8443/rpc/${KEY}/`,
      `wss://eth.example/ws/${KEY}`,
    ]) {
      const result = split(typed);
      for (const secret of result.secrets) store.set(secret.key, secret.value);
      expect(maskStoredUrl(result.url)).toBe(maskUrl(typed));
      expect(result.url).not.toContain(KEY);
      expect(new URL(fillSecrets(result.url, store)!).href).toBe(new URL(typed).href);
      store.values.clear();
    }
  });

  it('lists the keys a stored URL refers to', () => {
    expect(secretKeysOf('https://a/${secret:1:a:0}?k=${secret:1:a:1}')).toEqual(['1:a:0', '1:a:1']);
    expect(secretKeysOf(null)).toEqual([]);
  });

  it('never allocates a key the settings still use', () => {
    const next = keyAllocator(1, ['1:a:0', '1:a:2'])('a');
    expect([next(), next(), next()]).toEqual(['1:a:1', '1:a:3', '1:a:4']);
  });
});

import { describe, expect, it } from 'vitest';
import { maskUrl, redactText } from '../../../src/main/engine/redact';

describe('maskUrl', () => {
  it.each([
    ['https://eth-mainnet.g.alchemy.com/v2/AbC123xYz789QwErTy45', 'https://eth-mainnet.g.alchemy.com/v2/***'],
    ['https://mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161', 'https://mainnet.infura.io/v3/***'],
    ['https://still-red-lake.quiknode.pro/0a1b2c3d4e5f60718293a4b5c6d7e8f9/', 'https://still-red-lake.quiknode.pro/***/'],
    ['https://rpc.example.com/eth?apikey=s3cr3t&network=mainnet', 'https://rpc.example.com/eth?apikey=***&network=***'],
    ['https://alice:hunter22@node.example.com:8545/', 'https://***@node.example.com:8545/'],
    ['http://127.0.0.1:8545', 'http://127.0.0.1:8545/'],
    ['https://rpc.ankr.com/eth', 'https://rpc.ankr.com/eth'],
    ['https://ethereum-sepolia.publicnode.com/', 'https://ethereum-sepolia.publicnode.com/'],
    // Keys without a digit are still keys when they are one long word; long dashed route names are not.
    ['https://x.quiknode.pro/deadbeefdeadbeefdeadbeef/', 'https://x.quiknode.pro/***/'],
    ['https://eth.example/v2/abcdefghijklmnopqrstuvwxyzABCDEF', 'https://eth.example/v2/***'],
    ['https://rpc.example.com/ethereum-sepolia-archive', 'https://rpc.example.com/ethereum-sepolia-archive'],
    ['not a url', '[invalid url]'],
  ])('%s → %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });
});

describe('redactText', () => {
  const url = 'https://alice:hunter22@mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161?token=abcdef';

  it('masks the URL, its secret parts quoted alone, and any other URL', () => {
    const text =
      `failed ${url}; key 9aa3d95b3bc440fa88ea12eaa4456161; pass hunter22; token abcdef; ` +
      'see https://x.io/v2/Zz9Yy8Xx7Ww6Vv5Uu4';
    const out = redactText(text, url);
    for (const secret of ['hunter22', '9aa3d95b3bc440fa88ea12eaa4456161', 'abcdef', 'Zz9Yy8Xx7Ww6Vv5Uu4']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('https://***@mainnet.infura.io/v3/***?token=***');
    expect(out).toContain('https://x.io/v2/***');
  });
});

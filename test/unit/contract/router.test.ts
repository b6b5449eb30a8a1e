import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/shared/bridge';
import { CHANNELS } from '../../../src/shared/channels';
import type { DemoStatus, PortfolioSnapshot } from '../../../src/shared/domain';
import { SteadfastError } from '../../../src/shared/errors';
import { encode, type Wire } from '../../../src/shared/wire';
import { EventBus } from '../../../src/main/ipc/events';
import { createMemoryBridge } from '../../../src/main/ipc/memory-bridge';
import { createRouter, type Handlers } from '../../../src/main/ipc/router';

const MAX_UINT256 = 2n ** 256n - 1n;
const ALICE = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

const snapshot: PortfolioSnapshot = {
  status: 'ready',
  totalUsd: MAX_UINT256,
  addresses: [],
  asOf: [{ chainId: 31337, blockNumber: 12n, fetchedAt: 1, stale: false }],
  updatedAt: 1,
  refreshing: false,
  error: null,
};
const demoStatus: DemoStatus = { running: true, providers: [] };
const settings = { chains: [], addresses: [] };

function fakeHandlers(calls: string[]): Handlers {
  const record = <T>(name: string, value: T) => () => {
    calls.push(name);
    return value;
  };
  return {
    // Channels this file does not exercise beyond validation answer a fixed empty value.
    ...(Object.fromEntries(CHANNELS.map((channel) => [channel, record(channel, null)])) as unknown as Handlers),
    'app.info': record('app.info', { version: '1', mode: 'headless' as const, demo: true, chains: [] }),
    'portfolio.get': record('portfolio.get', snapshot),
    'portfolio.refresh': () => {
      throw new SteadfastError({
        code: 'ALL_PROVIDERS_FAILED',
        message: 'every provider failed',
        retryable: true,
        provider: 'primary',
        details: { tried: ['primary', 'secondary'] },
      });
    },
    'providers.list': record('providers.list', []),
    'features.list': record('features.list', []),
    'settings.get': record('settings.get', settings),
    'addresses.add': (input) => {
      calls.push(`addresses.add:${input.address}:${input.label}`);
      return settings;
    },
    'addresses.remove': record('addresses.remove', settings),
    'demo.status': record('demo.status', demoStatus),
    'demo.setFault': (input) => {
      calls.push(`demo.setFault:${input.provider}:${input.fault.kind}`);
      return demoStatus;
    },
  };
}

/** Valid and invalid inputs for every channel: the table must cover the whole contract. */
const cases: Record<(typeof CHANNELS)[number], { valid: unknown[]; invalid: unknown[] }> = {
  'app.info': { valid: [{}, undefined], invalid: [{ extra: 1 }, 'x'] },
  'portfolio.get': { valid: [{}], invalid: [{ force: true }] },
  'portfolio.refresh': { valid: [{}], invalid: [[]] },
  'providers.list': { valid: [{}], invalid: [{ chainId: 1 }] },
  'features.list': { valid: [{}], invalid: [42] },
  'settings.get': { valid: [{}], invalid: [{ secret: true }] },
  'addresses.add': {
    valid: [{ address: ALICE, label: 'Alice' }, { address: ALICE.toLowerCase(), label: '  Bob  ' }, { address: 'Treasury.Steadfast.ETH', label: 'T' }],
    invalid: [
      { address: '0x123', label: 'short' },
      { address: ALICE, label: '' },
      { address: ALICE, label: 'x'.repeat(65) },
      { address: `${ALICE}00`, label: 'long' },
      { address: ALICE },
      { address: ALICE, label: 'A', extra: true },
      { address: 'treasury.steadfast.com', label: 'not ENS' },
      { address: '.eth', label: 'empty name' },
    ],
  },
  'addresses.remove': { valid: [{ address: ALICE }], invalid: [{ address: 'vitalik.eth' }, {}] },
  'demo.status': { valid: [{}], invalid: [{ all: true }] },
  'demo.setFault': {
    valid: [
      { provider: 'primary', fault: { kind: 'refuse' } },
      { provider: 'primary', fault: { kind: 'delay', ms: 2000 } },
      { provider: 'public', fault: { kind: 'http', status: 429, retryAfterSeconds: 3 } },
      { provider: 'secondary', fault: { kind: 'garbage', body: 'truncated' } },
      { provider: 'secondary', fault: { kind: 'rpc-error', code: -32005, message: 'limit exceeded' } },
    ],
    invalid: [
      { provider: 'primary', fault: { kind: 'explode' } },
      { provider: 'primary', fault: { kind: 'delay', ms: -1 } },
      { provider: 'primary', fault: { kind: 'http', status: 200 } },
      { provider: '', fault: { kind: 'none' } },
      { provider: 'primary', fault: { kind: 'garbage', body: 'xml' } },
      { provider: 'primary', fault: { kind: 'none', extra: 1 } },
    ],
  },
  'chains.catalog': { valid: [{}], invalid: [{ chainId: 1 }] },
  'chains.list': { valid: [{}], invalid: [{ all: true }] },
  'chains.setEnabled': {
    valid: [{ chainId: 8453, enabled: true }],
    invalid: [{ chainId: 0, enabled: true }, { chainId: 1.5, enabled: false }, { chainId: 1, enabled: 'yes' }, { chainId: 1 }],
  },
  'providers.test': {
    valid: [{ chainId: 1, url: 'https://eth.example/v2/key' }, { chainId: 31337, url: 'http://127.0.0.1:8545' }],
    invalid: [{ chainId: 1, url: 'file:///etc/passwd' }, { chainId: 1, url: 'javascript:alert(1)' }, { chainId: 1, url: 'not a url' }],
  },
  'providers.save': {
    valid: [{ chainId: 1, providers: [{ name: 'main', url: 'https://x.example', rank: 0, weight: 1, wsUrl: null }] }],
    invalid: [
      { chainId: 1, providers: [] },
      { chainId: 1, providers: [{ name: '', url: 'https://x.example', rank: 0, weight: 1, wsUrl: null }] },
      { chainId: 1, providers: [{ name: 'a', url: 'https://x.example', rank: 0, weight: 0, wsUrl: null }] },
      { chainId: 1, providers: [{ name: 'a', url: 'https://x.example', rank: 0, weight: 1, wsUrl: 'http://x' }] },
      { chainId: 1, providers: [{ name: 'a', url: 'https://x.example', rank: -1, weight: 1, wsUrl: null }] },
    ],
  },
  'indexer.save': {
    valid: [{ chainId: 1, indexer: { kind: 'etherscan', baseUrl: 'https://api.example', apiKey: 'K' } }, { chainId: 1, indexer: null }],
    invalid: [{ chainId: 1, indexer: { kind: 'covalent', baseUrl: 'https://api.example' } }, { chainId: 1 }],
  },
  'tokens.list': { valid: [{}, { chainId: 1 }], invalid: [{ chainId: 'one' }] },
  'tokens.add': { valid: [{ chainId: 1, address: ALICE }], invalid: [{ chainId: 1, address: 'USDC' }, { address: ALICE }] },
  'tokens.setHidden': {
    valid: [{ chainId: 1, address: ALICE, hidden: true }],
    invalid: [{ chainId: 1, address: ALICE }, { chainId: 1, address: ALICE, hidden: 1 }],
  },
  'tokens.discover': { valid: [{}], invalid: [{ chainId: 1 }] },
  'prices.settings': { valid: [{}], invalid: [{ x: 1 }] },
  'prices.save': {
    valid: [{ order: ['price-api', 'chainlink'], api: { baseUrl: 'https://prices.example' } }, { order: ['chainlink'], api: null }],
    invalid: [{ order: [], api: null }, { order: ['chainlink', 'chainlink'], api: null }, { order: ['cache'], api: null }],
  },
  'history.page': {
    valid: [{ address: ALICE, chainId: 1, offset: 0, limit: 100 }],
    invalid: [{ address: ALICE, chainId: 1, offset: -1, limit: 100 }, { address: ALICE, chainId: 1, offset: 0, limit: 501 }],
  },
  'history.refresh': { valid: [{ address: ALICE, chainId: 1 }], invalid: [{ address: ALICE }] },
  'analytics.get': { valid: [{ range: '7d' }, { range: 'all' }], invalid: [{ range: '1y' }, {}] },
  'alerts.list': { valid: [{}], invalid: [{ id: 'x' }] },
  'alerts.add': {
    valid: [
      { chainId: 1, asset: 'native', direction: 'above', thresholdUsd: 300_000_000_000n },
      { chainId: 1, asset: ALICE, direction: 'below', thresholdUsd: 1n },
    ],
    invalid: [
      { chainId: 1, asset: 'native', direction: 'above', thresholdUsd: 0n },
      { chainId: 1, asset: 'native', direction: 'sideways', thresholdUsd: 1n },
      { chainId: 1, asset: 'ETH', direction: 'above', thresholdUsd: 1n },
      { chainId: 1, asset: 'native', direction: 'above', thresholdUsd: 3000 },
    ],
  },
  'alerts.remove': { valid: [{ id: 'a1' }], invalid: [{ id: '' }] },
  'export.holdings': { valid: [{}], invalid: [{ format: 'xlsx' }] },
  'export.history': { valid: [{ address: ALICE, chainId: 1 }], invalid: [{ address: ALICE, chainId: 0 }] },
  'health.get': { valid: [{}], invalid: [{ chainId: 1 }] },
  'operator.snapshot': { valid: [{}], invalid: [{ full: true }] },
  'providers.setEnabled': {
    valid: [{ providerId: '31337:primary', enabled: false }],
    invalid: [{ providerId: 'primary', enabled: false }, { providerId: '31337:primary' }, { providerId: '1: x', enabled: true }],
  },
  'providers.probe': { valid: [{ providerId: '1:public-2' }], invalid: [{ providerId: '' }, {}] },
  'budgets.reportRender': {
    valid: [{ view: 'overview', ms: 12.5 }],
    invalid: [{ view: '', ms: 1 }, { view: 'overview', ms: -1 }, { view: 'overview' }],
  },
};

describe('router', () => {
  const events = new EventBus();
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  function setup() {
    const calls: string[] = [];
    const bridge = createMemoryBridge(createRouter(fakeHandlers(calls)), events);
    close = bridge.close;
    return { calls, raw: bridge, client: createClient(bridge) };
  }

  it('has a case table for every channel', () => {
    expect(Object.keys(cases).sort()).toEqual([...CHANNELS].sort());
  });

  for (const channel of CHANNELS) {
    it(`${channel}: accepts valid input and refuses invalid input with INVALID_INPUT`, async () => {
      const { raw, calls } = setup();
      for (const input of cases[channel].valid) {
        const envelope = await raw.invoke(channel, encode(input ?? null));
        expect(envelope.ok, `${channel} ${JSON.stringify(encode(input ?? null))}`).toBe(channel !== 'portfolio.refresh');
      }
      const before = calls.length;
      for (const input of cases[channel].invalid) {
        const envelope = await raw.invoke(channel, encode(input));
        expect(envelope.ok).toBe(false);
        if (!envelope.ok) {
          expect(envelope.error.code).toBe('INVALID_INPUT');
          expect(envelope.error.retryable).toBe(false);
          expect(envelope.error.message).toContain(`invalid input for ${channel}`);
        }
      }
      expect(calls.length).toBe(before); // no invalid input reached a handler
    });
  }

  it('hands the handler the parsed (trimmed) input', async () => {
    const { client, calls } = setup();
    await client.invoke('addresses.add', { address: ALICE, label: '  Bob  ' });
    expect(calls).toEqual([`addresses.add:${ALICE}:Bob`]);
  });

  it('refuses an unknown channel', async () => {
    const { raw } = setup();
    const envelope = await raw.invoke('fs.readFile' as never, {});
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: 'unknown channel "fs.readFile"', retryable: false },
    });
  });

  it('carries 2^256-1 exactly as a bigint', async () => {
    const { client } = setup();
    const result = await client.invoke('portfolio.get', {});
    expect(result.totalUsd).toBe(MAX_UINT256);
    expect(result.asOf[0]?.blockNumber).toBe(12n);
  });

  it('keeps an error’s code and fields across the router', async () => {
    const { client } = setup();
    const error = await client.invoke('portfolio.refresh', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteadfastError);
    expect((error as SteadfastError).toData()).toEqual({
      code: 'ALL_PROVIDERS_FAILED',
      message: 'every provider failed',
      retryable: true,
      provider: 'primary',
      details: { tried: ['primary', 'secondary'] },
    });
  });

  it('turns an unexpected throw into INTERNAL without its stack', async () => {
    const handlers = fakeHandlers([]);
    handlers['features.list'] = () => {
      throw new TypeError('boom');
    };
    const envelope = await createRouter(handlers).invoke('features.list', {}, { transport: 'memory' });
    expect(envelope).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom', retryable: false } });
  });

  it('refuses a malformed bigint tag as INVALID_INPUT', async () => {
    const envelope = await createRouter(fakeHandlers([])).invoke(
      'portfolio.get',
      { $bigint: 'nope' },
      { transport: 'memory' },
    );
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.code).toBe('INVALID_INPUT');
  });

  it('pushes events to subscribers, decoded, and stops after unsubscribe', async () => {
    const { client } = setup();
    const seen: bigint[] = [];
    const off = client.on('portfolio.updated', (s) => seen.push(s.totalUsd));
    events.emit('portfolio.updated', snapshot);
    off();
    events.emit('portfolio.updated', snapshot);
    expect(seen).toEqual([MAX_UINT256]);
    expect(events.listenerCount).toBe(0);
  });
});

describe('refusals a form shows beside its field', () => {
  const issueOf = async (channel: 'providers.save' | 'providers.test', input: Wire): Promise<string | undefined> => {
    const envelope = await createRouter(fakeHandlers([])).invoke(channel, input, { transport: 'memory' });
    if (envelope.ok) return undefined;
    return (envelope.error.details?.issues as Array<{ message: string }> | undefined)?.[0]?.message;
  };
  const row = (patch: Record<string, unknown>) => ({
    chainId: 1,
    providers: [{ name: 'a', url: 'https://x.example', rank: 0, weight: 1, wsUrl: null, ...patch }],
  });

  it('names the field and its bounds, in words', async () => {
    expect(await issueOf('providers.save', row({ rank: -5 }))).toBe('the rank must be a whole number from 0 to 99');
    expect(await issueOf('providers.save', row({ rank: '' }))).toBe('the rank must be a whole number from 0 to 99');
    expect(await issueOf('providers.save', row({ weight: 1.5 }))).toBe('the weight must be a whole number from 1 to 100');
    expect(await issueOf('providers.test', { chainId: 1, url: 'http://127.0.0.1:99999/' })).toBe(
      'a valid URL (check the host and the port, 1 to 65535)',
    );
    expect(await issueOf('providers.test', { chainId: 1, url: 'ftp://x' })).toBe('a URL starting with http:// or https://');
  });
});

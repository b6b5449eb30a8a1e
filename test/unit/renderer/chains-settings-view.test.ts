// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import SettingsView from '../../../src/renderer/src/modules/chains/SettingsView.vue';
import type { ChainSettingsView } from '../../../src/shared/domain';
import { SteadfastError } from '../../../src/shared/errors';
import { createFakeBridge, mountWithBridge } from './fake-bridge';

const demo: ChainSettingsView = {
  chainId: 31337,
  name: 'Steadfast Local',
  nativeSymbol: 'ETH',
  enabled: true,
  builtIn: true,
  providers: [{ name: 'primary', url: 'http://127.0.0.1:4000/', rank: 0, weight: 1, wsUrl: null, hasSecret: false }],
  indexer: null,
};
const preset: ChainSettingsView = {
  chainId: 10,
  name: 'OP Mainnet',
  nativeSymbol: 'ETH',
  enabled: false,
  builtIn: false,
  providers: [{ name: 'alchemy', url: 'https://opt.example/v2/***', rank: 0, weight: 1, wsUrl: null, hasSecret: true }],
  indexer: { kind: 'etherscan', baseUrl: 'https://api.example/v2/api', hasApiKey: true },
};

function backend() {
  return createFakeBridge({
    'chains.list': () => [demo, preset],
    'providers.test': ({ url }) => {
      if (url.includes(':1/')) throw new SteadfastError({ code: 'PROVIDER_ERROR', message: 'http://127.0.0.1:1/ refused the connection', retryable: true });
      return { chainId: 31337, matches: false, head: 1234n, latencyMs: 7 };
    },
    'providers.save': ({ providers }) => {
      if (providers.some((p) => p.url.startsWith('ftp'))) {
        throw new SteadfastError({ code: 'INVALID_INPUT', message: 'provider "b": the URL must be a URL starting with http:// or https://', retryable: false });
      }
      return [demo, { ...preset, providers: providers.map((p) => ({ ...p, wsUrl: p.wsUrl ?? null, hasSecret: p.url.includes('***') })) }];
    },
  });
}

describe('the settings view', () => {
  it('shows the built-in chain read-only and a configured chain editable, never a stored key', async () => {
    const { wrapper } = mountWithBridge(SettingsView, backend());
    await flushPromises();
    const cards = wrapper.findAll('[data-testid="settings-chain"]');
    expect(cards.map((c) => c.attributes('data-chain-id'))).toEqual(['31337', '10']);
    expect(cards[0]!.find('[data-testid="provider-url"]').text()).toBe('http://127.0.0.1:4000/');
    expect(cards[0]!.find('[data-testid="provider-add"]').exists()).toBe(false);
    expect((cards[1]!.find('[data-testid="provider-url"]').element as HTMLInputElement).value).toBe('https://opt.example/v2/***');
    const key = cards[1]!.find('[data-testid="indexer-key"]').element as HTMLInputElement;
    expect([key.value, key.placeholder, key.type]).toEqual(['', 'stored', 'password']);
    wrapper.unmount();
  });

  it('tests rows, keeps edits on a refused save, and sends the masked URL back untouched', async () => {
    const fake = backend();
    const { wrapper } = mountWithBridge(SettingsView, fake);
    await flushPromises();
    const card = () => wrapper.findAll('[data-testid="settings-chain"]')[1]!;
    await card().find('[data-testid="provider-add"]').trigger('click');
    let rows = card().findAll('[data-testid="provider-row"]');
    await rows[1]!.find('[data-testid="provider-name"]').setValue('b');
    await rows[1]!.find('[data-testid="provider-url"]').setValue('ftp://x/');
    await card().find('[data-testid="providers-save"]').trigger('click');
    await flushPromises();
    expect(card().find('[data-testid="providers-error"]').text()).toBe('provider "b": the URL must be a URL starting with http:// or https://');
    rows = card().findAll('[data-testid="provider-row"]');
    expect((rows[1]!.find('[data-testid="provider-url"]').element as HTMLInputElement).value).toBe('ftp://x/');

    await rows[1]!.find('[data-testid="provider-url"]').setValue('http://127.0.0.1:4000/');
    await rows[1]!.find('[data-testid="provider-test"]').trigger('click');
    await flushPromises();
    expect(card().findAll('[data-testid="provider-probe"]')[0]!.text()).toBe('chain 31337 · does not match chain 10 · block #1,234 · 7 ms');
    await rows[1]!.find('[data-testid="provider-up"]').trigger('click');
    await card().find('[data-testid="providers-save"]').trigger('click');
    await flushPromises();
    const saved = fake.calls.filter((c) => c.channel === 'providers.save').at(-1)!.input as { providers: Array<{ name: string; url: string }> };
    expect(saved.providers.map((p) => [p.name, p.url])).toEqual([
      ['b', 'http://127.0.0.1:4000/'],
      ['alchemy', 'https://opt.example/v2/***'],
    ]);
    expect(card().find('[data-testid="providers-error"]').exists()).toBe(false);
    wrapper.unmount();
    expect(fake.listenerCount()).toBe(0);
  });

  it('words a refused Test for people, and drops a Test result once its URL is edited', async () => {
    const fake = backend();
    fake.handlers['providers.test'] = () => {
      throw new SteadfastError({
        code: 'INVALID_INPUT',
        message: 'invalid input for providers.test: url: a URL starting with http:// or https://',
        retryable: false,
        details: { issues: [{ path: ['url'], message: 'a URL starting with http:// or https://' }] },
      });
    };
    const { wrapper } = mountWithBridge(SettingsView, fake);
    await flushPromises();
    const card = () => wrapper.findAll('[data-testid="settings-chain"]')[1]!;
    await card().find('[data-testid="provider-add"]').trigger('click');
    const row = () => card().findAll('[data-testid="provider-row"]')[1]!;
    await row().find('[data-testid="provider-url"]').setValue('rpc.example');
    await row().find('[data-testid="provider-test"]').trigger('click');
    await flushPromises();
    expect(row().get('[data-testid="provider-probe"]').text()).toBe('a URL starting with http:// or https://');
    await row().find('[data-testid="provider-url"]').setValue('https://rpc.example');
    expect(row().find('[data-testid="provider-probe"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('lists the price sources in Settings, and says when they are saved', async () => {
    const fake = backend();
    fake.handlers['prices.settings'] = () => ({ order: ['chainlink', 'price-api'], api: null });
    fake.handlers['prices.save'] = ({ order }) => ({ order: [...order], api: null });
    const { wrapper } = mountWithBridge(SettingsView, fake);
    await flushPromises();
    expect(wrapper.findAll('[data-testid="price-order"] li').map((li) => li.attributes('data-source'))).toEqual(['chainlink', 'price-api']);
    await wrapper.get('[aria-label="Move price-api up"]').trigger('click');
    await wrapper.get('form.price-settings').trigger('submit');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'prices.save').at(-1)?.input).toEqual({ order: ['price-api', 'chainlink'], api: null });
    expect(wrapper.get('[data-testid="prices-saved"]').text()).toBe('Saved.');
    wrapper.unmount();
  });
});

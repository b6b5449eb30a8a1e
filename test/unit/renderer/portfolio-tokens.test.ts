// @vitest-environment happy-dom
/**
 * The portfolio's token controls and price facts: price source per holding (chainlink / price-api / cache with its
 * age), hiding a token from its row, the hidden list with unhide, the add form with main's typed error, the refresh
 * progress in the header, and the price sources form.
 */
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrackedToken } from '../../../src/shared/domain';
import { SteadfastError } from '../../../src/shared/errors';
import PortfolioView from '../../../src/renderer/src/modules/portfolio/PortfolioView.vue';
import PriceSettings from '../../../src/renderer/src/modules/portfolio/PriceSettings.vue';
import { moveSource } from '../../../src/renderer/src/modules/portfolio/use-price-settings';
import { loadPortfolio } from '../../../src/renderer/src/modules/portfolio/use-portfolio';
import { usePortfolioStore } from '../../../src/renderer/src/modules/portfolio/use-portfolio-store';
import { useAppStore } from '../../../src/renderer/src/modules/app/use-app-store';
import { createClient } from '../../../src/shared/bridge';
import { createFakeBridge, mountWithBridge } from './fake-bridge';
import { ALICE, APP_INFO, holdings, NOW, readySnapshot } from './fixtures';

const MYST_ADDRESS = '0x0000000000000000000000000000000000000003';
const SPAM: TrackedToken = {
  chainId: 31337,
  address: '0x00000000000000000000000000000000000000aa',
  symbol: 'FREE-ETH.COM',
  name: 'Claim your ETH',
  decimals: 18,
  origin: 'discovered',
  hidden: true,
  priceFeed: null,
};

function snapshotWithSources() {
  const [eth, usdc, myst] = holdings();
  return readySnapshot({
    addresses: [
      {
        address: ALICE,
        label: 'Alice',
        holdings: [
          eth!,
          { ...usdc!, price: { usd: 99_960_000n, source: 'cache', at: NOW - 3_600_000 } },
          { ...myst!, token: { ...myst!.token, address: MYST_ADDRESS }, price: { usd: 1_250_000_000n, source: 'price-api', at: NOW - 30_000 } },
        ],
        totalUsd: 0n,
        unpriced: 0,
      },
    ],
  });
}

async function mountView(fake: ReturnType<typeof createFakeBridge>) {
  const { wrapper } = mountWithBridge(PortfolioView, fake);
  useAppStore().info = APP_INFO;
  await loadPortfolio(createClient(fake.raw), usePortfolioStore());
  await flushPromises();
  return wrapper;
}

describe('portfolio tokens and prices', () => {
  beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  it('shows each price’s source, a cached one with its age', async () => {
    const fake = createFakeBridge({ 'portfolio.get': () => snapshotWithSources(), 'tokens.list': () => [] });
    const wrapper = await mountView(fake);
    const sources = wrapper.findAll('[data-testid="holding-price-source"]').map((s) => s.text());
    expect(sources).toEqual(['chainlink', 'cache', 'price-api']);
    const usdc = wrapper.get('[data-testid="holding-row"][data-symbol="USDC"] [data-testid="holding-price"]');
    expect(usdc.text()).toBe('$0.9996 cache · as of 1 h ago');
    wrapper.unmount();
  });

  it('hides a token from its row, lists hidden tokens and unhides them', async () => {
    const fake = createFakeBridge({
      'portfolio.get': () => snapshotWithSources(),
      'tokens.list': () => [SPAM],
      'tokens.setHidden': ({ hidden, address }) => (hidden ? [SPAM, { ...SPAM, address: address as `0x${string}` }] : []),
    });
    const wrapper = await mountView(fake);
    // The native coin has no hide action.
    expect(wrapper.find('[data-testid="holding-row"][data-symbol="ETH"] [data-testid="token-hide"]').exists()).toBe(false);
    await wrapper.get('[data-testid="holding-row"][data-symbol="MYST"] [data-testid="token-hide"]').trigger('click');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({ channel: 'tokens.setHidden', input: { chainId: 31337, address: MYST_ADDRESS, hidden: true } });

    const hidden = wrapper.get('[data-testid="hidden-tokens"]');
    expect(hidden.findAll('[data-testid="token-unhide"]').map((b) => b.attributes('data-address'))).toEqual([SPAM.address, MYST_ADDRESS]);
    await hidden.get(`[data-testid="token-unhide"][data-address="${SPAM.address}"]`).trigger('click');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({ channel: 'tokens.setHidden', input: { chainId: 31337, address: SPAM.address, hidden: false } });
    expect(wrapper.find('[data-testid="hidden-tokens"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('adds a token and shows main’s typed error when it is not one', async () => {
    const fake = createFakeBridge({
      'portfolio.get': () => snapshotWithSources(),
      'tokens.list': () => [],
      'tokens.add': ({ address }) => {
        throw new SteadfastError({ code: 'INVALID_INPUT', message: `${address} is not an ERC-20 token on Local: it has no readable decimals()`, retryable: false });
      },
    });
    const wrapper = await mountView(fake);
    await flushPromises();
    expect((wrapper.get('[data-testid="token-add-chain"]').element as HTMLSelectElement).value).toBe('31337');
    await wrapper.get('[data-testid="token-add-address"]').setValue(` ${ALICE} `);
    await wrapper.get('form.token-add').trigger('submit');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({ channel: 'tokens.add', input: { chainId: 31337, address: ALICE } });
    // Main's message, written for people, without the error code.
    expect(wrapper.get('[data-testid="token-add-error"]').text()).toBe(
      `${ALICE} is not an ERC-20 token on Local: it has no readable decimals()`,
    );
    wrapper.unmount();
  });

  it('shows a schema refusal without the router prefix, and "already tracked" as main says it', async () => {
    let answer: SteadfastError = new SteadfastError({
      code: 'INVALID_INPUT',
      message: 'invalid input for tokens.add: address: an address is 0x followed by 40 hexadecimal digits',
      retryable: false,
      details: { issues: [{ path: 'address', message: 'an address is 0x followed by 40 hexadecimal digits' }] },
    });
    const fake = createFakeBridge({
      'portfolio.get': () => snapshotWithSources(),
      'tokens.list': () => [],
      'tokens.add': () => {
        throw answer;
      },
    });
    const wrapper = await mountView(fake);
    await wrapper.get('[data-testid="token-add-address"]').setValue('0x12');
    await wrapper.get('form.token-add').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="token-add-error"]').text()).toBe('an address is 0x followed by 40 hexadecimal digits');
    answer = new SteadfastError({ code: 'INVALID_INPUT', message: 'USDC is already tracked on Local', retryable: false });
    await wrapper.get('[data-testid="token-add-address"]').setValue(ALICE);
    await wrapper.get('form.token-add').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="token-add-error"]').text()).toBe('USDC is already tracked on Local');
    wrapper.unmount();
  });

  it('shows refresh progress while refreshing', async () => {
    const fake = createFakeBridge({ 'portfolio.get': () => readySnapshot({ refreshing: true }), 'tokens.list': () => [] });
    const wrapper = await mountView(fake);
    fake.emit('refresh.progress', {
      startedAt: NOW,
      parts: [
        { chainId: 31337, address: ALICE, state: 'done' },
        { chainId: 31338, address: ALICE, state: 'pending' },
        { chainId: 31337, address: SPAM.address as `0x${string}`, state: 'failed' },
        { chainId: 31338, address: SPAM.address as `0x${string}`, state: 'pending' },
      ],
    });
    await flushPromises();
    expect(wrapper.get('[data-testid="refresh-progress"]').text()).toBe('2/4 read, 1 failed');
    wrapper.unmount();
  });
});

describe('price sources form', () => {
  it('moves sources, keeps the key write-only and saves', async () => {
    expect(moveSource(['chainlink', 'price-api'], 1, -1)).toEqual(['price-api', 'chainlink']);
    expect(moveSource(['chainlink', 'price-api'], 0, -1)).toEqual(['chainlink', 'price-api']);
    const fake = createFakeBridge({
      'prices.settings': () => ({ order: ['chainlink', 'price-api'], api: { baseUrl: 'https://api.example/***', hasApiKey: true } }),
      'prices.save': ({ order, api }) => ({ order, api: api ? { baseUrl: api.baseUrl, hasApiKey: true } : null }),
    });
    const { wrapper } = mountWithBridge(PriceSettings, fake);
    await flushPromises();
    expect((wrapper.get('[data-testid="price-api-url"]').element as HTMLInputElement).value).toBe('https://api.example/***');
    expect(wrapper.get('[data-testid="price-api-key"]').attributes('placeholder')).toBe('stored (leave empty to keep)');
    await wrapper.get('[aria-label="Move price-api up"]').trigger('click');
    expect(wrapper.findAll('[data-testid="price-order"] li').map((li) => li.attributes('data-source'))).toEqual(['price-api', 'chainlink']);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({
      channel: 'prices.save',
      input: { order: ['price-api', 'chainlink'], api: { baseUrl: 'https://api.example/***' } },
    });
    wrapper.unmount();
  });
});

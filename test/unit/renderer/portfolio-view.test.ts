// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortfolioSnapshot } from '../../../src/shared/domain';
import { activeNowTickers } from '../../../src/renderer/src/modules/clock/use-now';
import PortfolioView from '../../../src/renderer/src/modules/portfolio/PortfolioView.vue';
import { loadPortfolio, subscribePortfolio } from '../../../src/renderer/src/modules/portfolio/use-portfolio';
import { usePortfolioStore } from '../../../src/renderer/src/modules/portfolio/use-portfolio-store';
import { createClient } from '../../../src/shared/bridge';
import { createFakeBridge, mountWithBridge, type FakeBridge } from './fake-bridge';
import { ALICE, APP_INFO, holdings, NOW, readySnapshot } from './fixtures';
import { useAppStore } from '../../../src/renderer/src/modules/app/use-app-store';
import { useHealthStore } from '../../../src/renderer/src/modules/health/use-health-store';

/** Mounts the view and loads the first snapshot the way use-live-sync does. */
async function mountPortfolio(fake: FakeBridge) {
  const { wrapper } = mountWithBridge(PortfolioView, fake);
  const client = createClient(fake.raw);
  const store = usePortfolioStore();
  const unsubscribe = subscribePortfolio(client, store);
  await loadPortfolio(client, store);
  await flushPromises();
  return { wrapper, unsubscribe };
}

describe('PortfolioView', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows exact figures, prices with their source, and freshness per holding', async () => {
    const fake = createFakeBridge({ 'portfolio.get': () => readySnapshot() });
    const { wrapper, unsubscribe } = await mountPortfolio(fake);

    expect(wrapper.get('[data-testid="portfolio-total"]').text()).toBe('$2,870.37');
    const card = wrapper.get(`[data-testid="address-card"][data-address="${ALICE}"]`);
    expect(card.get('[data-testid="address-total"]').text()).toBe('$2,870.37');

    const eth = card.get('[data-testid="holding-row"][data-symbol="ETH"]');
    expect(eth.get('[data-testid="holding-amount"]').text()).toBe('0.123456789012345678');
    expect(eth.get('[data-testid="holding-price"]').text()).toContain('$3,000.00');
    expect(eth.get('[data-testid="holding-price"]').text()).toContain('chainlink');
    expect(eth.get('[data-testid="holding-value"]').text()).toBe('$370.37');
    expect(eth.get('[data-testid="holding-freshness"]').text()).toBe('block #123 · 5 s ago');
    expect(eth.find('[data-testid="stale-badge"]').exists()).toBe(false);

    const usdc = card.get('[data-testid="holding-row"][data-symbol="USDC"]');
    expect(usdc.get('[data-testid="holding-amount"]').text()).toBe('2,500');

    const unpriced = card.get('[data-testid="holding-row"][data-symbol="MYST"]');
    expect(unpriced.get('[data-testid="holding-price"]').text()).toBe('no price');
    expect(unpriced.get('[data-testid="holding-value"]').text()).toBe('no price');
    expect(card.text()).toContain('1 holding without a price not counted');

    // The age ticks locally, without any new data.
    vi.advanceTimersByTime(3_000);
    await flushPromises();
    expect(eth.get('[data-testid="holding-freshness"]').text()).toBe('block #123 · 8 s ago');

    unsubscribe();
    wrapper.unmount();
    expect(activeNowTickers()).toBe(0);
  });

  it('keeps cached figures visible while refreshing, then shows the new ones', async () => {
    let answer: (snapshot: PortfolioSnapshot) => void = () => {};
    const fake = createFakeBridge({
      'portfolio.get': () => readySnapshot(),
      'portfolio.refresh': () => new Promise<PortfolioSnapshot>((resolve) => (answer = resolve)),
    });
    const { wrapper, unsubscribe } = await mountPortfolio(fake);

    await wrapper.get('[data-testid="portfolio-refresh"]').trigger('click');
    await flushPromises();
    // Main also pushes that a refresh is running; the cached figures must stay.
    fake.emit('portfolio.updated', readySnapshot({ refreshing: true, updatedAt: NOW - 4_000 }));
    await flushPromises();

    expect(wrapper.text()).toContain('Refreshing…');
    expect(wrapper.get('[data-testid="portfolio-refresh"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="portfolio-total"]').text()).toBe('$2,870.37');
    expect(wrapper.findAll('[data-testid="holding-row"]')).toHaveLength(3);
    expect(wrapper.text()).not.toContain('Loading portfolio');

    const next = readySnapshot({ updatedAt: NOW, totalUsd: 2_500_00000000n });
    next.addresses[0]!.holdings = holdings(124n);
    answer(next);
    await flushPromises();

    expect(wrapper.text()).not.toContain('Refreshing…');
    expect(wrapper.get('[data-testid="portfolio-total"]').text()).toBe('$2,500.00');
    expect(wrapper.get('[data-testid="holding-freshness"]').text()).toContain('block #124');
    expect(fake.calls.filter((call) => call.channel === 'portfolio.refresh')).toHaveLength(1);
    unsubscribe();
    wrapper.unmount();
  });

  it('does not step back to an older snapshot that arrives late', async () => {
    const fake = createFakeBridge({ 'portfolio.get': () => readySnapshot({ updatedAt: NOW - 10_000 }) });
    const { wrapper } = mountWithBridge(PortfolioView, fake);
    const client = createClient(fake.raw);
    const store = usePortfolioStore();
    const unsubscribe = subscribePortfolio(client, store);
    fake.emit('portfolio.updated', readySnapshot({ updatedAt: NOW, totalUsd: 1_00000000n }));
    await loadPortfolio(client, store);
    await flushPromises();
    expect(wrapper.get('[data-testid="portfolio-total"]').text()).toBe('$1.00');
    unsubscribe();
    wrapper.unmount();
  });

  it('marks stale figures with a badge and their cache source', async () => {
    const stale = readySnapshot();
    stale.addresses[0]!.holdings = holdings(120n, true);
    const fake = createFakeBridge({ 'portfolio.get': () => stale });
    const { wrapper, unsubscribe } = await mountPortfolio(fake);
    const row = wrapper.get('[data-testid="holding-row"][data-symbol="ETH"]');
    expect(row.get('[data-testid="stale-badge"]').text()).toBe('stale');
    expect(row.text()).toContain('via cache');
    unsubscribe();
    wrapper.unmount();
  });

  it('shows an offline notice with the last error instead of an empty screen', async () => {
    const fake = createFakeBridge({
      'portfolio.get': () =>
        readySnapshot({
          status: 'offline',
          totalUsd: 0n,
          addresses: [{ address: ALICE, label: 'Alice', holdings: [], totalUsd: 0n, unpriced: 0 }],
          asOf: [],
          error: { code: 'ALL_PROVIDERS_FAILED', message: 'every provider of chain 31337 failed', retryable: true },
        }),
    });
    const { wrapper, unsubscribe } = await mountPortfolio(fake);
    const notice = wrapper.get('[data-testid="offline-notice"]');
    expect(notice.text()).toContain('Offline');
    expect(notice.text()).toContain('Last error: every provider of chain 31337 failed');
    expect(wrapper.get('[data-testid="portfolio-status"]').text()).toBe('offline');
    expect(wrapper.find('[data-testid="portfolio-total"]').exists()).toBe(false);
    unsubscribe();
    wrapper.unmount();
  });

  it('says offline, the age of the cached figures and why, instead of "ready" and "updated 0 s ago"', async () => {
    // Every chain's figures cached (main says 'offline' then) 3 min old; the snapshot itself assembled just now.
    const cached = readySnapshot({
      status: 'offline',
      asOf: [{ chainId: 31337, blockNumber: 123n, fetchedAt: NOW - 180_000, stale: true }],
      updatedAt: NOW,
      error: {
        code: 'ALL_PROVIDERS_FAILED',
        message: 'Demo chain: no provider answered; showing the last figures read (block #123)',
        retryable: true,
      },
    });
    cached.addresses[0]!.holdings = holdings(123n, true);
    const fake = createFakeBridge({ 'portfolio.get': () => cached });
    const { wrapper, unsubscribe } = await mountPortfolio(fake);
    useAppStore().info = APP_INFO;
    await flushPromises();
    const status = wrapper.get('[data-testid="portfolio-status"]');
    expect([status.text(), status.attributes('data-status'), status.attributes('data-stale')]).toEqual(['offline', 'offline', 'true']);
    expect(wrapper.get('[data-testid="portfolio-total"]').text()).toBe('$2,870.37');
    expect(wrapper.get('[data-testid="portfolio-stale"]').text()).toBe('stale: figures from 3 min ago');
    expect(wrapper.get('[data-testid="portfolio-stale-error"]').text()).toBe(
      'Why: Demo chain: no provider answered; showing the last figures read (block #123)',
    );
    expect(wrapper.get('[data-testid="portfolio-as-of"]').text()).toBe('Demo chain · block #123 · 3 min ago · stale');
    expect(wrapper.text()).not.toContain('updated 0 s ago');
    // The notice says offline once; the error is not repeated there.
    expect(wrapper.get('[data-testid="offline-notice"]').text()).toBe(
      'Offline: no provider is answering. The figures below are cached; see their age.',
    );
    unsubscribe();
    wrapper.unmount();
  });

  it('says "stale" rather than "ready" while one chain is cached, and "updated" only when all are fresh', async () => {
    const partial = readySnapshot({
      asOf: [
        { chainId: 31337, blockNumber: 123n, fetchedAt: NOW - 5_000, stale: false },
        { chainId: 31338, blockNumber: 77n, fetchedAt: NOW - 7_200_000, stale: true },
      ],
      updatedAt: NOW,
      error: { code: 'ALL_PROVIDERS_FAILED', message: 'L2: no provider answered; showing the last figures read (block #77)', retryable: true },
    });
    const fake = createFakeBridge({ 'portfolio.get': () => partial });
    const { wrapper, unsubscribe } = await mountPortfolio(fake);
    const status = wrapper.get('[data-testid="portfolio-status"]');
    expect([status.text(), status.attributes('data-status')]).toEqual(['stale', 'ready']);
    expect(wrapper.get('[data-testid="portfolio-stale"]').text()).toBe('stale: figures from 2 h ago');
    expect(wrapper.get('[data-testid="portfolio-stale-error"]').text()).toBe(
      'Why: L2: no provider answered; showing the last figures read (block #77)',
    );
    expect(wrapper.find('[data-testid="portfolio-error"]').exists()).toBe(false);

    fake.emit('portfolio.updated', readySnapshot({ updatedAt: NOW }));
    await flushPromises();
    expect(wrapper.get('[data-testid="portfolio-status"]').text()).toBe('ready');
    expect(wrapper.find('[data-testid="portfolio-stale"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('updated 0 s ago');
    unsubscribe();
    wrapper.unmount();
  });

  it('says at once when the health checks find a chain without a usable provider, before its refresh gives up', async () => {
    const fake = createFakeBridge({ 'portfolio.get': () => readySnapshot({ asOf: [{ chainId: 31337, blockNumber: 123n, fetchedAt: NOW - 20_000, stale: false }] }) });
    const { wrapper, unsubscribe } = await mountPortfolio(fake);
    useAppStore().info = APP_INFO;
    expect(wrapper.find('[data-testid="chain-unanswered"]').exists()).toBe(false);
    useHealthStore().report = {
      level: 'UNHEALTHY',
      since: NOW - 12_000,
      reason: 'chain.providers 31337: no usable provider (3 configured)',
      checks: [],
      chains: [{ chainId: 31337, level: 'UNHEALTHY', since: NOW - 12_000, checks: [], providers: [] }],
    };
    await flushPromises();
    expect(wrapper.get('[data-testid="chain-unanswered"]').text()).toBe(
      'Demo chain: no provider is answering (for 12 s); its figures are from block #123, 20 s ago, and may be out of date.',
    );
    // Once the refresh marks them stale, the stale line says it instead.
    fake.emit('portfolio.updated', readySnapshot({ asOf: [{ chainId: 31337, blockNumber: 123n, fetchedAt: NOW - 20_000, stale: true }] }));
    await flushPromises();
    expect(wrapper.find('[data-testid="chain-unanswered"]').exists()).toBe(false);
    unsubscribe();
    wrapper.unmount();
  });

  it('groups each address card’s holdings by chain, under the chain’s name', async () => {
    const two = readySnapshot();
    const l2Usdc = {
      ...two.addresses[0]!.holdings[1]!,
      token: { ...two.addresses[0]!.holdings[1]!.token, chainId: 31338, symbol: 'USDC.e' },
      freshness: { ...two.addresses[0]!.holdings[1]!.freshness, chainId: 31338 },
    };
    two.addresses[0]!.holdings = [...two.addresses[0]!.holdings, l2Usdc];
    const fake = createFakeBridge({ 'portfolio.get': () => two });
    const { wrapper, unsubscribe } = await mountPortfolio(fake);
    useAppStore().info = { ...APP_INFO, chains: [...APP_INFO.chains, { chainId: 31338, name: 'Demo L2', nativeSymbol: 'SLT' }] };
    await flushPromises();
    const groups = wrapper.findAll('[data-testid="holding-chain"]').map((group) => [
      group.attributes('data-chain-id'),
      group.get('[data-testid="holding-chain-name"]').text(),
      group.findAll('[data-testid="holding-row"]').map((row) => row.attributes('data-symbol')),
    ]);
    expect(groups).toEqual([
      ['31337', 'Demo chain', ['ETH', 'USDC', 'MYST']],
      ['31338', 'Demo L2', ['USDC.e']],
    ]);
    const row = wrapper.get('[data-testid="holding-row"][data-symbol="USDC.e"]');
    expect(row.attributes('data-chain-id')).toBe('31338');
    expect(row.get('th').attributes('title')).toBe('USD Coin (0x5FbDB2315678afecb367f032d93F642f64180aa3) on Demo L2');
    unsubscribe();
    wrapper.unmount();
  });

  it('says so when no address is watched', async () => {
    const fake = createFakeBridge({
      'portfolio.get': () => readySnapshot({ status: 'empty', totalUsd: 0n, addresses: [], asOf: [] }),
    });
    const { wrapper, unsubscribe } = await mountPortfolio(fake);
    expect(wrapper.text()).toContain('No watched addresses');
    unsubscribe();
    wrapper.unmount();
  });

  it('shows a loading placeholder only before the first answer', async () => {
    const fake = createFakeBridge({});
    const { wrapper } = mountWithBridge(PortfolioView, fake);
    await flushPromises();
    expect(wrapper.text()).toContain('Loading portfolio…');
    wrapper.unmount();
  });
});

// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import App from '../../../src/renderer/src/App.vue';
import { activeNowTickers } from '../../../src/renderer/src/modules/clock/use-now';
import type { DemoStatus, Fault } from '../../../src/shared/domain';
import { SteadfastError } from '../../../src/shared/errors';
import { connectedState, createFakeBridge } from './fake-bridge';
import { mountWithBridge } from './fake-bridge';
import { APP_INFO, feature, provider, readySnapshot } from './fixtures';

function demoBackend() {
  const status: DemoStatus = {
    running: true,
    providers: [
      { name: 'primary', role: 'primary', chainId: 31337, fault: { kind: 'none' }, requests: 4 },
      { name: 'secondary', role: 'secondary', chainId: 31337, fault: { kind: 'none' }, requests: 1 },
    ],
  };
  return createFakeBridge({
    'app.info': () => APP_INFO,
    'portfolio.get': () => readySnapshot(),
    'providers.list': () => [provider(), provider({ id: '31337:secondary', name: 'secondary', rank: 1 })],
    'features.list': () => [feature(), feature({ name: 'history', priority: 2 })],
    'settings.get': () => ({ chains: [], addresses: [] }),
    'demo.status': () => status,
    'demo.setFault': ({ provider: name, fault }) => {
      const target = status.providers.find((entry) => entry.name === name);
      if (!target) throw new SteadfastError({ code: 'INVALID_INPUT', message: 'no such provider', retryable: false });
      target.fault = fault as Fault;
      return status;
    },
  });
}

describe('App live sync', () => {
  it('loads every domain once at start and then follows pushed events', async () => {
    const fake = demoBackend();
    const { wrapper } = mountWithBridge(App, fake);
    await flushPromises();

    // The overview reports its render time once painted; that is a report, not a load.
    const loaded = fake.calls.map((call) => call.channel).filter((c) => c !== 'budgets.reportRender').sort();
    expect(loaded).toEqual(
      [
        'app.info',
        'demo.status',
        'features.list',
        'health.get',
        'operator.snapshot',
        'portfolio.get',
        'providers.list',
        'settings.get',
        'tokens.list',
      ].sort(),
    );
    expect(wrapper.get('[data-testid="portfolio-total"]').text()).toBe('$2,870.37');
    const primary = wrapper.get('[data-testid="provider-card"][data-provider="primary"]');
    expect(primary.attributes('data-chain-id')).toBe('31337');
    expect(primary.get('[data-testid="breaker-state"]').text()).toBe('closed');
    expect(wrapper.text()).toContain('Demo chain');

    fake.emit('providers.updated', [
      provider({
        breaker: 'open',
        health: 'UNHEALTHY',
        lastLatencyMs: null,
        lastError: { code: 'PROVIDER_ERROR', message: 'connection refused', at: Date.now() },
        failures: 5,
      }),
      provider({ id: '31337:secondary', name: 'secondary', rank: 1 }),
    ]);
    fake.emit('features.updated', [feature({ mode: 'degraded', reason: 'prices from cache' })]);
    // An older updatedAt on purpose: a push is the newest by order, even when main's clock stepped back.
    fake.emit('portfolio.updated', readySnapshot({ totalUsd: 42_00000000n, updatedAt: 0 }));
    await flushPromises();

    const updated = wrapper.get('[data-testid="provider-card"][data-provider="primary"]');
    expect(updated.get('[data-testid="breaker-state"]').text()).toBe('open');
    expect(updated.get('[data-testid="provider-health"]').text()).toBe('UNHEALTHY');
    expect(updated.get('[data-testid="provider-latency"]').text()).toBe('—');
    expect(updated.get('[data-testid="provider-error"]').text()).toContain('PROVIDER_ERROR connection refused');
    const prices = wrapper.get('[data-testid="feature-row"][data-feature="realtimePrices"]');
    expect(prices.get('[data-testid="feature-mode"]').text()).toBe('degraded');
    expect(prices.text()).toContain('prices from cache');
    expect(wrapper.get('[data-testid="portfolio-total"]').text()).toBe('$42.00');
    // The provider event also re-reads the demo counters (there is no demo event).
    expect(fake.calls.filter((call) => call.channel === 'demo.status')).toHaveLength(2);

    wrapper.unmount();
    expect(fake.listenerCount()).toBe(0);
    expect(activeNowTickers()).toBe(0);
  });

  it('sets a demo fault from its button and shows the new state', async () => {
    const fake = demoBackend();
    const { wrapper } = mountWithBridge(App, fake);
    await flushPromises();

    expect(wrapper.get('[data-testid="fault-state"][data-provider="primary"]').text()).toBe('none');
    await wrapper.get('[data-testid="fault-primary-http429"]').trigger('click');
    await flushPromises();

    expect(fake.calls.filter((call) => call.channel === 'demo.setFault').at(-1)).toEqual({
      channel: 'demo.setFault',
      input: { provider: 'primary', fault: { kind: 'http', status: 429 } },
    });
    const state = wrapper.get('[data-testid="fault-state"][data-provider="primary"]');
    expect(state.text()).toBe('http');
    expect(state.attributes('data-fault')).toBe('http429');
    for (const key of ['none', 'refuse', 'hang', 'delay', 'http429', 'http503', 'html']) {
      expect(wrapper.find(`[data-testid="fault-secondary-${key}"]`).exists()).toBe(true);
    }
    wrapper.unmount();
  });

  it('hides the fault controls outside the demo', async () => {
    const fake = demoBackend();
    fake.handlers['app.info'] = () => ({ ...APP_INFO, demo: false });
    const { wrapper } = mountWithBridge(App, fake);
    await flushPromises();
    expect(wrapper.find('[data-testid="fault-controls"]').exists()).toBe(false);
    expect(fake.calls.some((call) => call.channel === 'demo.status')).toBe(false);
    wrapper.unmount();
  });

  it('says the page has no access token, or that a token never got through, instead of just "disconnected"', async () => {
    const fake = demoBackend();
    const { wrapper, connection, access } = mountWithBridge(App, fake);
    await flushPromises();
    access.value = 'no-token';
    connection.value = { connected: false, since: Date.now(), reason: 'cannot reach Steadfast', attempt: 1, nextRetryAt: null };
    await flushPromises();
    expect(wrapper.get('[data-testid="bridge-banner"]').text()).toBe(
      'This page has no access tokenOpen the address Steadfast printed when it started (it ends in ?token=…).',
    );
    access.value = 'never-connected';
    await flushPromises();
    expect(wrapper.get('[data-testid="bridge-access"]').text()).toBe(
      'If Steadfast was restarted, its address changed: open the one it printed this time.',
    );
    expect(wrapper.get('[data-testid="bridge-banner"]').text()).toContain('Not connected to Steadfast');
    wrapper.unmount();
  });

  it('shows the banner while the bridge is down and reloads everything when it is back', async () => {
    const fake = demoBackend();
    const { wrapper, connection } = mountWithBridge(App, fake);
    await flushPromises();
    expect(wrapper.find('[data-testid="bridge-banner"]').exists()).toBe(false);
    const before = fake.calls.length;

    connection.value = { connected: false, since: Date.now(), reason: 'connection lost', attempt: 1, nextRetryAt: null };
    await flushPromises();
    const banner = wrapper.get('[data-testid="bridge-banner"]');
    expect(banner.text()).toContain('Disconnected from Steadfast');
    expect(banner.text()).toContain('connection lost');
    expect(banner.text()).toContain('Figures below are as of the last update, and may be out of date.');
    // The last level pushed is not shown as current without the link.
    expect(wrapper.find('[data-testid="app-health"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="app-health-unknown"]').text()).toBe('health unknown (not connected)');
    // Cached figures stay on screen while the bridge is down.
    expect(wrapper.get('[data-testid="portfolio-total"]').text()).toBe('$2,870.37');

    connection.value = connectedState();
    await flushPromises();
    expect(wrapper.find('[data-testid="bridge-banner"]').exists()).toBe(false);
    const reloaded = fake.calls.slice(before).map((call) => call.channel);
    expect(reloaded).toEqual(expect.arrayContaining(['app.info', 'portfolio.get', 'providers.list', 'features.list']));
    wrapper.unmount();
  });
});

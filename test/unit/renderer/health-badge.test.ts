// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, onScopeDispose } from 'vue';
import AppHealthBadge from '../../../src/renderer/src/modules/health/AppHealthBadge.vue';
import { useHealthSync } from '../../../src/renderer/src/modules/health/use-health-sync';
import { loadProviders, subscribeProviders } from '../../../src/renderer/src/modules/providers/use-providers';
import { useProvidersStore } from '../../../src/renderer/src/modules/providers/use-providers-store';
import { useClient } from '../../../src/renderer/src/modules/bridge/use-bridge';
import { createFakeBridge, mountWithBridge, type FakeHandlers } from './fake-bridge';
import { NOW, provider } from './fixtures';
import { healthReport } from './health-fixtures';

/** The top bar's part: the sync the root component runs, and the badge. */
const TopBar = defineComponent({
  setup() {
    useHealthSync();
    const client = useClient();
    const store = useProvidersStore();
    onScopeDispose(subscribeProviders(client, store));
    void loadProviders(client, store);
    return () => h('div', [h(AppHealthBadge)]);
  },
});

function backend(handlers: FakeHandlers = {}) {
  return createFakeBridge({
    'health.get': () => healthReport(),
    'providers.list': () => [provider(), provider({ id: '31337:secondary', name: 'secondary', rank: 1 })],
    ...handlers,
  });
}

describe('app health badge', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('shows the level from health.get, then follows every health.updated push, with the reason', async () => {
    const fake = backend();
    const { wrapper } = mountWithBridge(TopBar, fake);
    await flushPromises();
    const badge = () => wrapper.get('[data-testid="app-health"]');
    expect(badge().text()).toBe('HEALTHY');
    expect(badge().attributes('data-level')).toBe('HEALTHY');
    expect(wrapper.find('[data-testid="app-health-reason"]').exists()).toBe(false);

    fake.emit('health.updated', healthReport({ level: 'DEGRADED', since: NOW - 5_000, reason: 'chain 31337: primary unreachable' }));
    await flushPromises();
    expect(badge().text()).toBe('DEGRADED');
    expect(badge().attributes('data-level')).toBe('DEGRADED');
    expect(wrapper.get('[data-testid="app-health-reason"]').text()).toBe('chain 31337: primary unreachable');
    expect(badge().attributes('title')).toContain('chain 31337: primary unreachable');

    fake.emit('health.updated', healthReport({ level: 'UNHEALTHY', reason: 'chain 31337: no provider answers' }));
    await flushPromises();
    expect(badge().text()).toBe('UNHEALTHY');

    fake.emit('health.updated', healthReport({ level: 'HEALTHY', reason: null }));
    await flushPromises();
    expect(badge().attributes('data-level')).toBe('HEALTHY');
    expect(wrapper.find('[data-testid="app-health-reason"]').exists()).toBe(false);
    wrapper.unmount();
    expect(fake.listenerCount()).toBe(0);
  });

  it('takes the health carried by operator.updated too', async () => {
    const fake = backend();
    const { wrapper } = mountWithBridge(TopBar, fake);
    await flushPromises();
    const { operatorSnapshot } = await import('./health-fixtures');
    fake.emit('operator.updated', operatorSnapshot({ health: healthReport({ level: 'DEGRADED', reason: 'memory' }) }));
    await flushPromises();
    expect(wrapper.get('[data-testid="app-health"]').text()).toBe('DEGRADED');
    wrapper.unmount();
  });

  it('says the level is unknown while main cannot answer, without inventing one', async () => {
    const fake = createFakeBridge({ 'providers.list': () => [provider()] });
    const { wrapper } = mountWithBridge(TopBar, fake);
    await flushPromises();
    expect(wrapper.find('[data-testid="app-health"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="app-health-unknown"]').text()).toBe('health unknown (NOT_AVAILABLE)');
    wrapper.unmount();
  });

  it('shows the offline notice when every provider is out, and drops it when one comes back', async () => {
    const fake = backend();
    const { wrapper } = mountWithBridge(TopBar, fake);
    await flushPromises();
    expect(wrapper.find('[data-testid="app-offline"]').exists()).toBe(false);

    fake.emit('providers.updated', [
      provider({ breaker: 'open', health: 'UNHEALTHY' }),
      provider({ id: '31337:secondary', name: 'secondary', rank: 1, breaker: 'isolated' }),
    ]);
    await flushPromises();
    expect(wrapper.get('[data-testid="app-offline"]').text()).toContain('Offline: no provider answers');

    fake.emit('providers.updated', [
      provider({ breaker: 'half-open' }),
      provider({ id: '31337:secondary', name: 'secondary', rank: 1, breaker: 'isolated' }),
    ]);
    await flushPromises();
    expect(wrapper.find('[data-testid="app-offline"]').exists()).toBe(false);
    wrapper.unmount();
  });
});

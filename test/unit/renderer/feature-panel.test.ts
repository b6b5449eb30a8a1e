// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import FeaturesPanel from '../../../src/renderer/src/modules/features/FeaturesPanel.vue';
import { comesBackWhen } from '../../../src/renderer/src/modules/features/feature-recovery';
import { loadFeatures, subscribeFeatures } from '../../../src/renderer/src/modules/features/use-features';
import { useFeaturesStore } from '../../../src/renderer/src/modules/features/use-features-store';
import { useClient } from '../../../src/renderer/src/modules/bridge/use-bridge';
import { createFakeBridge, mountWithBridge } from './fake-bridge';
import { feature, NOW } from './fixtures';

const Host = defineComponent({
  setup() {
    const client = useClient();
    const store = useFeaturesStore();
    subscribeFeatures(client, store);
    void loadFeatures(client, store);
    return () => h(FeaturesPanel);
  },
});

describe('features panel', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('says why a feature is degraded, since when, and when it comes back', async () => {
    const reason = 'Showing cached prices read at 2027-01-15T08:00:00.000Z: every provider failed';
    const fake = createFakeBridge({
      'features.list': () => [
        feature({ mode: 'degraded', reason, since: NOW - 120_000 }),
        feature({ name: 'history', priority: 2, mode: 'disabled', reason: 'Not available in this version yet' }),
        feature({ name: 'alerts', priority: 4, mode: 'disabled', reason: 'Something new' }),
      ],
    });
    const { wrapper } = mountWithBridge(Host, fake);
    await flushPromises();
    const row = (name: string) => wrapper.get(`[data-testid="feature-row"][data-feature="${name}"]`);
    expect(row('realtimePrices').get('[data-testid="feature-mode"]').text()).toBe('degraded');
    expect(row('realtimePrices').get('[data-testid="feature-reason"]').text()).toBe(reason);
    expect(row('realtimePrices').get('[data-testid="feature-comes-back"]').text()).toBe(
      'Comes back when a price source answers again; cached prices keep their age until then.',
    );
    expect(row('realtimePrices').text()).toContain('2 min ago');
    expect(row('history').get('[data-testid="feature-comes-back"]').text()).toBe(
      'Comes back when this feature ships in a later version.',
    );
    // An unknown reason is shown as is, with no made-up promise.
    expect(row('alerts').find('[data-testid="feature-comes-back"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('promises nothing for a normal feature', () => {
    expect(comesBackWhen({ mode: 'normal', reason: null })).toBeNull();
    expect(comesBackWhen({ mode: 'disabled', reason: 'Waiting for the first price read' })).toBe(
      'the first price read completes',
    );
  });
});

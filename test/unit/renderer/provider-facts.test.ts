// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ProviderCard from '../../../src/renderer/src/modules/providers/ProviderCard.vue';
import { NOW, provider } from './fixtures';

describe('provider card health facts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('shows rolling latency percentiles, error rate, head and lag, hedges and retries', () => {
    const wrapper = mount(ProviderCard, {
      props: {
        provider: provider({
          latency: { p50: 12, p95: 40, p99: 95, samples: 256 },
          errorRate: 0.25,
          head: { blockNumber: 1_234n, at: NOW - 1_000 },
          lagBlocks: 3,
          hedges: { sent: 4, won: 3 },
          retries: 2,
        }),
      },
    });
    expect(wrapper.get('[data-testid="provider-percentiles"]').text()).toBe('p50 12 · p95 40 · p99 95 ms (256)');
    expect(wrapper.get('[data-testid="provider-error-rate"]').text()).toBe('25 %');
    expect(wrapper.get('[data-testid="provider-head"]').text()).toBe('#1234 · 3 behind');
    expect(wrapper.text()).toContain('3/4 won · 2 retries');
    expect(wrapper.find('[data-testid="provider-quarantine"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('labels where each fact comes from: the last answered user request, the head from the health probes', () => {
    const wrapper = mount(ProviderCard, {
      props: { provider: provider({ lastSuccessAt: null, requests: 0, head: { blockNumber: 271n, at: NOW - 1_000 } }) },
    });
    expect(wrapper.text()).toContain('Head (health probe)');
    expect(wrapper.text()).toContain('Last answered request');
    expect(wrapper.text()).not.toContain('Last success');
    expect(wrapper.get('[data-testid="provider-last-success"]').text()).toBe('none (no requests yet)');
    expect(wrapper.get('[data-testid="provider-head"]').text()).toBe('#271');
    wrapper.unmount();
  });

  it('explains an isolated provider: UNHEALTHY for traffic, head still probed', () => {
    const wrapper = mount(ProviderCard, {
      props: { provider: provider({ breaker: 'isolated', health: 'UNHEALTHY', head: { blockNumber: 271n, at: NOW } }) },
    });
    expect(wrapper.get('[data-testid="provider-health"]').text()).toBe('UNHEALTHY');
    const notice = wrapper.get('[data-testid="provider-isolated"]').text();
    expect(notice).toContain('gets no traffic');
    expect(notice).toContain('health probes still ask it for its head');
    wrapper.unmount();
    const closed = mount(ProviderCard, { props: { provider: provider() } });
    expect(closed.find('[data-testid="provider-isolated"]').exists()).toBe(false);
    closed.unmount();
  });

  it('says why a provider gets no traffic: quarantined, throttled, lagging', () => {
    const wrapper = mount(ProviderCard, {
      props: {
        provider: provider({
          quarantine: { reason: 'answers as chain 1, expected 31337', since: NOW - 30_000 },
          throttledUntil: NOW + 4_500,
          lagging: true,
        }),
      },
    });
    expect(wrapper.get('[data-testid="provider-quarantine"]').text()).toContain('answers as chain 1, expected 31337');
    expect(wrapper.get('[data-testid="provider-throttled"]').text()).toBe(
      'Rate-limited by the provider: no traffic for 5 s more.',
    );
    expect(wrapper.find('[data-testid="provider-lagging"]').exists()).toBe(true);
    wrapper.unmount();
  });
});

// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { FEATURE_MODE_BADGES } from '../../../src/renderer/src/modules/features/feature-vocabulary';
import ProviderCard from '../../../src/renderer/src/modules/providers/ProviderCard.vue';
import { groupByChain } from '../../../src/renderer/src/modules/providers/use-providers';
import type { BreakerState, HealthLevel } from '../../../src/shared/domain';
import { provider } from './fixtures';

describe('provider badges', () => {
  const breakers: Array<[BreakerState, string, string]> = [
    ['closed', 'closed', 'badge--ok'],
    ['open', 'open', 'badge--bad'],
    ['half-open', 'half-open', 'badge--warn'],
    ['isolated', 'isolated', 'badge--off'],
  ];

  it.each(breakers)('breaker %s shows exactly "%s" in its own colour', (state, text, tone) => {
    const wrapper = mount(ProviderCard, { props: { provider: provider({ breaker: state }) } });
    const badge = wrapper.get('[data-testid="breaker-state"]');
    expect(badge.text()).toBe(text);
    expect(badge.classes()).toContain(tone);
    expect(badge.attributes('title')).toBeTruthy();
    wrapper.unmount();
  });

  const levels: Array<[HealthLevel, string]> = [
    ['HEALTHY', 'badge--ok'],
    ['DEGRADED', 'badge--warn'],
    ['UNHEALTHY', 'badge--bad'],
  ];

  it.each(levels)('health %s is one badge', (level, tone) => {
    const wrapper = mount(ProviderCard, { props: { provider: provider({ health: level }) } });
    const badge = wrapper.get('[data-testid="provider-health"]');
    expect(badge.text()).toBe(level);
    expect(badge.classes()).toContain(tone);
    wrapper.unmount();
  });

  it('shows latency, counters, the masked URL and "none" without an error', () => {
    const wrapper = mount(ProviderCard, { props: { provider: provider({ lastLatencyMs: 12.4, requests: 7, failures: 2 }) } });
    expect(wrapper.get('[data-testid="provider-latency"]').text()).toBe('12 ms');
    expect(wrapper.text()).toContain('7 · 2 failed');
    expect(wrapper.text()).toContain('http://127.0.0.1:8545/****');
    expect(wrapper.get('[data-testid="provider-error"]').text()).toBe('none');
    wrapper.unmount();
  });

  it('gives every feature mode a distinct badge', () => {
    const texts = Object.values(FEATURE_MODE_BADGES).map((badge) => badge.text);
    expect(texts).toEqual(['normal', 'degraded', 'disabled']);
  });

  it('groups providers by chain in fallback order', () => {
    const groups = groupByChain(
      [
        provider({ id: '2:b', chainId: 2, name: 'b', rank: 1 }),
        provider({ id: '1:x', chainId: 1, name: 'x', rank: 2 }),
        provider({ id: '2:a', chainId: 2, name: 'a', rank: 0 }),
      ],
      [{ chainId: 2, name: 'Two', nativeSymbol: 'ETH' }],
    );
    expect(groups.map((group) => [group.chainName, group.providers.map((entry) => entry.name)])).toEqual([
      ['Chain 1', ['x']],
      ['Two', ['a', 'b']],
    ]);
  });

  it('shows the worse of the engine’s rating and the health checks’ verdict: a backup failing its probe is not HEALTHY', () => {
    const checked = new Map<string, HealthLevel>([
      ['1:backup', 'UNHEALTHY'],
      ['1:primary', 'HEALTHY'],
    ]);
    const [group] = groupByChain(
      [
        provider({ id: '1:primary', chainId: 1, name: 'primary', rank: 0, health: 'DEGRADED' }),
        provider({ id: '1:backup', chainId: 1, name: 'backup', rank: 1, health: 'HEALTHY' }),
        provider({ id: '1:new', chainId: 1, name: 'new', rank: 2, health: 'HEALTHY' }),
      ],
      [],
      checked,
    );
    expect(group?.providers.map((p) => [p.name, p.health])).toEqual([
      ['primary', 'DEGRADED'],
      ['backup', 'UNHEALTHY'],
      ['new', 'HEALTHY'],
    ]);
  });
});

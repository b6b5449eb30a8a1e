// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import IncidentTimeline from '../../../src/renderer/src/modules/providers/IncidentTimeline.vue';
import { incidentsOf } from '../../../src/renderer/src/modules/providers/incidents';
import { NOW, provider } from './fixtures';

const primary = provider({
  transitions: [
    { from: 'closed', to: 'open', at: NOW - 60_000 },
    { from: 'open', to: 'half-open', at: NOW - 50_000 },
    { from: 'half-open', to: 'closed', at: NOW - 10_000 },
  ],
});
const secondary = provider({
  id: '31337:secondary',
  name: 'secondary',
  rank: 1,
  transitions: [
    { from: 'closed', to: 'open', at: NOW - 55_000 },
    { from: 'open', to: 'isolated', at: NOW - 10_000 },
  ],
});

describe('incident timeline', () => {
  it('merges a chain’s transitions newest first, ties by provider name', () => {
    const order = incidentsOf([secondary, primary]).map((i) => `${i.provider}:${i.from}>${i.to}`);
    expect(order).toEqual([
      'primary:half-open>closed',
      'secondary:open>isolated',
      'primary:open>half-open',
      'secondary:closed>open',
      'primary:closed>open',
    ]);
  });

  it('renders one row per transition with provider and target state, newest first', () => {
    const wrapper = mount(IncidentTimeline, { props: { providers: [primary, secondary], scope: 'chain' } });
    const rows = wrapper.findAll('[data-testid="incident"]');
    expect(rows.map((r) => [r.attributes('data-provider'), r.attributes('data-to')])).toEqual([
      ['primary', 'closed'],
      ['secondary', 'isolated'],
      ['primary', 'half-open'],
      ['secondary', 'open'],
      ['primary', 'open'],
    ]);
    expect(rows[0]!.get('time').attributes('datetime')).toBe(new Date(NOW - 10_000).toISOString());
    wrapper.unmount();
  });

  it('caps what it shows and says how many are left out', () => {
    const wrapper = mount(IncidentTimeline, { props: { providers: [primary], scope: 'provider', limit: 2 } });
    expect(wrapper.findAll('[data-testid="incident"]')).toHaveLength(2);
    expect(wrapper.text()).toContain('1 older transitions not shown.');
    wrapper.unmount();
  });

  it('says when there is nothing to show', () => {
    const wrapper = mount(IncidentTimeline, { props: { providers: [provider()], scope: 'chain' } });
    expect(wrapper.text()).toContain('No breaker transitions recorded.');
    wrapper.unmount();
  });
});

// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import AlertsView from '../../../src/renderer/src/modules/alerts/AlertsView.vue';
import AnalyticsView from '../../../src/renderer/src/modules/analytics/AnalyticsView.vue';
import { CHART, leftMarginFor, lineChart } from '../../../src/renderer/src/modules/analytics/chart';
import { useFeaturesStore } from '../../../src/renderer/src/modules/features/use-features-store';
import type { Analytics } from '../../../src/shared/domain';
import { createFakeBridge, mountWithBridge } from './fake-bridge';

const empty: Analytics = { byAsset: [], byChain: [], series: [], change: { h24: null, d7: null, d30: null } };
const full: Analytics = {
  byAsset: [
    { key: '31337:native', label: 'ETH · Steadfast Local', valueUsd: 4_912_037_036_703n, shareBps: 7243 },
    { key: '31337:0xA', label: 'WBTC · Steadfast Local', valueUsd: 1_869_292_060_100n, shareBps: 2757 },
  ],
  byChain: [{ key: '31337', label: 'Steadfast Local', valueUsd: 6_781_329_096_803n, shareBps: 10000 }],
  series: [
    { at: 1_800_000_000_000, totalUsd: 6_000_000_000_000n },
    { at: 1_800_086_400_000, totalUsd: 6_781_329_096_803n },
  ],
  change: {
    h24: { fromUsd: 6_000_000_000_000n, toUsd: 6_781_329_096_803n, changeBps: 1302 },
    d7: { fromUsd: 7_000_000_000_000n, toUsd: 6_781_329_096_803n, changeBps: -312 },
    d30: null,
  },
};

describe('AnalyticsView', () => {
  it('says there is no data yet', async () => {
    const { wrapper } = mountWithBridge(AnalyticsView, createFakeBridge({ 'analytics.get': () => empty }));
    await flushPromises();
    expect(wrapper.find('[data-testid="analytics-empty"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="change-24h"]').text()).toContain('no data yet');
  });

  it('shows shares, the series and signed, coloured changes; the range reloads', async () => {
    const fake = createFakeBridge({ 'analytics.get': () => full });
    const { wrapper } = mountWithBridge(AnalyticsView, fake);
    await flushPromises();
    const eth = wrapper.get('[data-testid="allocation-asset"][data-key="31337:native"]');
    expect(eth.text()).toContain('ETH · Steadfast Local');
    expect(eth.get('[data-testid="allocation-share"]').text()).toBe('72.43%');
    expect(wrapper.get('[data-testid="allocation-chain"][data-chain-id="31337"]').text()).toContain('100.00%');
    expect(wrapper.get('[data-testid="value-series"]').find('path').exists()).toBe(true);
    expect(wrapper.get('[data-testid="value-series"]').text()).toContain('$67,813.29');
    expect(wrapper.get('[data-testid="change-24h"] [data-testid="change-value"]').text()).toBe('+13.02%');
    expect(wrapper.get('[data-testid="change-24h"]').attributes('data-tone')).toBe('up');
    expect(wrapper.get('[data-testid="change-7d"] [data-testid="change-value"]').text()).toBe('−3.12%');
    expect(wrapper.get('[data-testid="change-7d"]').attributes('data-tone')).toBe('down');
    expect(wrapper.get('[data-testid="change-30d"]').text()).toContain('no data yet');
    await wrapper.get('[data-testid="analytics-range"]').setValue('30d');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'analytics.get').map((c) => c.input)).toEqual([{ range: '7d' }, { range: '30d' }]);
  });
});

describe('a paused feature in its own view', () => {
  it('analytics keeps showing what was recorded and says it is paused, why, and when it comes back', async () => {
    const { wrapper } = mountWithBridge(AnalyticsView, createFakeBridge({ 'analytics.get': () => full }));
    await flushPromises();
    expect(wrapper.find('[data-testid="feature-notice"]').exists()).toBe(false);
    useFeaturesStore().features = [
      { name: 'analytics', priority: 3, mode: 'disabled', reason: 'Paused to spare providers: provider health is DEGRADED', since: Date.now() - 5_000 },
    ];
    await flushPromises();
    const notice = wrapper.get('[data-testid="feature-notice"]');
    expect(notice.attributes('data-mode')).toBe('disabled');
    expect(notice.text()).toContain('Paused to spare providers: provider health is DEGRADED');
    expect(notice.text()).toContain('No new points are recorded meanwhile');
    expect(notice.text()).toContain('Comes back when provider health recovers');
    // The figures recorded before stay on screen.
    expect(wrapper.get('[data-testid="change-24h"] [data-testid="change-value"]').text()).toBe('+13.02%');
  });
});

describe('value chart y labels', () => {
  it('sizes the left margin from the longest label, so "$121,390,025.14" is never cut', async () => {
    expect(lineChart([{ at: 0, totalUsd: 8_006_455_096_803n }, { at: 1, totalUsd: 8_560_747_600_000n }])?.left).toBe(CHART.left);
    const big = lineChart([{ at: 0, totalUsd: 12_139_002_514_000_000n }, { at: 1, totalUsd: 8_006_455_096_803n }])!;
    expect(big.yLabels.map((l) => l.text)).toEqual(['$121,390,025.14', '$80,064.55']);
    // 15 characters × 11 × 0.62 = 102.3 → 103, + 6 gap + 4 padding.
    expect(big.left).toBe(113);
    expect(leftMarginFor(['$1,000,000,000,000.00'])).toBe(154);

    const fake = createFakeBridge({
      'analytics.get': () => ({ ...full, series: [{ at: 1_800_000_000_000, totalUsd: 12_139_002_514_000_000n }, { at: 1_800_086_400_000, totalUsd: 8_006_455_096_803n }] }),
    });
    const { wrapper } = mountWithBridge(AnalyticsView, fake);
    await flushPromises();
    const labels = wrapper.findAll('[data-testid="value-chart-y-label"]');
    expect(labels.map((l) => l.text())).toEqual(['$121,390,025.14', '$80,064.55']);
    // Right-aligned at x = 107, the label needs at most 15 × 11 × 0.62 = 102.3 units: it starts inside the viewBox.
    for (const label of labels) expect(label.attributes('x')).toBe('107');
    expect(107 - 15 * 11 * 0.62).toBeGreaterThan(0);
  });
});

describe('AlertsView', () => {
  it('shows an alert added beyond its threshold as waiting, and says for what', async () => {
    const waiting = { id: 'w', chainId: 31337, asset: 'native' as const, symbol: 'ETH', direction: 'above' as const, thresholdUsd: 299_900_000_000n, state: 'fired' as const, createdAt: 0, lastFiredAt: null };
    const { wrapper } = mountWithBridge(AlertsView, createFakeBridge({ 'alerts.list': () => [waiting] }));
    await flushPromises();
    const row = wrapper.get('[data-testid="alert-row"]');
    expect(row.attributes('data-state')).toBe('fired');
    expect(row.get('.alerts__state').text()).toBe('waiting');
    expect(row.get('[data-testid="alert-note"]').text()).toBe('already above $2,999.00: fires after the price drops below and rises above again');
  });

  it('refuses an inexact threshold inline, and sends an exact one', async () => {
    const fake = createFakeBridge({
      'alerts.list': () => [],
      'alerts.add': (input) => [
        { id: 'x', chainId: input.chainId, asset: input.asset as 'native', symbol: 'ETH', direction: input.direction, thresholdUsd: input.thresholdUsd, state: 'armed', createdAt: 0, lastFiredAt: null },
      ],
    });
    const { wrapper } = mountWithBridge(AlertsView, fake);
    await flushPromises();
    // No holdings in this test: the asset select is empty, so the form says so.
    await wrapper.get('[data-testid="alert-threshold"]').setValue('2999.123456789');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="alert-error"]').text()).toBe('Choose an asset');
    const select = wrapper.get('[data-testid="alert-asset"]').element as HTMLSelectElement;
    select.innerHTML = '<option value="31337:native">ETH</option>';
    await wrapper.get('[data-testid="alert-asset"]').setValue('31337:native');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="alert-error"]').text()).toBe('At most 8 decimals');
    await wrapper.get('[data-testid="alert-threshold"]').setValue('2,999.5');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({ channel: 'alerts.add', input: { chainId: 31337, asset: 'native', direction: 'above', thresholdUsd: 299_950_000_000n } });
    expect(wrapper.get('[data-testid="alert-row"]').attributes()).toMatchObject({ 'data-id': 'x', 'data-state': 'armed' });
    expect(wrapper.find('[data-testid="alert-error"]').exists()).toBe(false);
  });
});

// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import OperatorView from '../../../src/renderer/src/modules/health/OperatorView.vue';
import { MAX_BREACHES } from '../../../src/renderer/src/modules/health/use-health';
import { useHealthSync } from '../../../src/renderer/src/modules/health/use-health-sync';
import { createFakeBridge, mountWithBridge, type FakeHandlers } from './fake-bridge';
import { feature, NOW, provider } from './fixtures';
import { breach, healthReport, operatorSnapshot } from './health-fixtures';

const Host = defineComponent({
  setup() {
    useHealthSync();
    return () => h(OperatorView);
  },
});

function backend(handlers: FakeHandlers = {}) {
  return createFakeBridge({
    'health.get': () => healthReport(),
    'operator.snapshot': () => operatorSnapshot(),
    'providers.list': () => [provider()],
    'features.list': () => [feature()],
    // The contract's output for this channel is NonNullable<null>, i.e. never: main answers null.
    'budgets.reportRender': () => null as never,
    ...handlers,
  });
}

describe('operator view', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('shows lanes, caches and memory as gauges with their exact numbers', async () => {
    const { wrapper } = mountWithBridge(Host, backend());
    await flushPromises();
    expect(wrapper.find('[data-testid="operator-view"]').exists()).toBe(true);

    const lane = (l: string) => wrapper.get(`[data-testid="lane-gauge"][data-chain-id="31337"][data-lane="${l}"]`);
    expect(wrapper.findAll('[data-testid="lane-gauge"]')).toHaveLength(3);
    const figures = (l: string) =>
      ['lane-active', 'lane-queued', 'lane-rejected'].map((id) => lane(l).get(`[data-testid="${id}"]`).text());
    expect(figures('critical')).toEqual(['2', '1', '0']);
    expect(figures('standard')).toEqual(['6', '0', '3']);
    expect(figures('background')).toEqual(['0', '0', '0']);
    // The busiest lane fills its bar; the others are in proportion (3 of 6).
    expect(lane('standard').get('.bar__fill').attributes('style')).toContain('width: 100%');
    expect(lane('critical').get('.bar__fill').attributes('style')).toContain('width: 50%');

    const cache = (tier: string) => wrapper.get(`[data-testid="cache-gauge"][data-tier="${tier}"]`);
    expect(cache('last-known-good').get('[data-testid="cache-hit-rate"]').text()).toBe('87.5 %');
    expect(cache('last-known-good').text()).toContain('70');
    expect(cache('prices').get('[data-testid="cache-hit-rate"]').text()).toBe('—');

    const memory = wrapper.get('[data-testid="memory-gauge"]');
    expect(memory.attributes('data-pressure')).toBe('elevated');
    expect(memory.get('[data-testid="memory-pressure"]').text()).toBe('elevated');
    expect(memory.get('[data-testid="memory-heap"]').text().replace(/\s+/g, ' ')).toBe(
      'heap 64.0 MiB of 256.0 MiB (25.0 %) · rss 200.0 MiB',
    );
    wrapper.unmount();
  });

  it('lists budget breaches newest first, and adds pushed ones without duplicates', async () => {
    const fake = backend();
    const { wrapper } = mountWithBridge(Host, fake);
    await flushPromises();
    const rows = () => wrapper.findAll('[data-testid="budget-breach"]');
    expect(rows().map((r) => r.attributes('data-phase'))).toEqual(['complete', 'render']);
    expect(rows()[0]!.get('[data-testid="breach-figures"]').text()).toBe('2350 / 2000 ms');
    expect(rows()[0]!.get('[data-testid="breach-excess"]').text()).toBe('+350 ms');
    expect(rows()[0]!.text()).toContain('eth_call');
    expect(rows()[0]!.text()).toContain('10 s ago');

    fake.emit('budgets.breached', breach({ id: 'b2', operation: 'eth_getLogs', phase: 'firstByte', at: NOW - 1_000 }));
    fake.emit('budgets.breached', breach({ id: 'b2', operation: 'eth_getLogs', phase: 'firstByte', at: NOW - 1_000 }));
    await flushPromises();
    expect(rows().map((r) => r.attributes('data-phase'))).toEqual(['firstByte', 'complete', 'render']);

    for (let i = 0; i < 80; i++) fake.emit('budgets.breached', breach({ id: `x${i}`, at: NOW - 500 + i }));
    await flushPromises();
    expect(rows()).toHaveLength(MAX_BREACHES);
    wrapper.unmount();
  });

  it('shows the failing health checks first, and says when operator figures are unavailable', async () => {
    const fake = backend({
      'health.get': () =>
        healthReport({
          level: 'DEGRADED',
          chains: [
            {
              chainId: 31337,
              level: 'DEGRADED',
              since: NOW - 5_000,
              checks: [
                { name: 'chain.providers', scope: 'chain', target: '31337', critical: true, ok: true, message: '2 of 3 up', checkedAt: NOW, durationMs: 1 },
                { name: 'provider.reachability', scope: 'provider', target: '31337:primary', critical: false, ok: false, message: 'refused', checkedAt: NOW, durationMs: 3 },
              ],
              providers: [{ id: '31337:primary', level: 'DEGRADED' }],
            },
          ],
        }),
    });
    delete fake.handlers['operator.snapshot'];
    const { wrapper } = mountWithBridge(Host, fake);
    await flushPromises();
    const checks = wrapper.findAll('[data-testid="health-scope"][data-scope="31337"] [data-testid="health-check"]');
    expect(checks.map((c) => c.attributes('data-ok'))).toEqual(['false', 'true']);
    expect(wrapper.get('[data-testid="operator-error"]').text()).toContain('NOT_AVAILABLE');
    expect(wrapper.findAll('[data-testid="lane-gauge"]')).toHaveLength(0);
    wrapper.unmount();
  });
});

describe('render budget', () => {
  it('reports the view’s render time once per mount, as a number', async () => {
    const fake = backend();
    const { wrapper } = mountWithBridge(Host, fake);
    await vi.waitFor(() => expect(fake.calls.some((c) => c.channel === 'budgets.reportRender')).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reports = fake.calls.filter((c) => c.channel === 'budgets.reportRender');
    expect(reports).toHaveLength(1);
    const input = reports[0]!.input as { view: string; ms: number };
    expect(input.view).toBe('operator');
    expect(typeof input.ms).toBe('number');
    expect(input.ms).toBeGreaterThanOrEqual(0);

    // Pushed updates re-render the view but are not a new mount: no second report.
    fake.emit('operator.updated', operatorSnapshot());
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.calls.filter((c) => c.channel === 'budgets.reportRender')).toHaveLength(1);
    wrapper.unmount();

    const again = mountWithBridge(Host, fake);
    await vi.waitFor(() => expect(fake.calls.filter((c) => c.channel === 'budgets.reportRender')).toHaveLength(2));
    again.wrapper.unmount();
  });

  it('reports nothing when unmounted before the frame, and ignores a main side without budgets', async () => {
    const fake = backend();
    delete fake.handlers['budgets.reportRender'];
    const { wrapper } = mountWithBridge(Host, fake);
    wrapper.unmount();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.calls.filter((c) => c.channel === 'budgets.reportRender')).toHaveLength(0);

    const second = mountWithBridge(Host, fake);
    await vi.waitFor(() => expect(fake.calls.filter((c) => c.channel === 'budgets.reportRender')).toHaveLength(1));
    second.wrapper.unmount();
  });
});

// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import LatencySparkline from '../../../src/renderer/src/modules/providers/LatencySparkline.vue';
import { LatencyHistory, LatencyRing } from '../../../src/renderer/src/modules/providers/latency-ring';
import { sparklineGeometry } from '../../../src/renderer/src/modules/providers/sparkline';
import { useHealthSync } from '../../../src/renderer/src/modules/health/use-health-sync';
import { createFakeBridge, mountWithBridge } from './fake-bridge';
import { NOW, provider } from './fixtures';

describe('latency ring', () => {
  it('keeps the newest points up to its capacity, oldest first', () => {
    const ring = new LatencyRing(3);
    for (let i = 1; i <= 5; i++) ring.push({ at: i, p50: i, p95: i, p99: i });
    expect(ring.size).toBe(3);
    expect(ring.toArray().map((p) => p.at)).toEqual([3, 4, 5]);
  });

  it('stays bounded through a day of pushes: capacity per provider, vanished providers dropped', () => {
    const history = new LatencyHistory({ capacity: 180, bucketMs: 5_000 });
    const a = provider();
    const b = provider({ id: '31337:secondary', name: 'secondary' });
    // One push a second for 24 hours.
    for (let s = 0; s < 86_400; s++) history.record([a, b], NOW + s * 1_000);
    expect(history.series(a.id)).toHaveLength(180);
    expect(history.totalPoints).toBe(360);
    const series = history.series(a.id);
    // The last 15 minutes, one point per 5 s bucket.
    expect(series.at(-1)!.at - series[0]!.at).toBe(179 * 5_000);

    history.record([a], NOW + 86_400_000);
    expect(history.series(b.id)).toEqual([]);
    expect(history.totalPoints).toBe(180);
  });

  it('merges pushes inside one bucket into the newest figures', () => {
    const history = new LatencyHistory({ capacity: 10, bucketMs: 5_000 });
    history.record([provider({ latency: { p50: 10, p95: 20, p99: 30, samples: 5 } })], NOW);
    history.record([provider({ latency: { p50: 11, p95: 22, p99: 33, samples: 6 } })], NOW + 4_999);
    history.record([provider({ latency: { p50: 12, p95: 24, p99: 36, samples: 7 } })], NOW + 5_000);
    expect(history.series('31337:primary')).toEqual([
      { at: NOW, p50: 11, p95: 22, p99: 33 },
      { at: NOW + 5_000, p50: 12, p95: 24, p99: 36 },
    ]);
  });

  it('skips providers without samples yet', () => {
    const history = new LatencyHistory();
    history.record([provider({ latency: null })], NOW);
    expect(history.totalPoints).toBe(0);
  });
});

describe('sparkline geometry', () => {
  it('scales time on x and 0..max p95 on y', () => {
    const geometry = sparklineGeometry(
      [
        { at: 0, p50: 10, p95: 50, p99: 60 },
        { at: 10, p50: 20, p95: 100, p99: 120 },
      ],
      100,
      22,
    );
    expect(geometry.maxMs).toBe(100);
    expect(geometry.p95).toBe('0.0,11.0 100.0,1.0');
    expect(geometry.p50).toBe('0.0,19.0 100.0,17.0');
  });
});

describe('provider sparkline', () => {
  it('draws the points recorded from providers.updated pushes', async () => {
    const fake = createFakeBridge();
    const Host = defineComponent({
      setup() {
        useHealthSync();
        return () => h(LatencySparkline, { providerId: '31337:primary' });
      },
    });
    const { wrapper } = mountWithBridge(Host, fake);
    await flushPromises();
    const spark = () => wrapper.get('[data-testid="provider-sparkline"]');
    expect(spark().attributes('data-points')).toBe('0');
    expect(spark().get('figcaption').text()).toBe('collecting…');

    fake.emit('providers.updated', [provider({ latency: { p50: 10, p95: 40, p99: 90, samples: 3 } })]);
    await flushPromises();
    expect(spark().attributes('data-points')).toBe('1');
    expect(spark().findAll('polyline')).toHaveLength(2);
    expect(spark().get('figcaption').text()).toBe('max 40 ms · 0 min');
    wrapper.unmount();
    expect(fake.listenerCount()).toBe(0);
  });
});

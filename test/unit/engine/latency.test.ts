/** The rolling window behind latency percentiles and the error rate. */
import { describe, expect, it } from 'vitest';
import { RecentWindow } from '../../../src/main/engine/latency';

describe('RecentWindow', () => {
  it('nearest-rank percentiles over the answers', () => {
    const window = new RecentWindow();
    expect(window.summary()).toBeNull();
    for (let ms = 100; ms >= 1; ms--) window.answered(ms);
    expect(window.summary()).toEqual({ p50: 50, p95: 95, p99: 99, samples: 100 });
  });

  it('error rate = faults / attempts over the same window; faults carry no latency', () => {
    const window = new RecentWindow();
    window.answered(10);
    window.faulted();
    window.faulted();
    window.answered(30);
    expect(window.errorRate()).toBe(0.5);
    expect(window.summary()).toEqual({ p50: 10, p95: 30, p99: 30, samples: 2 });
  });

  it('forgets the faults when told (the breaker closed again), keeping the answers', () => {
    const w = new RecentWindow(4);
    for (const ms of [10, 20]) w.answered(ms);
    w.faulted();
    w.faulted();
    w.faulted();
    expect([w.errorRate(), w.attempts()]).toEqual([0.75, 4]);
    w.forgetFaults();
    expect([w.errorRate(), w.attempts(), w.percentile(1)]).toEqual([0, 1, 20]);
    for (const ms of [30, 40, 50, 60]) w.answered(ms);
    expect([w.attempts(), w.percentile(0.25), w.percentile(1)]).toEqual([4, 30, 60]);
  });

  it('forgets beyond its capacity, faults included, so a provider recovers as it does well', () => {
    const window = new RecentWindow(4);
    window.faulted();
    window.faulted();
    window.answered(500);
    window.answered(500);
    expect(window.errorRate()).toBe(0.5);
    for (let i = 0; i < 3; i++) window.answered(5);
    expect(window.errorRate()).toBe(0);
    expect(window.attempts()).toBe(4);
    expect(window.summary()).toEqual({ p50: 5, p95: 500, p99: 500, samples: 4 });
    window.answered(5);
    expect(window.percentile(0.99)).toBe(5);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../src/main/ipc/events';
import type { HealthLevel, HealthReport } from '../../../src/shared/domain';

const shown = vi.hoisted(() => [] as Array<{ title: string; body: string; clicked: () => void }>);
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class Notification extends EventEmitter {
    static isSupported = () => true;
    constructor(readonly options: { title: string; body: string }) {
      super();
    }
    show() {
      shown.push({ ...this.options, clicked: () => this.emit('click') });
    }
  }
  return { Notification };
});

const { attachHealthNotifications, HEALTH_NOTICE_INTERVAL_MS } = await import(
  '../../../src/main/shell/health-notifications'
);

const MIN = 60_000;
const report = (level: HealthLevel, reason: string | null = null): HealthReport => ({
  level,
  since: Date.now(),
  reason,
  chains: [],
  checks: [],
});

let events: EventBus;
let stop: () => void;
const titles = () => shown.map((n) => n.title);

function start(initial: HealthReport | null = report('HEALTHY'), onOpen = vi.fn()) {
  stop = attachHealthNotifications({ events, initial, onOpen });
  return onOpen;
}
const push = (level: HealthLevel, reason: string | null = null) => events.emit('health.updated', report(level, reason));

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
  shown.length = 0;
  events = new EventBus();
});
afterEach(() => {
  stop();
  expect(events.listenerCount).toBe(0);
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

describe('health notifications', () => {
  it('notifies when the app becomes UNHEALTHY and when it recovers, with the reason', () => {
    const onOpen = start();
    push('DEGRADED', 'primary down');
    expect(shown).toEqual([]);
    push('UNHEALTHY', 'chain 31337: no provider answers');
    expect(shown.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: 'Steadfast is UNHEALTHY', body: 'chain 31337: no provider answers' },
    ]);
    push('UNHEALTHY', 'still down');
    expect(shown).toHaveLength(1);
    vi.advanceTimersByTime(MIN);
    push('HEALTHY');
    expect(shown.map(({ title, body }) => ({ title, body })).at(-1)).toEqual({
      title: 'Steadfast recovered',
      body: 'Every chain has a working provider again.',
    });
    shown[0]!.clicked();
    expect(onOpen).toHaveBeenCalledOnce();
  });

  it('allows at most one per direction per 5 minutes, delivering a held-back one when the window ends if still true', () => {
    expect(HEALTH_NOTICE_INTERVAL_MS).toBe(5 * MIN);
    start();
    push('UNHEALTHY'); // t=0: down shown
    vi.advanceTimersByTime(1 * MIN);
    push('HEALTHY'); // t=1: up shown (first up)
    vi.advanceTimersByTime(1 * MIN);
    push('UNHEALTHY'); // t=2: down held back until t=5
    expect(titles()).toEqual(['Steadfast is UNHEALTHY', 'Steadfast recovered']);
    vi.advanceTimersByTime(3 * MIN - 1);
    expect(shown).toHaveLength(2);
    vi.advanceTimersByTime(1); // t=5: still UNHEALTHY, so the user is told
    expect(titles()).toEqual(['Steadfast is UNHEALTHY', 'Steadfast recovered', 'Steadfast is UNHEALTHY']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('drops a held-back notice that stopped being true, and never says "recovered" for an outage it did not announce', () => {
    start();
    push('UNHEALTHY'); // t=0 shown
    vi.advanceTimersByTime(MIN);
    push('HEALTHY'); // t=1 shown
    vi.advanceTimersByTime(MIN);
    push('UNHEALTHY'); // t=2 held back
    vi.advanceTimersByTime(MIN);
    push('DEGRADED'); // t=3 recovered before the window ended: nothing to say, the user was last told "recovered"
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * MIN);
    expect(titles()).toEqual(['Steadfast is UNHEALTHY', 'Steadfast recovered']);
  });

  it('ignores HEALTHY ⇄ DEGRADED changes and repeated levels', () => {
    start();
    for (let i = 0; i < 10; i++) {
      push(i % 2 === 0 ? 'DEGRADED' : 'HEALTHY');
      vi.advanceTimersByTime(1_000);
    }
    expect(shown).toEqual([]);
  });

  it('says so at once when the app starts UNHEALTHY, and names a partial recovery', () => {
    start(report('UNHEALTHY', 'no chain answers'));
    expect(titles()).toEqual(['Steadfast is UNHEALTHY']);
    push('DEGRADED', 'secondary down');
    expect(shown.at(-1)).toMatchObject({ title: 'Steadfast recovered (DEGRADED)', body: 'secondary down' });
  });

  it('leaves nothing behind when stopped with a notice held back', () => {
    start();
    push('UNHEALTHY');
    push('HEALTHY');
    push('UNHEALTHY'); // held back: a timer is pending
    expect(vi.getTimerCount()).toBe(1);
    stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../src/main/ipc/events';
import type { AlertFired } from '../../../src/shared/domain';

const shown = vi.hoisted(() => [] as Array<{ title: string; body: string }>);
const supported = vi.hoisted(() => ({ value: true }));
vi.mock('electron', () => {
  class Notification {
    static isSupported = () => supported.value;
    constructor(readonly options: { title: string; body: string }) {}
    show() {
      shown.push(this.options);
    }
  }
  return { Notification };
});

const { attachAlertNotifications, usdText } = await import('../../../src/main/shell/notifications');

const fired: AlertFired = {
  alert: {
    id: 'a1',
    chainId: 31337,
    asset: 'native',
    symbol: 'ETH',
    direction: 'above',
    thresholdUsd: 299_900_000_000n,
    state: 'fired',
    createdAt: 1,
    lastFiredAt: 2,
  },
  priceUsd: 300_050_000_000n,
  at: 2,
};

describe('native alert notifications', () => {
  afterEach(() => {
    shown.length = 0;
    supported.value = true;
  });

  it('shows one notification per fired alert, with exact figures, and stops on unsubscribe', () => {
    const events = new EventBus();
    const stop = attachAlertNotifications(events);
    events.emit('alerts.fired', fired);
    expect(shown).toEqual([{ title: 'ETH is above $2,999', body: 'ETH at $3,000.5 (alert: above $2,999)' }]);
    events.emit('portfolio.updated', {} as never);
    expect(shown).toHaveLength(1);
    stop();
    events.emit('alerts.fired', fired);
    expect(shown).toHaveLength(1);
    expect(events.listenerCount).toBe(0);
  });

  it('does nothing where the OS has no notifications', () => {
    supported.value = false;
    const events = new EventBus();
    attachAlertNotifications(events);
    events.emit('alerts.fired', fired);
    expect(shown).toEqual([]);
  });

  it('writes USD exactly', () => {
    expect(usdText(123_456_789_012_345n)).toBe('$1,234,567.89012345');
    expect(usdText(100_000_000n)).toBe('$1');
    expect(usdText(-5_000_000n)).toBe('-$0.05');
  });
});

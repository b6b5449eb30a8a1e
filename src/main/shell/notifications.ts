/**
 * Native notifications for fired price alerts (Electron only; the browser shows its own in-app toasts). Subscribes
 * to the app's event bus, so alerts reach the user with the window hidden, minimised or closed to the tray.
 */
import { Notification } from 'electron';
import type { AlertFired } from '../../shared/domain';
import { USD_DECIMALS } from '../../shared/domain';
import { decode } from '../../shared/wire';
import type { EventBus } from '../ipc/events';
import type { Logger } from '../log';

/** "$3,000.5": exact, grouped, trailing zeros dropped (a threshold of $2,999 reads as typed). */
export function usdText(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(USD_DECIMALS);
  const whole = (abs / base).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (abs % base).toString().padStart(USD_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}$${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Title and body of the notification for one firing. */
export function alertMessage(fired: AlertFired): { title: string; body: string } {
  const { alert, priceUsd } = fired;
  return {
    title: `${alert.symbol} is ${alert.direction} ${usdText(alert.thresholdUsd)}`,
    body: `${alert.symbol} at ${usdText(priceUsd)} (alert: ${alert.direction} ${usdText(alert.thresholdUsd)})`,
  };
}

/** Shows a notification per 'alerts.fired'; returns the unsubscribe. A no-op where the OS has no notifications. */
export function attachAlertNotifications(events: EventBus, log?: Logger): () => void {
  return events.subscribe((event, payload) => {
    if (event !== 'alerts.fired' || !Notification.isSupported()) return;
    try {
      new Notification(alertMessage(decode(payload) as AlertFired)).show();
    } catch (error) {
      log?.warn('alert notification failed', { error });
    }
  });
}

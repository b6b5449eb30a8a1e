/**
 * A native notification when the app becomes UNHEALTHY and when it recovers, so a user with the window closed
 * still hears of an outage.
 *
 * Only level changes count: main applies hysteresis before it changes the level, so a provider flapping inside
 * that band never reaches here. On top of that each direction is rate-limited (one "down" and one "recovered" per
 * `minIntervalMs`), and a notification held back by the limit is not dropped but delivered when the window ends
 * if it is still true, so the last thing the user was told always matches the state (a dropped "down" after a
 * shown "recovered" would leave them believing all is well). A "recovered" is only sent after a shown "down".
 */
import { Notification } from 'electron';
import type { HealthLevel, HealthReport } from '../../shared/domain';
import { decode } from '../../shared/wire';
import type { EventBus } from '../ipc/events';
import type { Logger } from '../log';

export type HealthDirection = 'down' | 'up';

export interface HealthNotice {
  direction: HealthDirection;
  title: string;
  body: string;
}

export interface HealthNotifierOptions {
  events: EventBus;
  /** The report known at start (null when unknown); an app that starts UNHEALTHY says so at once. */
  initial: HealthReport | null;
  /** Default 5 minutes. */
  minIntervalMs?: number;
  now?: () => number;
  /** Default: an Electron Notification (a no-op where the OS has none); clicking it calls onOpen. */
  show?: (notice: HealthNotice) => void;
  onOpen?: () => void;
  log?: Logger;
}

export const HEALTH_NOTICE_INTERVAL_MS = 5 * 60_000;

export function healthNotice(direction: HealthDirection, report: Pick<HealthReport, 'level' | 'reason'>): HealthNotice {
  if (direction === 'down') {
    return {
      direction,
      title: 'Steadfast is UNHEALTHY',
      body: report.reason ?? 'A chain has no working provider: figures shown are the last known ones.',
    };
  }
  return {
    direction,
    title: report.level === 'HEALTHY' ? 'Steadfast recovered' : `Steadfast recovered (${report.level})`,
    body: report.reason ?? 'Every chain has a working provider again.',
  };
}

export function attachHealthNotifications(options: HealthNotifierOptions): () => void {
  const minInterval = options.minIntervalMs ?? HEALTH_NOTICE_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const show = options.show ?? ((notice) => showNative(notice, options));

  let level: HealthLevel | null = options.initial?.level ?? null;
  let latest: Pick<HealthReport, 'level' | 'reason'> | null = options.initial;
  /** What the user was last told. */
  let told: HealthDirection | null = null;
  const lastShownAt: Record<HealthDirection, number> = { down: -Infinity, up: -Infinity };
  let timer: ReturnType<typeof setTimeout> | null = null;

  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  function evaluate(): void {
    cancel();
    if (latest === null) return;
    const want: HealthDirection = latest.level === 'UNHEALTHY' ? 'down' : 'up';
    const needed = want === 'down' ? told !== 'down' : told === 'down';
    if (!needed) return;
    const wait = lastShownAt[want] + minInterval - now();
    if (wait > 0) {
      timer = setTimeout(evaluate, wait);
      return;
    }
    lastShownAt[want] = now();
    told = want;
    try {
      show(healthNotice(want, latest));
    } catch (error) {
      options.log?.warn('health notification failed', { error });
    }
  }

  const unsubscribe = options.events.subscribe((event, payload) => {
    if (event !== 'health.updated') return;
    const report = decode(payload) as HealthReport;
    latest = { level: report.level, reason: report.reason };
    if (report.level === level) return;
    const wasUnhealthy = level === 'UNHEALTHY';
    level = report.level;
    // Only entering or leaving UNHEALTHY is news worth interrupting for; HEALTHY ⇄ DEGRADED shows in the tray.
    if (report.level === 'UNHEALTHY' || wasUnhealthy) evaluate();
  });

  if (level === 'UNHEALTHY') evaluate();

  return () => {
    unsubscribe();
    cancel();
  };
}

function showNative(notice: HealthNotice, options: HealthNotifierOptions): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: notice.title, body: notice.body });
  if (options.onOpen) notification.on('click', () => options.onOpen?.());
  notification.show();
}

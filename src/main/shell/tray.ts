/**
 * The tray icon shows the app's health at a glance, with the window hidden or closed: its colour is the level
 * (one icon per level, see tray-icon.ts) and its tooltip the level and the reason. It follows 'health.updated'
 * from the app's event bus, the same push the renderer's badge follows.
 */
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { HealthReport } from '../../shared/domain';
import { decode } from '../../shared/wire';
import type { EventBus } from '../ipc/events';
import type { Router } from '../ipc/router';
import type { Logger } from '../log';
import { trayIconPng, type TrayLevel } from './tray-icon';

export interface HealthTrayOptions {
  events: EventBus;
  /** The report known at start (see readHealth); null shows "health unknown" until the first push. */
  initial: HealthReport | null;
  onOpen(): void;
  onQuit(): void;
  log?: Logger;
}

export interface HealthTray {
  readonly level: TrayLevel;
  dispose(): void;
}

/** Tooltips are cut by some platforms (Windows: 127 characters): the level always comes first. */
const TOOLTIP_MAX = 127;

export function trayTooltip(report: HealthReport | null): string {
  if (report === null) return 'Steadfast: health unknown';
  const text = `Steadfast: ${report.level}${report.reason ? ` (${report.reason})` : ''}`;
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

export function createHealthTray(options: HealthTrayOptions): HealthTray {
  const images = new Map<TrayLevel, NativeImage>();
  const image = (level: TrayLevel) => {
    let found = images.get(level);
    if (found === undefined) {
      found = nativeImage.createFromBuffer(trayIconPng(level), { scaleFactor: 2 });
      images.set(level, found);
    }
    return found;
  };

  let level: TrayLevel = options.initial?.level ?? 'unknown';
  const tray = new Tray(image(level));
  tray.setToolTip(trayTooltip(options.initial));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Steadfast', click: () => options.onOpen() },
      { type: 'separator' },
      { label: 'Quit', click: () => options.onQuit() },
    ]),
  );
  tray.on('click', () => options.onOpen());

  const unsubscribe = options.events.subscribe((event, payload) => {
    if (event !== 'health.updated') return;
    try {
      const report = decode(payload) as HealthReport;
      if (report.level !== level) {
        level = report.level;
        tray.setImage(image(level));
      }
      // The reason can change within a level (another provider failing): the tooltip follows every push.
      tray.setToolTip(trayTooltip(report));
    } catch (error) {
      options.log?.warn('tray update failed', { error });
    }
  });

  let disposed = false;
  return {
    get level() {
      return level;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      unsubscribe();
      tray.destroy();
    },
  };
}

/** The current report through the router, as the renderer gets it; null while main has no health checks. */
export async function readHealth(router: Router): Promise<HealthReport | null> {
  const envelope = await router.invoke('health.get', {}, { transport: 'electron' });
  return envelope.ok ? (decode(envelope.value) as HealthReport) : null;
}

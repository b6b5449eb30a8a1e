/**
 * The Electron entry: adapts the one composition root (app.ts) to a desktop window. It builds nothing itself —
 * engine and services come from `createSteadfast`; this file only wires IPC, the window and the app's lifecycle.
 */
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { createSteadfast } from './app';
import type { SteadfastApp } from './app-types';
import { attachElectronIpc, createSenderCheck } from './ipc/electron-adapter';
import { createLogger } from './log';
import { isAppUrl, rendererTarget } from './shell/app-url';
import { attachHealthNotifications } from './shell/health-notifications';
import { disposeBeforeQuit } from './shell/lifecycle';
import { attachAlertNotifications } from './shell/notifications';
import { createElectronSecretStore } from './shell/secret-store';
import { guardAllWebContents } from './shell/security';
import { createElectronSettingsBackend } from './shell/settings-store';
import { claimSingleInstance } from './shell/single-instance';
import { createHealthTray, readHealth, type HealthTray } from './shell/tray';
import { createMainWindow, focusWindow } from './shell/window';

const log = createLogger('electron');
const mainDir = import.meta.dirname;
const target = rendererTarget(process.env.ELECTRON_RENDERER_URL, mainDir);
let mainWindow: BrowserWindow | undefined;
/** Held here: a Tray only referenced from a local would be garbage-collected and vanish from the tray. */
let healthTray: HealthTray | undefined;
/** True once IPC is attached: a window opened earlier would find no handler behind window.steadfast. */
let ready = false;

if (claimSingleInstance(app, () => focusWindow(mainWindow))) {
  // Sandbox every renderer, including any created by paths that forget to ask (must precede ready).
  app.enableSandbox();
  guardAllWebContents(app);

  const started = app.whenReady().then(start);
  started.catch(fail);
  // Registered before start-up finishes, so quitting while the demo chain boots still stops it. Electron turns
  // SIGINT/SIGTERM into a quit on its own, so Ctrl+C in a terminal takes this path too.
  disposeBeforeQuit(app, async () => (await started.catch(() => undefined))?.dispose(), log);

  // Platform convention: on macOS an app stays in the dock with no window; elsewhere closing the window quits.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (ready && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

async function start(): Promise<SteadfastApp> {
  const steadfast = await createSteadfast({
    mode: 'electron',
    version: app.getVersion(),
    settings: createElectronSettingsBackend(),
    dataDir: app.getPath('userData'),
    secrets: createElectronSecretStore(app.getPath('userData'), log),
    log,
  });
  // Lives as long as the process: the quit path disposes the app, and the process exits right after.
  attachElectronIpc({
    ipcMain,
    router: steadfast.router,
    events: steadfast.events,
    isTrustedSender: createSenderCheck(isAppUrl(target)),
    windows: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
    log,
  });
  // Like IPC, lives as long as the process: price alerts notify even with every window closed (macOS).
  attachAlertNotifications(steadfast.events, log);
  attachHealthShell(steadfast);
  openWindow();
  ready = true;
  return steadfast;
}

/** Tray icon and health notifications follow 'health.updated'; their listeners and timers end on quit. */
function attachHealthShell(steadfast: SteadfastApp): void {
  const showWindow = () => (mainWindow === undefined ? openWindow() : focusWindow(mainWindow));
  readHealth(steadfast.router)
    .then((initial) => {
      const stopNotices = attachHealthNotifications({ events: steadfast.events, initial, onOpen: showWindow, log });
      app.once('will-quit', () => {
        stopNotices();
        healthTray?.dispose();
        healthTray = undefined;
      });
      healthTray = createHealthTray({ events: steadfast.events, initial, onOpen: showWindow, onQuit: () => app.quit(), log });
    })
    // A desktop without a tray area must not stop the app: the window's badge still shows the health.
    .catch((error: unknown) => log.warn('health tray unavailable', { error }));
}

function openWindow(): void {
  const window = createMainWindow({ target, mainDir, log });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  mainWindow = window;
}

function fail(error: unknown): void {
  log.error('start-up failed', { error });
  dialog.showErrorBox('Steadfast could not start', error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
  app.quit();
}

/**
 * The one main window: locked-down web preferences, the session's fences, and the renderer loaded from the dev
 * server or the built file.
 */
import { join } from 'node:path';
import { BrowserWindow, session, shell, type WebPreferences } from 'electron';
import type { Logger } from '../log';
import { isAppUrl, type RendererTarget } from './app-url';
import { applyContentSecurityPolicy, contentSecurityPolicy, denyPermissions, guardNavigation } from './security';

export interface MainWindowOptions {
  target: RendererTarget;
  /** The folder of the main bundle (`out/main`); the preload is built next to it. */
  mainDir: string;
  title?: string;
  log?: Logger;
}

/** Web preferences of every Steadfast window; exported so the tests pin them exactly. */
export function webPreferences(mainDir: string): WebPreferences {
  return {
    // The preload must be CommonJS to run sandboxed, hence .cjs (see electron.vite.config.ts).
    preload: join(mainDir, '../preload/index.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/**
 * Create the main window and start loading the renderer. The session fences go up before the first request, so the
 * very first document already gets its CSP. Shown on ready-to-show to avoid a white flash.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { target, mainDir } = options;
  const ses = session.defaultSession;
  applyContentSecurityPolicy(ses, contentSecurityPolicy(target.kind === 'url'));
  denyPermissions(ses);

  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: options.title ?? 'Steadfast',
    autoHideMenuBar: true,
    webPreferences: webPreferences(mainDir),
  });
  guardNavigation(window.webContents, isAppUrl(target), (url) => shell.openExternal(url));
  window.once('ready-to-show', () => window.show());

  // A failed load leaves a blank window: say why (missing build, dev server not up) instead of an unhandled rejection.
  const load = target.kind === 'url' ? window.loadURL(target.url) : window.loadFile(target.path);
  load.catch((error: unknown) => options.log?.error('could not load the renderer', { error }));
  return window;
}

/** Bring an existing window to the front (a second launch, a tray click). */
export function focusWindow(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

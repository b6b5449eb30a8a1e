import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rendererTarget } from '../../../src/main/shell/app-url';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/shell/security';
import { FakeBrowserWindow, fakeSession } from './fake-electron';

const electron = vi.hoisted(() => ({ session: undefined as unknown, openExternal: undefined as unknown }));
vi.mock('electron', async () => {
  const { FakeBrowserWindow: BrowserWindow, fakeSession: makeSession } = await import('./fake-electron');
  const openExternal = vi.fn(async () => undefined);
  electron.session = makeSession();
  electron.openExternal = openExternal;
  return { BrowserWindow, session: { defaultSession: electron.session }, shell: { openExternal } };
});

const { createMainWindow, focusWindow } = await import('../../../src/main/shell/window');
const session = electron.session as ReturnType<typeof fakeSession>;
const openExternal = electron.openExternal as ReturnType<typeof vi.fn>;

const MAIN_DIR = '/app/out/main';
const APP_URL = 'file:///app/out/renderer/index.html';

function open(devServer?: string): FakeBrowserWindow {
  createMainWindow({ target: rendererTarget(devServer, MAIN_DIR), mainDir: MAIN_DIR });
  return FakeBrowserWindow.created.at(-1)!;
}

beforeEach(() => {
  FakeBrowserWindow.created.length = 0;
  openExternal.mockClear();
});

describe('createMainWindow', () => {
  it('locks down the web preferences exactly', () => {
    const window = open();
    expect(window.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(window.options.webPreferences.preload).toMatch(/preload\/index\.cjs$/);
    expect(window.options.show).toBe(false);
  });

  it('shows the window only when it is ready to show', () => {
    const window = open();
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('loads the built file in production and the dev server URL in development', () => {
    const built = open();
    expect(built.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html');
    expect(built.loadURL).not.toHaveBeenCalled();
    const dev = open('http://localhost:5173');
    expect(dev.loadURL).toHaveBeenCalledWith('http://localhost:5173');
  });

  it('sets the strict CSP on responses, replacing any policy the response carried', () => {
    open();
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'; form-action 'none'",
    );
    const callback = vi.fn();
    session.headersListener!(
      { url: APP_URL, responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledExactlyOnceWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('relaxes only style-src for the Vite dev server', () => {
    open('http://localhost:5173');
    const callback = vi.fn();
    session.headersListener!({ url: 'http://localhost:5173/', responseHeaders: {} }, callback);
    expect(callback.mock.calls[0]![0].responseHeaders['Content-Security-Policy']).toEqual([
      `${CONTENT_SECURITY_POLICY}; style-src 'self' 'unsafe-inline'`,
    ]);
  });

  it('refuses navigation and redirects away from the app, and allows the app page itself', () => {
    const { webContents } = open();
    expect(webContents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(webContents.attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(webContents.attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(webContents.attempt('will-navigate', `${APP_URL}#/providers`)).toBe(false);
    expect(webContents.attempt('will-redirect', APP_URL)).toBe(false);
  });

  it('hands a refused https navigation to the system browser, and nothing else', () => {
    const { webContents } = open();
    webContents.attempt('will-navigate', 'https://etherscan.io/address/0x1');
    webContents.attempt('will-navigate', 'file:///etc/passwd');
    webContents.attempt('will-navigate', 'http://plain.example/');
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://etherscan.io/address/0x1');
  });

  it('denies every window.open; https links open in the system browser', () => {
    const { webContents } = open();
    expect(webContents.windowOpenHandler!({ url: 'https://etherscan.io/tx/0x2' })).toEqual({ action: 'deny' });
    expect(webContents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(webContents.windowOpenHandler!({ url: APP_URL })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://etherscan.io/tx/0x2');
  });

  it('denies every permission request and check', () => {
    open();
    const callback = vi.fn();
    session.permissionRequestHandler!({}, 'media', callback);
    session.permissionRequestHandler!({}, 'notifications', callback);
    expect(callback.mock.calls).toEqual([[false], [false]]);
    expect(session.permissionCheckHandler!({}, 'clipboard-read')).toBe(false);
  });
});

describe('focusWindow', () => {
  it('restores a minimised window and brings it to the front', () => {
    const window = open();
    window.isMinimized.mockReturnValue(true);
    focusWindow(window as never);
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
  });

  it('ignores a missing or destroyed window', () => {
    const window = open();
    window.isDestroyed.mockReturnValue(true);
    focusWindow(window as never);
    focusWindow(undefined);
    expect(window.focus).not.toHaveBeenCalled();
  });
});

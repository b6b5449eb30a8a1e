/**
 * The renderer's fences, after Electron's security checklist: a strict CSP, no permissions, no navigation away from
 * the app, no new windows, no <webview>. The renderer shows data read from third-party RPC providers (token names,
 * symbols), so treat it as able to run hostile markup and make sure that cannot reach anything.
 */
import type { App, Session, WebContents } from 'electron';

/**
 * The production policy. No 'unsafe-inline' and no 'unsafe-eval' anywhere; connect-src 'self' because the renderer
 * talks to main over IPC only (the RPC providers are reached from main, never from the page).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The policy for a given run. The Vite dev server injects CSS as <style> elements, so development alone allows
 * inline styles; HMR's WebSocket is same-origin and already covered by connect-src 'self'.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return dev ? `${CONTENT_SECURITY_POLICY}; style-src 'self' 'unsafe-inline'` : CONTENT_SECURITY_POLICY;
}

/**
 * Add the CSP header to every response the session receives, replacing any the server sent. Every response, not
 * only the app's: the window never shows anything else, and a document that slipped through should be fenced too.
 * (Electron documents the header as unreliable for file:// documents; the renderer's index.html should carry the
 * same policy in a <meta http-equiv> tag as well.)
 */
export function applyContentSecurityPolicy(session: Session, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
}

/** A wallet monitor needs no camera, notifications-from-the-page, geolocation, clipboard or HID: refuse them all. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Keep the window on the app: refuse navigations and redirects to any other page, refuse every window.open. An https
 * link (a block explorer, say) opens in the system browser instead, where it has none of the app's privileges;
 * other schemes (file:, javascript:, custom protocol handlers) are dropped.
 */
export function guardNavigation(
  contents: WebContents,
  isAppUrl: (url: string) => boolean,
  openExternal: (url: string) => Promise<void>,
): void {
  const openIfHttps = (url: string) => {
    if (isHttps(url)) openExternal(url).catch(() => undefined);
  };
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openIfHttps(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openIfHttps(url);
    return { action: 'deny' };
  });
}

/**
 * A backstop for web contents created by any path (devtools extensions, a future second window): no <webview>, no
 * window.open, whichever window they belong to.
 */
export function guardAllWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The headless server prints a link with `?token=...`; the token authenticates the WebSocket bridge.
 *
 * It is read once and moved to sessionStorage so that a reload keeps working, and removed from the address bar so it
 * does not end up in screenshots, bookmarks or the history list. sessionStorage (not localStorage) because a token
 * belongs to one server run and one tab.
 */
export const TOKEN_STORAGE_KEY = 'steadfast.bridge-token';

export interface TokenEnvironment {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  /** Null when storage is unavailable (some privacy modes throw on access). */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export function takeBridgeToken(env: TokenEnvironment): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null && fromUrl !== '') {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage full or denied: the token still works for this page load.
    }
    url.searchParams.delete('token');
    env.history.replaceState(env.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Reading `window.sessionStorage` itself throws when storage is disabled, hence the guard. */
export function sessionStorageOrNull(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

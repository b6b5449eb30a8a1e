/**
 * Picks the transport: Electron's preload exposes `window.steadfast` (a RawBridge over IPC); without it we are a page
 * served by the headless server and talk to it over a WebSocket on the same host, authenticated by the URL token.
 */
import { shallowRef, type Ref } from 'vue';
import { createClient, type RawBridge, type SteadfastClient } from '../../../../shared/bridge';
import { WS_PATH } from '../../../../shared/ws-protocol';
import type { ConnectionState } from './connection';
import { sessionStorageOrNull, takeBridgeToken } from './url-token';
import { createWebSocketBridge, type WebSocketBridgeOptions } from './ws-bridge';

export interface BridgeContext {
  kind: 'electron' | 'websocket';
  client: SteadfastClient;
  connection: Readonly<Ref<ConnectionState>>;
  /**
   * Why the link may never come up, as far as the page can tell (a browser cannot read the HTTP status a refused
   * WebSocket got): `no-token` when the page has no access token at all (a new tab, a bookmark), `never-connected`
   * while it has one but no connection ever succeeded (a wrong token, or a restarted server with a new one).
   */
  access: Readonly<Ref<'ok' | 'no-token' | 'never-connected'>>;
  dispose(): void;
}

declare global {
  interface Window {
    /** Set by the Electron preload only. */
    steadfast?: RawBridge;
  }
}

function isRawBridge(value: unknown): value is RawBridge {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.invoke === 'function' && typeof candidate.on === 'function';
}

export function bridgeUrl(location: Pick<Location, 'protocol' | 'host'>, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `${scheme}://${location.host}${WS_PATH}${query}`;
}

export function selectBridge(
  win: Window,
  wsOptions: Partial<Omit<WebSocketBridgeOptions, 'url'>> = {},
): BridgeContext {
  const preload = win.steadfast;
  if (isRawBridge(preload)) {
    // IPC to our own main process cannot drop while the window exists: the link is always up.
    const connection = shallowRef<ConnectionState>({
      connected: true,
      since: Date.now(),
      reason: null,
      attempt: 0,
      nextRetryAt: null,
    });
    return { kind: 'electron', client: createClient(preload), connection, access: shallowRef('ok'), dispose() {} };
  }

  const token = takeBridgeToken({ location: win.location, history: win.history, storage: sessionStorageOrNull(win) });
  const raw = createWebSocketBridge({ ...wsOptions, url: bridgeUrl(win.location, token) });
  const connection = shallowRef<ConnectionState>(raw.state);
  const access = shallowRef<'ok' | 'no-token' | 'never-connected'>(token === null ? 'no-token' : 'never-connected');
  const stopWatching = raw.onState((state) => {
    connection.value = state;
    if (state.connected) access.value = 'ok';
  });
  return {
    kind: 'websocket',
    client: createClient(raw),
    connection,
    access,
    dispose() {
      stopWatching();
      raw.close();
    },
  };
}

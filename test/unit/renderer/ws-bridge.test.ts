// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { selectBridge, bridgeUrl } from '../../../src/renderer/src/modules/bridge/select-bridge';
import { takeBridgeToken, TOKEN_STORAGE_KEY } from '../../../src/renderer/src/modules/bridge/url-token';
import { createWebSocketBridge, type SocketLike } from '../../../src/renderer/src/modules/bridge/ws-bridge';
import type { RawBridge } from '../../../src/shared/bridge';
import type { InvokeMessage } from '../../../src/shared/ws-protocol';
import { encode } from '../../../src/shared/wire';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: InvokeMessage[] = [];
  closedWith: number | null = null;
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as InvokeMessage);
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(reason = '') {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason });
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const bridge = createWebSocketBridge({
    url: 'ws://127.0.0.1:4000/bridge?token=t',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  });
  const last = () => sockets.at(-1)!;
  return { bridge, sockets, last };
}

describe('WebSocket bridge', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends invokes made while connecting once the socket opens, and resolves them by id', async () => {
    const { bridge, last } = setup();
    const answer = bridge.invoke('portfolio.get', {});
    expect(last().sent).toHaveLength(0);
    last().open();
    expect(last().sent).toEqual([{ type: 'invoke', id: 1, channel: 'portfolio.get', input: {} }]);

    const value = encode({ totalUsd: 2n ** 200n });
    last().receive({ type: 'result', id: 1, envelope: { ok: true, value } });
    // The bigint tag stays on the wire form: createClient decodes it, not the transport.
    await expect(answer).resolves.toEqual({ ok: true, value });
    bridge.close();
  });

  it('delivers pushed events to subscribers only, and stops after unsubscribe', () => {
    const { bridge, last } = setup();
    last().open();
    const seen: unknown[] = [];
    const off = bridge.on('features.updated', (payload) => seen.push(payload));
    bridge.on('providers.updated', () => seen.push('wrong'));
    last().receive({ type: 'event', event: 'features.updated', payload: [] });
    last().receive({ type: 'event', event: 'not.an.event', payload: 1 });
    off();
    last().receive({ type: 'event', event: 'features.updated', payload: ['late'] });
    expect(seen).toEqual([[]]);
    bridge.close();
  });

  it('answers OFFLINE instead of rejecting when the socket drops, then reconnects with backoff', async () => {
    const { bridge, sockets, last } = setup();
    const states: boolean[] = [];
    bridge.onState((state) => states.push(state.connected));
    last().open();
    const pending = bridge.invoke('portfolio.refresh', {});
    last().drop();

    await expect(pending).resolves.toEqual({
      ok: false,
      error: { code: 'OFFLINE', message: 'disconnected from Steadfast', retryable: true },
    });
    expect(bridge.state).toMatchObject({ connected: false, reason: 'connection lost', attempt: 1 });
    // While waiting out the backoff, invokes answer at once rather than hang.
    await expect(bridge.invoke('portfolio.get', {})).resolves.toMatchObject({ ok: false, error: { code: 'OFFLINE' } });

    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().drop();
    expect(bridge.state.attempt).toBe(2);
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().open();
    expect(bridge.state).toMatchObject({ connected: true, reason: null, attempt: 0 });
    expect(states).toEqual([true, false, false, false, false, true]);
    bridge.close();
  });

  it('caps the backoff and leaves no timer or socket behind after close', () => {
    const { bridge, sockets, last } = setup();
    for (let i = 0; i < 8; i += 1) {
      last().drop();
      vi.advanceTimersByTime(10_000);
    }
    expect(sockets).toHaveLength(9);
    expect(bridge.state.nextRetryAt).toBeNull();
    last().drop();
    expect(bridge.state.nextRetryAt! - Date.now()).toBe(10_000);
    bridge.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(9);
  });

  it('answers a malformed result with an error envelope', async () => {
    const { bridge, last } = setup();
    last().open();
    const answer = bridge.invoke('features.list', {});
    last().receive({ type: 'result', id: 1, envelope: 'nonsense' });
    await expect(answer).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    bridge.close();
  });
});

describe('bridge token', () => {
  it('is taken from the URL once, kept in session storage and removed from the address bar', () => {
    const storage = new Map<string, string>();
    const replaced: string[] = [];
    const env = {
      location: { href: 'http://127.0.0.1:4000/?view=x&token=s3cret#top' },
      history: { state: null, replaceState: (_state: unknown, _title: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage: { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) },
    };
    expect(takeBridgeToken(env)).toBe('s3cret');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('s3cret');
    expect(replaced).toEqual(['/?view=x#top']);

    // After a reload the URL no longer has it.
    env.location.href = 'http://127.0.0.1:4000/?view=x#top';
    expect(takeBridgeToken(env)).toBe('s3cret');
    expect(replaced).toHaveLength(1);
  });

  it('builds the socket URL on the page host', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'a b')).toBe('ws://127.0.0.1:4000/bridge?token=a%20b');
    expect(bridgeUrl({ protocol: 'https:', host: 'example.test' }, null)).toBe('wss://example.test/bridge');
  });
});

describe('selectBridge', () => {
  it('uses the Electron preload when present', async () => {
    const preload: RawBridge = {
      invoke: async () => ({ ok: true, value: { version: '1' } }),
      on: () => () => {},
    };
    const fakeWindow = { steadfast: preload } as unknown as Window;
    const bridge = selectBridge(fakeWindow);
    expect(bridge.kind).toBe('electron');
    expect(bridge.connection.value.connected).toBe(true);
    await expect(bridge.client.invoke('app.info', {})).resolves.toEqual({ version: '1' });
  });

  it('falls back to the WebSocket with the URL token in a plain browser', () => {
    window.history.replaceState(null, '', '/?token=abc');
    const opened: string[] = [];
    const bridge = selectBridge(window, {
      createSocket: (url) => {
        opened.push(url);
        return new FakeSocket(url);
      },
    });
    expect(bridge.kind).toBe('websocket');
    expect(opened).toEqual([`ws://${window.location.host}/bridge?token=abc`]);
    expect(window.location.search).toBe('');
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('abc');
    bridge.dispose();
  });
});

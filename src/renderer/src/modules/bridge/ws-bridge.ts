/**
 * RawBridge over the headless server's WebSocket (`ws-protocol.ts`), for the renderer running in a plain browser.
 *
 * Like the Electron preload, it never rejects: an invoke that cannot be answered because the socket is down resolves
 * with an OFFLINE envelope, so the typed client turns it into a SteadfastError the views already know how to show.
 * The server sends every event to every authenticated socket, so subscriptions are purely local and survive
 * reconnects without being replayed.
 */
import type { Envelope, RawBridge } from '../../../../shared/bridge';
import { isEventName, type ChannelName, type EventName } from '../../../../shared/channels';
import type { ErrorData } from '../../../../shared/errors';
import type { InvokeMessage, ServerMessage } from '../../../../shared/ws-protocol';
import type { Wire } from '../../../../shared/wire';
import type { ConnectionListener, ConnectionState } from './connection';

/** The part of the DOM WebSocket this bridge uses; tests pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface WebSocketBridgeOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** First reconnect delay; doubles per failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  /**
   * 10 s: the server is local, so a long wait only delays noticing it is back; a short cap would spin while it is
   * restarting.
   */
  maxDelayMs?: number;
  now?: () => number;
}

export interface WebSocketBridge extends RawBridge {
  readonly state: ConnectionState;
  onState(listener: ConnectionListener): () => void;
  /** Closes the socket, stops reconnecting and answers every pending invoke with OFFLINE. */
  close(): void;
}

const OPEN = 1;

const MALFORMED: Envelope = {
  ok: false,
  error: { code: 'INTERNAL', message: 'malformed answer from Steadfast', retryable: false },
};

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function offline(message: string): Envelope {
  const error: ErrorData = { code: 'OFFLINE', message, retryable: true };
  return { ok: false, error };
}

export function createWebSocketBridge(options: WebSocketBridgeOptions): WebSocketBridge {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const now = options.now ?? Date.now;

  const pending = new Map<number, (envelope: Envelope) => void>();
  // Invokes made while the socket is still opening: sent on open, answered OFFLINE if the attempt fails.
  const queued: InvokeMessage[] = [];
  const listeners = new Map<EventName, Set<(payload: Wire) => void>>();
  const stateListeners = new Set<ConnectionListener>();

  let nextId = 1;
  let socket: SocketLike | null = null;
  let connecting = false;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let state: ConnectionState = { connected: false, since: now(), reason: 'connecting', attempt: 0, nextRetryAt: null };

  function setState(next: Partial<ConnectionState>): void {
    state = { ...state, ...next };
    for (const listener of [...stateListeners]) listener(state);
  }

  function failOutstanding(message: string): void {
    // Every queued invoke also has its resolver in `pending`, so answering `pending` answers both lists once.
    queued.length = 0;
    const answers = [...pending.values()];
    pending.clear();
    for (const answer of answers) answer(offline(message));
  }

  function takeResolver(id: number): ((envelope: Envelope) => void) | undefined {
    const resolve = pending.get(id);
    pending.delete(id);
    return resolve;
  }

  function connect(): void {
    if (closed) return;
    connecting = true;
    let current: SocketLike;
    try {
      current = createSocket(options.url);
    } catch (error) {
      // A malformed URL throws synchronously; treat it like a failed attempt so the banner explains it.
      connecting = false;
      failOutstanding('cannot reach Steadfast');
      scheduleReconnect(error instanceof Error ? error.message : String(error));
      return;
    }
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      connecting = false;
      setState({ connected: true, since: now(), reason: null, attempt: 0, nextRetryAt: null });
      for (const message of queued.splice(0)) current.send(JSON.stringify(message));
    };
    current.onmessage = (event) => {
      if (socket === current) handleFrame(event.data);
    };
    current.onerror = () => {
      // The close event that always follows carries what we act on; the error event itself has no detail.
    };
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      connecting = false;
      const wasUp = state.connected;
      failOutstanding('disconnected from Steadfast');
      if (closed) return;
      const reason = event.reason || (wasUp ? 'connection lost' : 'cannot reach Steadfast');
      scheduleReconnect(reason);
    };
  }

  function scheduleReconnect(reason: string): void {
    const attempt = state.attempt + 1;
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
    const changed = state.connected ? { since: now() } : {};
    setState({ ...changed, connected: false, reason, attempt, nextRetryAt: now() + delay });
    retryTimer = setTimeout(() => {
      retryTimer = null;
      setState({ nextRetryAt: null });
      connect();
    }, delay);
  }

  function handleFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      console.warn('steadfast bridge: ignoring a frame that is not JSON');
      return;
    }
    if (message?.type === 'result' && typeof message.id === 'number') {
      takeResolver(message.id)?.(isEnvelope(message.envelope) ? message.envelope : MALFORMED);
    } else if (message?.type === 'event' && isEventName(message.event)) {
      for (const listener of [...(listeners.get(message.event) ?? [])]) {
        try {
          listener(message.payload);
        } catch (error) {
          // One failing view must not keep the others from their update.
          console.error('steadfast bridge: event listener failed', error);
        }
      }
    }
  }

  connect();

  return {
    get state() {
      return state;
    },
    invoke(channel: ChannelName, input: Wire): Promise<Envelope> {
      if (closed) return Promise.resolve(offline('the bridge is closed'));
      const message: InvokeMessage = { type: 'invoke', id: nextId++, channel, input };
      return new Promise<Envelope>((resolve) => {
        if (socket !== null && socket.readyState === OPEN) {
          pending.set(message.id, resolve);
          socket.send(JSON.stringify(message));
        } else if (connecting) {
          pending.set(message.id, resolve);
          queued.push(message);
        } else {
          // Waiting out a backoff: answer now rather than leave the view spinning until the next attempt.
          resolve(offline('disconnected from Steadfast'));
        }
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      if (closed) return;
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      const current = socket;
      socket = null;
      connecting = false;
      current?.close(1000, 'closing');
      failOutstanding('the bridge is closed');
      listeners.clear();
      setState({ connected: false, since: now(), reason: 'closed', nextRetryAt: null });
      stateListeners.clear();
    },
  };
}

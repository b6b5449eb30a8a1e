/**
 * The headless mode's transport: the router and the event bus over WebSocket connections that the HTTP server has
 * already authenticated (token and origin are checked at the upgrade, before a socket exists).
 *
 * Each connection gets every pushed event. Malformed frames are answered when they carry an id and dropped when
 * they do not; they never reach a handler. A heartbeat closes connections whose peer stopped answering, so a laptop
 * that slept does not leave a dead socket subscribed forever.
 *
 * A protocol error on one socket (a frame over `maxPayload`, invalid UTF-8 in a text frame, a bad opcode) is that
 * socket's 'error' event: ws emits it before closing, and an EventEmitter 'error' without a listener is thrown, which
 * would end the process for every client. Each socket therefore has a listener that logs and terminates it.
 */
import type { WebSocket, WebSocketServer } from 'ws';
import type { InvokeMessage, ServerMessage } from '../../shared/ws-protocol';
import type { Wire } from '../../shared/wire';
import type { Logger } from '../log';
import type { EventBus } from './events';
import type { Router } from './router';

const HEARTBEAT_MS = 30_000;

export function attachWebSocketBridge(server: WebSocketServer, router: Router, events: EventBus, log?: Logger): () => void {
  const alive = new WeakMap<WebSocket, boolean>();
  // Unsubscribed on close, and all at once on detach: a terminated socket's 'close' event comes too late for that.
  const subscriptions = new Set<() => void>();

  const onConnection = (socket: WebSocket) => {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    socket.on('error', (error) => {
      log?.warn('bridge connection dropped after a protocol error', { error });
      socket.terminate();
    });
    const send = (message: ServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const unsubscribe = events.subscribe((event, payload) => send({ type: 'event', event, payload }));
    subscriptions.add(unsubscribe);
    socket.on('close', () => {
      unsubscribe();
      subscriptions.delete(unsubscribe);
    });
    socket.on('message', (data, isBinary) => {
      const message = isBinary ? null : parseInvoke(data.toString());
      if (!message) return;
      if ('malformed' in message) {
        send({
          type: 'result',
          id: message.id,
          envelope: { ok: false, error: { code: 'INVALID_INPUT', message: 'malformed invoke message', retryable: false } },
        });
        return;
      }
      // router.invoke answers envelopes and never rejects, but send can throw (JSON.stringify on an unexpected value,
      // a socket torn down mid-send): that must cost this answer, not the process.
      router
        .invoke(message.channel, message.input, { transport: 'websocket' })
        .then((envelope) => send({ type: 'result', id: message.id, envelope }))
        .catch((error: unknown) => {
          log?.error('bridge answer failed', { channel: message.channel, error });
          // The protocol promises one result per invoke; a plain INTERNAL one, when the socket can still take it.
          try {
            send({
              type: 'result',
              id: message.id,
              envelope: { ok: false, error: { code: 'INTERNAL', message: 'internal error', retryable: false } },
            });
          } catch {
            socket.terminate();
          }
        });
    });
  };

  server.on('connection', onConnection);
  const heartbeat = setInterval(() => {
    for (const socket of server.clients) {
      if (!alive.get(socket)) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return () => {
    clearInterval(heartbeat);
    server.off('connection', onConnection);
    for (const socket of server.clients) socket.terminate();
    for (const unsubscribe of subscriptions) unsubscribe();
    subscriptions.clear();
  };
}

function parseInvoke(text: string): InvokeMessage | { malformed: true; id: number } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'number' || !Number.isSafeInteger(v.id)) return null;
  if (v.type !== 'invoke' || typeof v.channel !== 'string') return { malformed: true, id: v.id };
  return { type: 'invoke', id: v.id, channel: v.channel, input: (v.input ?? null) as Wire };
}

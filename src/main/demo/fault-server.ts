/**
 * The fault-injecting HTTP server both demo kinds are built on: the JSON-RPC proxies in front of anvil and the
 * indexer / price API services. It owns the listener, its sockets and timers, counts requests, and applies the
 * current fault to each request; a subclass supplies only the real answer and its own error documents.
 *
 * Its port stays the same for its whole life, even across a `refuse` fault (the listener is closed and re-opened
 * on the same port), so a URL handed to the engine or written in settings never goes stale.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import type { Fault } from '../../shared/domain';
import { garbageAnswer, httpFaultAnswer, truncatedAnswer, type ProxyAnswer } from './faults';

/** A request body larger than any call the app makes; protects the server, not a limit to rely on. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const RELISTEN_RETRY_MS = 100;
const RELISTEN_ATTEMPTS = 50;

export abstract class FaultServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Sockets whose request a `hang` fault swallowed; destroyed when the fault changes or the server stops. */
  private readonly hung = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private currentFault: Fault = { kind: 'none' };
  private port = 0;
  private seen = 0;
  private stopped = false;
  private relistenTimer: NodeJS.Timeout | undefined;

  constructor() {
    this.server = createServer({ keepAlive: true }, (req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.hung.delete(socket);
      });
    });
  }

  /** The real answer to a request whose body has been read (no fault, or a delay that has passed). */
  protected abstract answer(req: IncomingMessage, body: Buffer): Promise<ProxyAnswer>;
  /** The server's own error document for an `rpc-error` fault. */
  protected abstract rpcError(fault: Extract<Fault, { kind: 'rpc-error' }>, body: Buffer): ProxyAnswer;
  /** What a `wrong-id` fault does to a real answer (nothing, where answers carry no id). */
  protected wrongId(answer: ProxyAnswer): ProxyAnswer {
    return answer;
  }
  /** Called once the server has stopped (release upstream agents and the like). */
  protected onStop(): void {}

  /** Binds a free port on 127.0.0.1; the port is kept from then on. */
  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('fault server has no TCP address');
    this.port = address.port;
  }

  /** http://127.0.0.1:<port>, without a trailing slash. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get fault(): Fault {
    return this.currentFault;
  }

  /** HTTP requests received since start (a JSON-RPC batch is one request; refused connections never arrive). */
  get requests(): number {
    return this.seen;
  }

  /** Switches the fault; it applies to the next connection or request. */
  setFault(fault: Fault): void {
    if (this.stopped) return;
    this.currentFault = fault;
    // Whatever a hung request was waiting for, the scenario it belonged to is over.
    for (const socket of this.hung) socket.destroy();
    this.hung.clear();
    if (fault.kind === 'refuse') {
      // Refused connections need no listener at all: close it (synchronously) and cut what is connected.
      clearTimeout(this.relistenTimer);
      if (this.server.listening) this.server.close();
      for (const socket of this.sockets) socket.destroy();
    } else if (!this.server.listening) {
      this.listenAgain(RELISTEN_ATTEMPTS);
    }
  }

  /** Closes the listener and every socket; resolves when the server has closed. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.relistenTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = this.server.listening ? new Promise<void>((resolve) => this.server.close(() => resolve())) : Promise.resolve();
    for (const socket of this.sockets) socket.destroy();
    this.onStop();
    await closed;
  }

  private listenAgain(attempts: number): void {
    const onError = (error: NodeJS.ErrnoException): void => {
      // Another process may have taken the port while it was free; keep trying for a while, the URL must not change.
      if (error.code === 'EADDRINUSE' && attempts > 1 && !this.stopped) {
        this.relistenTimer = setTimeout(() => {
          if (this.currentFault.kind !== 'refuse' && !this.server.listening) this.listenAgain(attempts - 1);
        }, RELISTEN_RETRY_MS);
      }
    };
    this.server.once('error', onError);
    this.server.listen(this.port, '127.0.0.1', () => this.server.off('error', onError));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.seen += 1;
    // The fault at arrival decides, so a request is never half under one fault and half under another.
    const fault = this.currentFault;
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      req.socket.destroy();
      return;
    }
    switch (fault.kind) {
      // `refuse` here means the request slipped in on a connection accepted just before the fault: cut it too.
      case 'refuse':
      case 'reset':
        // RST rather than FIN, so the client sees ECONNRESET and not a clean end of stream.
        return void req.socket.resetAndDestroy();
      case 'hang':
        this.hung.add(req.socket);
        return;
      case 'delay':
        await this.sleep(fault.ms, req);
        if (req.socket.destroyed) return;
        return send(res, await this.answer(req, body));
      case 'http':
        return send(res, httpFaultAnswer(fault));
      case 'garbage':
        return send(res, fault.body === 'truncated' ? truncatedAnswer(await this.answer(req, body)) : garbageAnswer(fault.body));
      case 'rpc-error':
        return send(res, this.rpcError(fault, body));
      case 'wrong-id':
        return send(res, this.wrongId(await this.answer(req, body)));
      case 'none':
        return send(res, await this.answer(req, body));
    }
  }

  /** Waits `ms`, or less if the server stops or the client goes away; the timer is owned and cleared either way. */
  private sleep(ms: number, req: IncomingMessage): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        req.socket.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.timers.add(timer);
      req.socket.once('close', done);
    });
  }
}

function send(res: ServerResponse, answer: ProxyAnswer): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
  res.end(answer.body);
}

/** Reads a request or response body, refusing one larger than MAX_BODY_BYTES. */
export function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        stream.destroy();
        reject(new Error('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
    stream.once('aborted', () => reject(new Error('aborted')));
  });
}

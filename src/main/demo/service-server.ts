/**
 * A small HTTP API server on 127.0.0.1 with the proxies' fault injection: the base of the demo's indexer and price
 * API. Like a proxy it keeps its port for its whole life, across a `refuse` fault, so a configured base URL never
 * goes stale.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import type { Fault } from '../../shared/domain';
import { garbageAnswer, httpFaultAnswer, truncatedAnswer, type ProxyAnswer } from './faults';

/** Answers one GET; `rpcError` is the API's own error document for a `rpc-error` fault (its rate limit, say). */
export interface ServiceApi {
  answer(url: URL, headers: IncomingMessage['headers']): Promise<ProxyAnswer>;
  rpcError(fault: Extract<Fault, { kind: 'rpc-error' }>): ProxyAnswer;
}

/** A JSON answer with the given status. */
export function json(status: number, value: unknown): ProxyAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) };
}

export class ServiceServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Sockets whose request a `hang` fault swallowed; destroyed when the fault changes or the server stops. */
  private readonly hung = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private currentFault: Fault = { kind: 'none' };
  private port = 0;
  private seen = 0;
  private stopped = false;

  constructor(private readonly api: ServiceApi) {
    this.server = createServer({ keepAlive: true }, (req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.hung.delete(socket);
      });
    });
  }

  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('service has no TCP address');
    this.port = address.port;
  }

  /** http://127.0.0.1:<port>, without a trailing slash (clients append their own paths). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get fault(): Fault {
    return this.currentFault;
  }

  /** HTTP requests received since start. */
  get requests(): number {
    return this.seen;
  }

  setFault(fault: Fault): void {
    if (this.stopped) return;
    this.currentFault = fault;
    for (const socket of this.hung) socket.destroy();
    this.hung.clear();
    if (fault.kind === 'refuse') {
      if (this.server.listening) this.server.close();
      for (const socket of this.sockets) socket.destroy();
    } else if (!this.server.listening) {
      // The port was ours a moment ago; on the rare EADDRINUSE the service stays down, which a test would notice.
      this.server.once('error', () => undefined);
      this.server.listen(this.port, '127.0.0.1');
    }
  }

  /** Closes the listener and every socket. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = this.server.listening ? new Promise<void>((resolve) => this.server.close(() => resolve())) : Promise.resolve();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.seen += 1;
    const fault = this.currentFault;
    req.resume();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const real = (): Promise<ProxyAnswer> =>
      req.method === 'GET' || req.method === 'HEAD'
        ? this.api.answer(url, req.headers).catch(() => json(500, { error: 'internal error' }))
        : Promise.resolve({ status: 405, headers: { allow: 'GET' }, body: Buffer.from('GET only\n') });
    switch (fault.kind) {
      case 'refuse':
      case 'reset':
        return void req.socket.resetAndDestroy();
      case 'hang':
        this.hung.add(req.socket);
        return;
      case 'delay':
        await this.sleep(fault.ms, req);
        if (req.socket.destroyed) return;
        return send(res, await real());
      case 'http':
        return send(res, httpFaultAnswer(fault));
      case 'garbage':
        return send(res, fault.body === 'truncated' ? truncatedAnswer(await real()) : garbageAnswer(fault.body));
      case 'rpc-error':
        return send(res, this.api.rpcError(fault));
      case 'wrong-id':
      case 'none':
        return send(res, await real());
    }
  }

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

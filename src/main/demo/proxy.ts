/**
 * A fault-injecting JSON-RPC proxy: an HTTP server on 127.0.0.1 that forwards POST bodies to anvil and answers
 * with anvil's answer, or with the fault currently set. Its port stays the same for its whole life, even across a
 * `refuse` fault, so the URL in the chain config never goes stale.
 */
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import type { Fault, ProviderRole } from '../../shared/domain';
import { garbageAnswer, httpFaultAnswer, rpcErrorAnswer, truncatedAnswer, wrongIdAnswer, type ProxyAnswer } from './faults';

export interface FaultProxyOptions {
  name: string;
  role: ProviderRole;
  chainId: number;
  /** anvil's URL. */
  upstream: string;
}

/** A request body larger than any JSON-RPC call the app makes; protects the proxy, not a limit to rely on. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const RELISTEN_RETRY_MS = 100;
const RELISTEN_ATTEMPTS = 50;

export class FaultProxy {
  readonly name: string;
  readonly role: ProviderRole;
  readonly chainId: number;
  private readonly upstream: URL;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32 });
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Sockets whose request a `hang` fault swallowed; destroyed when the fault changes or the proxy stops. */
  private readonly hung = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private currentFault: Fault = { kind: 'none' };
  private port = 0;
  private seen = 0;
  private stopped = false;
  private relistenTimer: NodeJS.Timeout | undefined;

  constructor(options: FaultProxyOptions) {
    this.name = options.name;
    this.role = options.role;
    this.chainId = options.chainId;
    this.upstream = new URL(options.upstream);
    this.server = createServer({ keepAlive: true }, (req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.hung.delete(socket);
      });
    });
  }

  /** Binds a free port on 127.0.0.1; the port is kept from then on. */
  async start(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
    this.port = address.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get fault(): Fault {
    return this.currentFault;
  }

  /** HTTP requests received since start; a JSON-RPC batch is one request. */
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
      this.stopListening();
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
    this.agent.destroy();
    await closed;
  }

  /** Refused connections need no listener at all: close it (synchronously) and cut what is connected. */
  private stopListening(): void {
    clearTimeout(this.relistenTimer);
    if (this.server.listening) this.server.close();
    for (const socket of this.sockets) socket.destroy();
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
    if (req.method !== 'POST') return send(res, { status: 405, headers: { allow: 'POST' }, body: Buffer.from('POST only\n') });

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
        return send(res, await this.forward(body));
      case 'http':
        return send(res, httpFaultAnswer(fault));
      case 'garbage':
        return send(res, fault.body === 'truncated' ? truncatedAnswer(await this.forward(body)) : garbageAnswer(fault.body));
      case 'rpc-error':
        return send(res, rpcErrorAnswer(body, fault));
      case 'wrong-id':
        return send(res, wrongIdAnswer(await this.forward(body)));
      case 'none':
        return send(res, await this.forward(body));
    }
  }

  /** Waits `ms`, or less if the proxy stops or the client goes away; the timer is owned and cleared either way. */
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

  /** anvil's answer; an upstream failure becomes a 502 so the client sees a provider error, not a proxy crash. */
  private forward(body: Buffer): Promise<ProxyAnswer> {
    return new Promise((resolve) => {
      const upstream = httpRequest(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          path: this.upstream.pathname,
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (response) => {
          readBody(response).then(
            (answer) =>
              resolve({
                status: response.statusCode ?? 502,
                headers: { 'content-type': response.headers['content-type'] ?? 'application/json' },
                body: answer,
              }),
            () => resolve(badGateway()),
          );
        },
      );
      upstream.once('error', () => resolve(badGateway()));
      upstream.end(body);
    });
  }
}

function badGateway(): ProxyAnswer {
  return { status: 502, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('upstream unavailable\n') };
}

function send(res: ServerResponse, answer: ProxyAnswer): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
  res.end(answer.body);
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        stream.destroy();
        reject(new Error('request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
    stream.once('aborted', () => reject(new Error('aborted')));
  });
}

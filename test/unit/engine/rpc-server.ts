/**
 * A real JSON-RPC server on 127.0.0.1 (port 0) whose behaviour each test sets: answers, JSON-RPC errors, HTTP
 * statuses, garbage, hangs and resets. It counts requests and reports when a request's socket closes, so tests can
 * check that a timeout or abort really reached the wire.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RpcCall {
  id: unknown;
  method: string;
  params: unknown[];
}

export type Behaviour = (call: RpcCall, res: ServerResponse, req: IncomingMessage) => void;

export interface RpcServer {
  url: string;
  /** Requests received so far. */
  requests: number;
  calls: RpcCall[];
  behave(behaviour: Behaviour): void;
  /** Resolves when the socket of the next (or current) request closes. */
  nextSocketClose(): Promise<void>;
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Behaviours by name, as the fault table uses them. */
export const behaviours = {
  result: (result: unknown): Behaviour => (call, res) => json(res, 200, { jsonrpc: '2.0', id: call.id, result }),
  rpcError:
    (code: number, message: string, data?: unknown): Behaviour =>
    (call, res) =>
      json(res, 200, {
        jsonrpc: '2.0',
        id: call.id,
        error: { code, message, ...(data === undefined ? {} : { data }) },
      }),
  status:
    (status: number, body = ''): Behaviour =>
    (_call, res) =>
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body),
  raw:
    (body: string, contentType = 'text/plain'): Behaviour =>
    (_call, res) =>
      res.writeHead(200, { 'content-type': contentType }).end(body),
  wrongId: (): Behaviour => (call, res) =>
    json(res, 200, { jsonrpc: '2.0', id: Number(call.id) + 1000, result: '0x1' }),
  noId: (): Behaviour => (_call, res) => json(res, 200, { jsonrpc: '2.0', result: '0x1' }),
  reset: (): Behaviour => (_call, _res, req) => req.socket.resetAndDestroy(),
  hang: (): Behaviour => () => undefined,
  delay:
    (ms: number, inner: Behaviour): Behaviour =>
    (call, res, req) => {
      const timer = setTimeout(() => inner(call, res, req), ms);
      req.socket.once('close', () => clearTimeout(timer));
    },
};

export async function startRpcServer(initial: Behaviour = behaviours.result('0x1')): Promise<RpcServer> {
  let behaviour = initial;
  const sockets = new Set<Socket>();
  let closeWaiters: Array<() => void> = [];
  const state = { requests: 0, calls: [] as RpcCall[] };
  const server: Server = createServer((req, res) => {
    const waiters = closeWaiters;
    closeWaiters = [];
    for (const resolve of waiters) req.socket.once('close', resolve);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      state.requests++;
      const call = JSON.parse(body) as RpcCall;
      state.calls.push(call);
      behaviour(call, res, req);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    get requests() {
      return state.requests;
    },
    get calls() {
      return state.calls;
    },
    behave(next) {
      behaviour = next;
    },
    nextSocketClose() {
      return new Promise<void>((resolve) => closeWaiters.push(resolve));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on which nothing listens: connections to it are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

/**
 * The headless server over real sockets: static files, and the WebSocket bridge's guards (token, origin, host),
 * and its robustness: nothing one client sends (a malformed path, an oversize or invalid frame, too many
 * connections) may end the process or cost the other clients their answers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SteadfastApp } from '../../../src/main/app-types';
import { MAX_BRIDGE_CONNECTIONS, startHeadlessServer, type HeadlessServer } from '../../../src/main/headless/server';
import { EventBus } from '../../../src/main/ipc/events';
import { createRouter, type Handlers } from '../../../src/main/ipc/router';
import type { PortfolioSnapshot } from '../../../src/shared/domain';
import { silentLogger } from '../../../src/main/log';
import { parse } from '../../../src/shared/wire';

const TOKEN = 'test-token-0123456789abcdef';
const snapshot: PortfolioSnapshot = {
  status: 'ready',
  totalUsd: 2n ** 200n,
  addresses: [],
  asOf: [],
  updatedAt: 5,
  refreshing: false,
  error: null,
};

function fakeApp(events: EventBus): SteadfastApp {
  const handlers = { 'portfolio.get': () => snapshot } as unknown as Handlers;
  return {
    router: createRouter(handlers),
    events,
    info: () => ({ version: '0', mode: 'headless', demo: false, chains: [] }),
    dispose: async () => {},
  };
}

function httpGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket and reports either 'open' or the HTTP status the upgrade was refused with. */
function connect(url: string, headers: Record<string, string>) {
  return new Promise<{ socket: WebSocket | null; refusedWith: number | null }>((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve({ socket, refusedWith: null }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ socket: null, refusedWith: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', () => resolve({ socket: null, refusedWith: -1 }));
  });
}

/** Sends raw bytes and resolves with the status line of the answer (or '' when the connection just closes). */
function rawRequest(port: number, bytes: string) {
  return new Promise<string>((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

/** Resolves with the close code once the socket is closed. */
function closed(socket: WebSocket) {
  return new Promise<number>((resolve) => {
    if (socket.readyState === socket.CLOSED) resolve(-1);
    else socket.once('close', (code) => resolve(code));
  });
}

/** One invoke of portfolio.get over `socket`, resolved with the result message. */
function invokeOnce(socket: WebSocket, id: number) {
  return new Promise<unknown>((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = parse(data.toString()) as { type: string; id?: number };
      if (message.type === 'result' && message.id === id) {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type: 'invoke', id, channel: 'portfolio.get', input: {} }));
  });
}

describe('headless server', () => {
  let dir: string;
  let server: HeadlessServer;
  let events: EventBus;
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'steadfast-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Steadfast</title>');
    events = new EventBus();
    server = await startHeadlessServer({
      app: fakeApp(events),
      rendererDir: dir,
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      log: silentLogger,
    });
  });

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    expect(events.listenerCount).toBe(0);
  });

  const origin = () => `http://127.0.0.1:${server.port}`;
  const bridgeUrl = (token = TOKEN) => `ws://127.0.0.1:${server.port}/bridge?token=${token}`;

  it('prints a loopback URL that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
  });

  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const page = await httpGet(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Steadfast</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await httpGet(server.port, '/../../etc/passwd')).status).not.toBe(200);
    expect((await httpGet(server.port, '/..%2f..%2fetc%2fpasswd')).status).toBe(403);
    expect((await httpGet(server.port, '/missing.js')).status).toBe(404);
  });

  it('refuses a bridge connection without the right token, origin or host', async () => {
    expect((await connect(bridgeUrl('wrong-token-0123456789abcd'), { origin: origin() })).refusedWith).toBe(401);
    expect((await connect(bridgeUrl(''), { origin: origin() })).refusedWith).toBe(401);
    expect((await connect(bridgeUrl(), { origin: 'http://evil.example' })).refusedWith).toBe(403);
    expect((await connect(bridgeUrl(), {})).refusedWith).toBe(403);
    expect((await connect(bridgeUrl(), { origin: origin(), host: `evil.example:${server.port}` })).refusedWith).toBe(403);
  });

  it('answers invokes and pushes events over an authenticated connection', async () => {
    const { socket } = await connect(bridgeUrl(), { origin: origin() });
    expect(socket).not.toBeNull();
    sockets.push(socket!);
    const messages: unknown[] = [];
    const arrived = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (messages.length >= n ? resolve() : setTimeout(check, 5));
        check();
      });
    socket!.on('message', (data) => messages.push(parse(data.toString())));
    socket!.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'portfolio.get', input: {} }));
    socket!.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'nope', input: {} }));
    socket!.send(JSON.stringify({ type: 'bogus', id: 9 }));
    socket!.send('not json at all');
    await arrived(3);
    events.emit('portfolio.updated', snapshot);
    await arrived(4);
    const byId = (id: number) => messages.find((m) => (m as { id?: number }).id === id);
    expect(byId(7)).toEqual({ type: 'result', id: 7, envelope: { ok: true, value: snapshot } });
    expect(byId(8)).toMatchObject({ envelope: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } } });
    expect(byId(9)).toMatchObject({ envelope: { ok: false, error: { code: 'INVALID_INPUT' } } });
    expect(messages.at(-1)).toEqual({ type: 'event', event: 'portfolio.updated', payload: snapshot });
  });

  it('answers 400 to a malformed path and keeps serving', async () => {
    // `%ff` is not UTF-8: decodeURIComponent throws URIError, which used to reject unhandled and end the process.
    expect((await httpGet(server.port, '/%ff')).status).toBe(400);
    expect((await httpGet(server.port, '/%zz')).status).toBe(400);
    expect((await httpGet(server.port, '/a%00b')).status).toBe(400);
    expect((await httpGet(server.port, '/')).status).toBe(200);
  });

  it('answers 400 to a request target that is not a URL, for pages and for the bridge', async () => {
    // Node's parser lets `http://[` through as an absolute-form target; `new URL` throws on it.
    expect(await rawRequest(server.port, 'GET http://[ HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(
      await rawRequest(
        server.port,
        'GET http://[ HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n',
      ),
    ).toMatch(/^HTTP\/1\.1 400/);
    expect((await httpGet(server.port, '/')).status).toBe(200);
  });

  it('drops only the socket that sends an oversize or invalid UTF-8 frame', async () => {
    const bystander = (await connect(bridgeUrl(), { origin: origin() })).socket!;
    sockets.push(bystander);
    expect(await invokeOnce(bystander, 1)).toMatchObject({ envelope: { ok: true } });

    const oversize = (await connect(bridgeUrl(), { origin: origin() })).socket!;
    sockets.push(oversize);
    oversize.on('error', () => {});
    const oversizeClosed = closed(oversize);
    oversize.send('x'.repeat(1024 * 1024 + 1));
    expect([1006, 1009]).toContain(await oversizeClosed);
    expect(await invokeOnce(bystander, 2)).toMatchObject({ envelope: { ok: true } });

    const invalid = (await connect(bridgeUrl(), { origin: origin() })).socket!;
    sockets.push(invalid);
    invalid.on('error', () => {});
    const invalidClosed = closed(invalid);
    invalid.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect([1006, 1007]).toContain(await invalidClosed);
    expect(await invokeOnce(bystander, 3)).toMatchObject({ envelope: { ok: true } });
  });

  it(`refuses the bridge connection beyond ${MAX_BRIDGE_CONNECTIONS} with 503, and accepts again once one closes`, async () => {
    const open: WebSocket[] = [];
    for (let i = 0; i < MAX_BRIDGE_CONNECTIONS; i++) {
      const { socket } = await connect(bridgeUrl(), { origin: origin() });
      expect(socket, `connection ${i + 1}`).not.toBeNull();
      open.push(socket!);
      sockets.push(socket!);
    }
    expect((await connect(bridgeUrl(), { origin: origin() })).refusedWith).toBe(503);
    // The ones already open keep working.
    expect(await invokeOnce(open[0]!, 1)).toMatchObject({ envelope: { ok: true } });

    const leaving = open.pop()!;
    const gone = closed(leaving);
    leaving.close();
    await gone;
    // The server counts the raw socket's close, which can trail the client's by a moment.
    let again: WebSocket | null = null;
    for (let attempt = 0; attempt < 50 && again === null; attempt++) {
      again = (await connect(bridgeUrl(), { origin: origin() })).socket;
      if (again === null) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(again).not.toBeNull();
    sockets.push(again!);
  });
});

describe('headless server bound to another address', () => {
  it('accepts pages of the address it is bound to (--host 127.0.0.2), and still refuses other names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steadfast-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Steadfast</title>');
    const events = new EventBus();
    const server = await startHeadlessServer({ app: fakeApp(events), rendererDir: dir, host: '127.0.0.2', port: 0, token: TOKEN, log: silentLogger });
    try {
      expect(server.url).toBe(`http://127.0.0.2:${server.port}/?token=${TOKEN}`);
      const url = `ws://127.0.0.2:${server.port}/bridge?token=${TOKEN}`;
      const { socket } = await connect(url, { origin: `http://127.0.0.2:${server.port}` });
      expect(socket).not.toBeNull();
      socket!.terminate();
      expect((await connect(url, { origin: `http://127.0.0.2:${server.port}`, host: `evil.example:${server.port}` })).refusedWith).toBe(403);
      expect((await connect(url, { origin: `http://127.0.0.3:${server.port}` })).refusedWith).toBe(403);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

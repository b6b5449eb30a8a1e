/**
 * The headless server over real sockets: static files, and the WebSocket bridge's guards (token, origin, host).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SteadfastApp } from '../../../src/main/app-types';
import { startHeadlessServer, type HeadlessServer } from '../../../src/main/headless/server';
import { EventBus } from '../../../src/main/ipc/events';
import { createRouter, type Handlers } from '../../../src/main/ipc/router';
import type { PortfolioSnapshot } from '../../../src/shared/domain';
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

describe('headless server', () => {
  let dir: string;
  let server: HeadlessServer;
  let events: EventBus;
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'steadfast-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Steadfast</title>');
    events = new EventBus();
    server = await startHeadlessServer({ app: fakeApp(events), rendererDir: dir, host: '127.0.0.1', port: 0, token: TOKEN });
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
});

/**
 * The headless HTTP server: the built renderer as static files, the WebSocket bridge at /bridge, and Prometheus
 * metrics at /metrics (token-guarded, see `serveMetrics`).
 *
 * Bound to 127.0.0.1 unless told otherwise. The bridge needs the random token (printed as part of the URL) and a
 * same-origin Origin header, and the Host header must name this server, which closes DNS-rebinding and
 * cross-site WebSocket hijacking: a web page the user visits can neither read the portfolio nor inject faults.
 */
import { timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { WebSocketServer } from 'ws';
import { WS_PATH } from '../../shared/ws-protocol';
import type { SteadfastApp } from '../app-types';
import { attachWebSocketBridge } from '../ipc/ws-adapter';
import { createLogger, type Logger } from '../log';

export interface HeadlessServerOptions {
  app: SteadfastApp;
  rendererDir: string;
  host: string;
  port: number;
  token: string;
  /** Open bridge connections (handshakes under way included) beyond which an upgrade is refused with 503. */
  maxConnections?: number;
  log?: Logger;
}

/** Default cap on bridge connections: a renderer uses one per tab; 64 tabs is far beyond honest use. */
export const MAX_BRIDGE_CONNECTIONS = 64;

export interface HeadlessServer {
  /** The URL to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const { app, rendererDir, host, token } = options;
  const log = options.log ?? createLogger('headless-server');
  const maxConnections = options.maxConnections ?? MAX_BRIDGE_CONNECTIONS;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const detach = attachWebSocketBridge(wss, app.router, app.events, log);
  const server: Server = createServer((req, res) => {
    // Every path below is caught here: a request must never reject into the process (an unhandled rejection or an
    // exception thrown from this listener would end it for every other client).
    const handled = requestPath(req) === METRICS_PATH ? serveMetrics(app, token, req, res) : serveStatic(rendererDir, req, res);
    handled.catch((error: unknown) => {
      log.error('request failed', { error });
      failRequest(res);
    });
  });
  // Sockets left open by browsers would keep close() waiting forever.
  server.keepAliveTimeout = 5_000;

  // Counted from the accepted upgrade (before the handshake completes) to the raw socket's close, so clients that
  // never finish the handshake count too.
  let bridgeSockets = 0;
  server.on('upgrade', (req, socket, head) => {
    // Node removes its own 'error' listener from an upgraded socket; without one, a peer resetting the connection
    // while we answer a refusal would be an uncaught exception. ws adds its own once it takes the socket over.
    socket.on('error', () => socket.destroy());
    const url = safeUrl(req.url);
    const refusal =
      url === null
        ? '400 Bad Request'
        : url.pathname !== WS_PATH
          ? '404 Not Found'
          : !sameHost(req, host, port()) || !sameOrigin(req, host, port())
            ? '403 Forbidden'
            : !tokenMatches(url.searchParams.get('token'), token)
              ? '401 Unauthorized'
              : bridgeSockets >= maxConnections
                ? '503 Service Unavailable'
                : null;
    if (refusal) {
      if (refusal.startsWith('503')) log.warn('bridge connection refused: too many open', { open: bridgeSockets });
      socket.end(`HTTP/1.1 ${refusal}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    bridgeSockets += 1;
    socket.once('close', () => (bridgeSockets -= 1));
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = () => (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port()}/?token=${encodeURIComponent(token)}`,
    port: port(),
    async close() {
      detach();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Prometheus' conventional scrape path. */
export const METRICS_PATH = '/metrics';

/**
 * The token a /metrics request carries: `?token=` (for a quick look in a browser) or `Authorization: Bearer <token>`
 * (Prometheus' `authorization` / `bearer_token_file` scrape settings). Either one, compared in constant time.
 */
export function metricsToken(req: IncomingMessage): string | null {
  const fromQuery = safeUrl(req.url)?.searchParams.get('token') ?? null;
  if (fromQuery !== null) return fromQuery;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/**
 * /metrics: the app's registry as Prometheus text. Guarded by the same token as the bridge; no Host or Origin check,
 * because a scraper on another machine names the server however it reaches it, and without the token nothing is
 * served (a DNS-rebinding page cannot learn the token, and no CORS header lets a page read the answer).
 */
async function serveMetrics(app: SteadfastApp, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  if (!tokenMatches(metricsToken(req), token)) {
    res.writeHead(401, { 'www-authenticate': 'Bearer realm="steadfast"', 'content-type': 'text/plain; charset=utf-8' }).end('unauthorized');
    return;
  }
  if (app.metrics === undefined) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('no metrics');
    return;
  }
  try {
    const body = await app.metrics.text();
    res.writeHead(200, { 'content-type': app.metrics.contentType, 'cache-control': 'no-store', ...SECURITY_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed');
  }
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The `host:port` a page of this server may be loaded from: the loopback names, the address it is bound to, and for
 * a wildcard bind (0.0.0.0, ::) this machine's own interface addresses. Any other name is refused, whatever it
 * resolves to (DNS rebinding: a hostile name re-pointed at this address).
 */
function allowedHosts(bound: string, port: number): Set<string> {
  const wildcard = bound === '0.0.0.0' || bound === '::';
  const addresses = wildcard
    ? Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address))
    : [bound];
  const names = ['127.0.0.1', 'localhost', '::1', ...addresses];
  return new Set(names.map((name) => `${name.includes(':') ? `[${name}]` : name}:${port}`));
}

function sameHost(req: IncomingMessage, bound: string, port: number): boolean {
  return allowedHosts(bound, port).has(req.headers.host ?? '');
}

function sameOrigin(req: IncomingMessage, bound: string, port: number): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    const parsed = new URL(origin);
    return parsed.protocol === 'http:' && allowedHosts(bound, port).has(parsed.host);
  } catch {
    return false;
  }
}

/**
 * The request target parsed against a placeholder base, or null when it is not a URL at all: Node's parser lets an
 * absolute-form target such as `http://[` through, on which `new URL` throws.
 */
function safeUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://placeholder');
  } catch {
    return null;
  }
}

function requestPath(req: IncomingMessage): string | null {
  return safeUrl(req.url)?.pathname ?? null;
}

/** 500 without details, or cut the connection when the headers (and maybe part of a body) are already out. */
function failRequest(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('internal error');
}

function badRequest(res: ServerResponse): void {
  res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('bad request');
}

/** Static files; never rejects (anything unexpected is a 500 without details). */
async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await serveStaticFile(root, req, res);
  } catch {
    failRequest(res);
  }
}

async function serveStaticFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const rawPath = requestPath(req);
  if (rawPath === null) {
    badRequest(res);
    return;
  }
  let pathname: string;
  try {
    // Throws URIError on malformed escapes such as `%ff` (not UTF-8) or `%zz`.
    pathname = decodeURIComponent(rawPath);
  } catch {
    badRequest(res);
    return;
  }
  // A NUL byte is never part of a file name, and fs would throw on it.
  if (pathname.includes('\0')) {
    badRequest(res);
    return;
  }
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  const file = normalize(join(root, relative));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    res.writeHead(403).end();
    return;
  }
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('not found');
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    // Hashed asset names may be cached; the page itself must not be, or an old build could linger.
    'cache-control': relative === 'index.html' ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // pipeline, not pipe: a read error (file removed or unreadable after stat) must not be an unhandled 'error'
  // event; it destroys the response, which is all that can be done once the headers are out.
  pipeline(createReadStream(file), res, () => {});
}

/**
 * One provider's HTTP connection: a keep-alive undici Pool and the JSON-RPC envelope around each request.
 *
 * It only moves bytes. It does not classify (classify.ts does) and does not time out on its own: the caller's
 * AbortSignal is handed to undici, so an abort (timeout or caller) destroys the request and its socket for real
 * instead of leaving it to finish in the background.
 */
import { buildConnector, Pool } from 'undici';
import type { RawResponse } from './classify';

/**
 * A response larger than this is a broken or hostile provider, not an answer: undici aborts it (a fault) instead of
 * buffering it into memory. Large eth_getLogs answers are split by range well below it.
 */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Idle sockets stay open this long, so that the next refresh skips the TCP and TLS handshakes. */
const KEEP_ALIVE_MS = 30_000;

export interface Exchange extends RawResponse {
  /** The JSON-RPC id this exchange was sent with. */
  id: number;
  /** Milliseconds from handing the request to the pool until the response headers arrived. */
  firstByteMs?: number;
  /** ...until the whole body was read. */
  completeMs?: number;
}

/** One batch exchange: the ids its elements were sent with, in call order. */
export interface BatchExchange extends Omit<Exchange, 'id'> {
  ids: number[];
}

const envelope = (id: number, method: string, paramsJson: string): string =>
  `{"jsonrpc":"2.0","id":${id},"method":${JSON.stringify(method)},"params":${paramsJson}}`;

/** Told about every real connect of the pool (not reused sockets): how long it took and whether it worked. */
export type ConnectHook = (ms: number, ok: boolean) => void;

/** The HTTP side of one provider. Owns its pool; `close()` releases every socket. */
export class RpcConnection {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly headers: Record<string, string>;
  /** Per provider and increasing, so a response meant for another request (a confused proxy) is caught. */
  private nextId = 1;

  /**
   * Throws on a URL that is not http(s); the message never contains the URL.
   *
   * `connections` must cover every request the bulkhead lanes may have in flight at once (their concurrencies
   * summed): with fewer sockets, requests would queue inside undici's pool in arrival order, and background work
   * holding the sockets would delay critical work, undoing the lanes. Pipelining stays at 1 for the same reason.
   */
  constructor(url: string, connectTimeoutMs: number, connections: number, onConnect?: ConnectHook) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new TypeError(`unsupported provider protocol ${parsed.protocol} (http and https only)`);
    }
    this.path = `${parsed.pathname}${parsed.search}`;
    this.headers = { 'content-type': 'application/json', accept: 'application/json' };
    // undici does not turn userinfo into Basic auth (fetch forbids credentials in URLs); some self-hosted nodes
    // use it, so do it here.
    if (parsed.username !== '' || parsed.password !== '') {
      const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
      this.headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    this.pool = new Pool(parsed.origin, {
      connections,
      pipelining: 1,
      maxResponseSize: MAX_RESPONSE_BYTES,
      keepAliveTimeout: KEEP_ALIVE_MS,
      connect: onConnect === undefined ? { timeout: connectTimeoutMs } : timedConnector(connectTimeoutMs, onConnect),
    });
  }

  /**
   * POST one request and read the whole body. `paramsJson` is already serialised (once per request, not once per
   * provider, and before any provider is tried so that unserialisable params are the caller's error).
   */
  async send(method: string, paramsJson: string, signal: AbortSignal): Promise<Exchange> {
    const id = this.nextId++;
    return { id, ...(await this.post(envelope(id, method, paramsJson), signal)) };
  }

  /**
   * POST one JSON-RPC batch: a JSON array of requests, each with its own id (returned in call order, so the caller
   * can match the answers, which a server may send in any order). One HTTP request on one pooled socket.
   */
  async sendBatch(calls: ReadonlyArray<{ method: string; paramsJson: string }>, signal: AbortSignal): Promise<BatchExchange> {
    const ids = calls.map(() => this.nextId++);
    const body = `[${calls.map((c, i) => envelope(ids[i] as number, c.method, c.paramsJson)).join(',')}]`;
    return { ids, ...(await this.post(body, signal)) };
  }

  private async post(body: string, signal: AbortSignal): Promise<Omit<Exchange, 'id'>> {
    const sent = performance.now();
    const response = await this.pool.request({ path: this.path, method: 'POST', headers: this.headers, body, signal });
    const firstByteMs = performance.now() - sent;
    // Always drain the body, also on errors: an unread body pins the socket and breaks keep-alive.
    const text = await response.body.text();
    const completeMs = performance.now() - sent;
    const retryAfter = response.headers['retry-after'];
    return {
      status: response.statusCode,
      body: text,
      ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
      firstByteMs,
      completeMs,
    };
  }

  /** Drop every socket at once, in-flight requests included: after dispose nobody waits for their answers. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/**
 * undici's own connector (the one `connect: { timeout }` builds), timed: a connect hook measures exactly the pool's
 * real connects, per provider, where the global diagnostics channels would have to be matched back to a provider
 * by host and port (ambiguous when two providers share an origin).
 */
function timedConnector(timeoutMs: number, onConnect: ConnectHook): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs });
  return (options, callback) => {
    const started = performance.now();
    connect(options, (error, socket) => {
      try {
        onConnect(performance.now() - started, error === null);
      } catch {
        // A hook's bug must not break the connection.
      }
      if (error === null) callback(null, socket);
      else callback(error, null);
    });
  };
}

/**
 * Raw HTTP for demo tests: one fresh connection per request (no pooling), so each fault is seen at the socket level
 * exactly as a provider client would meet it, and a failure surfaces as its errno code.
 */
import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Milliseconds from sending to the end of the body. */
  elapsedMs: number;
}

/** Rejects with an Error whose `code` is the socket's errno code, or `TIMEOUT` when nothing came within `timeoutMs`. */
export function post(url: string, payload: unknown, timeoutMs = 5_000): Promise<RawAnswer> {
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': body.length },
    });
    const timer = setTimeout(() => {
      req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' }));
    }, timeoutMs);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      res.once('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), elapsedMs: performance.now() - started });
      });
    });
    // `on`, not `once`: a destroyed request can emit a second error (e.g. "socket hang up" after our TIMEOUT).
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

/** The errno-style code a rejected `post` carried. */
export async function failureCode(pending: Promise<unknown>): Promise<string> {
  try {
    await pending;
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
  throw new Error('expected the request to fail');
}

/** A JSON-RPC request body. */
export function rpc(method: string, id: number | string = 1, params: unknown[] = []): Record<string, unknown> {
  return { jsonrpc: '2.0', id, method, params };
}

/** GET for the demo's HTTP services (indexer, price API): one fresh connection per request, JSON parsed. */
import { request } from 'node:http';

/** Rejects with an Error whose `code` is the socket's errno code, or `TIMEOUT` when nothing came within `timeoutMs`. */
export function getJson(url: string, headers: Record<string, string> = {}, timeoutMs = 5_000): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, headers });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' })), timeoutMs);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON (a fault's text body): keep the text.
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.once('error', reject);
    });
    req.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

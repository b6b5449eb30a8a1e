/**
 * A small HTTP API server on 127.0.0.1 with the proxies' fault injection (fault-server.ts): the base of the demo's
 * indexer and price API.
 */
import type { IncomingMessage } from 'node:http';
import type { Fault } from '../../shared/domain';
import { FaultServer } from './fault-server';
import type { ProxyAnswer } from './faults';

/** Answers one GET; `rpcError` is the API's own error document for a `rpc-error` fault (its rate limit, say). */
export interface ServiceApi {
  answer(url: URL, headers: IncomingMessage['headers']): Promise<ProxyAnswer>;
  rpcError(fault: Extract<Fault, { kind: 'rpc-error' }>): ProxyAnswer;
}

/** A JSON answer with the given status. */
export function json(status: number, value: unknown): ProxyAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(value)) };
}

/** The server of one demo API (indexer or price API), with the proxies' fault injection. */
export class ServiceServer extends FaultServer {
  constructor(private readonly api: ServiceApi) {
    super();
  }

  protected override answer(req: IncomingMessage): Promise<ProxyAnswer> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return Promise.resolve({ status: 405, headers: { allow: 'GET' }, body: Buffer.from('GET only\n') });
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    return this.api.answer(url, req.headers).catch(() => json(500, { error: 'internal error' }));
  }

  protected override rpcError(fault: Extract<Fault, { kind: 'rpc-error' }>): ProxyAnswer {
    return this.api.rpcError(fault);
  }
}

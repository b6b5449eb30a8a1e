/**
 * How each injected fault answers, as plain functions of the request and (where the fault needs one) the upstream
 * answer. The bodies are exported so tests can assert them byte for byte.
 */
import { STATUS_CODES } from 'node:http';
import type { Fault } from '../../shared/domain';

/** An answer the proxy writes as is. */
export interface ProxyAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Bodies of `garbage` faults that do not depend on the request: what misconfigured gateways and CDNs send. */
export const GARBAGE_BODIES = {
  html:
    '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>' +
    '<body><h1>502 Bad Gateway</h1><p>The upstream node did not answer. Please try again later.</p></body></html>\n',
  text: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure\n',
  empty: '',
} as const;

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The id a `wrong-id` fault puts in place of `id`: never equal to it, and of a type a client would accept. */
export function wrongId(id: unknown): unknown {
  if (typeof id === 'number') return id + 1_000_000;
  if (typeof id === 'string') return `${id}-wrong`;
  return 999_999;
}

/** The answer of an `http` fault: the status, its reason as a short text body, and Retry-After when given. */
export function httpFaultAnswer(fault: Extract<Fault, { kind: 'http' }>): ProxyAnswer {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  return { status: fault.status, headers, body: Buffer.from(`${fault.status} ${STATUS_CODES[fault.status] ?? 'Error'}\n`) };
}

/** The answer of a `garbage` fault whose body does not need the upstream answer (all but `truncated`). */
export function garbageAnswer(body: 'html' | 'text' | 'empty'): ProxyAnswer {
  const type = body === 'html' ? 'text/html; charset=utf-8' : body === 'text' ? 'text/plain; charset=utf-8' : 'application/json';
  return { status: 200, headers: { 'content-type': type }, body: Buffer.from(GARBAGE_BODIES[body]) };
}

/** The first half of the upstream answer, declared as JSON: a connection cut mid-body by a faulty middlebox. */
export function truncatedAnswer(upstream: ProxyAnswer): ProxyAnswer {
  return { status: 200, headers: JSON_HEADERS, body: upstream.body.subarray(0, Math.floor(upstream.body.length / 2)) };
}

/** A JSON-RPC error for the request's id, or one per element of a batch, as a node that refuses the call sends. */
export function rpcErrorAnswer(request: Buffer, fault: Extract<Fault, { kind: 'rpc-error' }>): ProxyAnswer {
  const error = { code: fault.code, message: fault.message };
  const parsed = parseJson(request);
  const idOf = (item: unknown): unknown =>
    item !== null && typeof item === 'object' && 'id' in item ? (item as { id: unknown }).id : null;
  const answer = Array.isArray(parsed)
    ? parsed.map((item) => ({ jsonrpc: '2.0', id: idOf(item), error }))
    : { jsonrpc: '2.0', id: idOf(parsed), error };
  return { status: 200, headers: JSON_HEADERS, body: Buffer.from(JSON.stringify(answer)) };
}

/** The upstream answer with every id replaced by `wrongId(id)`; a body that is not JSON passes unchanged. */
export function wrongIdAnswer(upstream: ProxyAnswer): ProxyAnswer {
  const parsed = parseJson(upstream.body);
  if (parsed === undefined) return upstream;
  const rewrite = (item: unknown): unknown =>
    item !== null && typeof item === 'object' && 'id' in item ? { ...item, id: wrongId((item as { id: unknown }).id) } : item;
  const answer = Array.isArray(parsed) ? parsed.map(rewrite) : rewrite(parsed);
  return { ...upstream, body: Buffer.from(JSON.stringify(answer)) };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

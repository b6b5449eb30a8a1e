/**
 * The engine as a JSON-RPC 2.0 endpoint: a request object or a batch array in, the answer (or answers) out. Each
 * answer carries its caller's id exactly as sent, whatever happened below (dedupe may have merged the upstream
 * calls; the upstream ids are the connection's own). Never throws: every failure becomes a JSON-RPC error object.
 */
import { SteadfastError, toErrorData } from '../../shared/errors';
import type { EngineResponse } from './types';

export type JsonRpcId = string | number | null;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export type JsonRpcAnswer =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: JsonRpcErrorObject };

/** What the facade sends each valid request through: `ChainEngine.request` with the caller's options bound. */
export type Send = (method: string, params: readonly unknown[]) => Promise<EngineResponse>;

/** JSON-RPC 2.0 §5.1 and EIP-1474 codes. */
export const RPC_CODES = {
  invalidRequest: -32600,
  invalidParams: -32602,
  internal: -32603,
  /** EIP-1474 "limit exceeded": what wallets and viem already treat as "slow down and retry". */
  limitExceeded: -32005,
} as const;

type Parsed =
  | { kind: 'call'; id: JsonRpcId; method: string; params: readonly unknown[] }
  | { kind: 'notification'; method: string; params: readonly unknown[] }
  | { kind: 'invalid'; id: JsonRpcId; code: number; message: string };

/**
 * Answer `payload`. A single request gets one answer, a batch an array of answers (elements run concurrently),
 * a notification or a batch of only notifications gets `undefined` (JSON-RPC 2.0: no response at all).
 */
export async function handleJsonRpc(payload: unknown, send: Send): Promise<JsonRpcAnswer | JsonRpcAnswer[] | undefined> {
  try {
    if (!Array.isArray(payload)) return await answer(parse(payload), send);
    if (payload.length === 0) return failure(null, RPC_CODES.invalidRequest, 'invalid request: empty batch');
    const answers = await Promise.all(payload.map((item) => answer(parse(item), send)));
    const sent = answers.filter((a): a is JsonRpcAnswer => a !== undefined);
    return sent.length === 0 ? undefined : sent;
  } catch (error) {
    // Unreachable by design (answer() catches); kept so that a bug here still yields an answer, not a throw.
    return failure(null, RPC_CODES.internal, 'internal error', toErrorData(error));
  }
}

async function answer(parsed: Parsed, send: Send): Promise<JsonRpcAnswer | undefined> {
  if (parsed.kind === 'invalid') return failure(parsed.id, parsed.code, parsed.message);
  let outcome: JsonRpcAnswer;
  try {
    const response = await send(parsed.method, parsed.params);
    outcome = { jsonrpc: '2.0', id: parsed.kind === 'call' ? parsed.id : null, result: response.result };
  } catch (error) {
    const { code, message, data } = toJsonRpcError(error);
    outcome = failure(parsed.kind === 'call' ? parsed.id : null, code, message, data);
  }
  return parsed.kind === 'call' ? outcome : undefined;
}

function failure(id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcAnswer {
  return { jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) } };
}

function isId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** Shape check (JSON-RPC 2.0 §4). A request whose id itself is invalid is answered with id null. */
function parse(item: unknown): Parsed {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return { kind: 'invalid', id: null, code: RPC_CODES.invalidRequest, message: 'invalid request: not an object' };
  }
  const r = item as Record<string, unknown>;
  const hasId = 'id' in r;
  const id = hasId && isId(r.id) ? r.id : null;
  const invalid = (message: string, code: number = RPC_CODES.invalidRequest): Parsed => ({
    kind: 'invalid',
    id,
    code,
    message,
  });
  if (hasId && !isId(r.id)) return invalid('invalid request: id must be a string, a number or null');
  if (r.jsonrpc !== '2.0') return invalid('invalid request: jsonrpc must be "2.0"');
  if (typeof r.method !== 'string' || r.method === '') return invalid('invalid request: method must be a non-empty string');
  let params: readonly unknown[];
  if (r.params === undefined) params = [];
  else if (Array.isArray(r.params)) params = r.params;
  // By-name params are valid JSON-RPC, but no eth_* method takes them: the caller's mistake, said precisely.
  else if (r.params !== null && typeof r.params === 'object') {
    return invalid('invalid params: Ethereum methods take positional params (an array)', RPC_CODES.invalidParams);
  } else return invalid('invalid request: params must be an array or an object');
  return hasId ? { kind: 'call', id, method: r.method, params } : { kind: 'notification', method: r.method, params };
}

/**
 * SteadfastError → JSON-RPC error. A deterministic answer keeps the provider's own code, message and data (a revert
 * must stay decodable by the caller's library); our own failures carry the SteadfastError as `data`, so a client
 * can read `code`, `retryable` and `details` without parsing the message.
 */
export function toJsonRpcError(error: unknown): JsonRpcErrorObject {
  if (error instanceof SteadfastError && error.code === 'RPC_ERROR') {
    const rpcCode = error.details?.rpcCode;
    if (typeof rpcCode === 'number') {
      const data = error.details?.data;
      return { code: rpcCode, message: error.message, ...(data === undefined ? {} : { data }) };
    }
  }
  const data = toErrorData(error);
  switch (data.code) {
    case 'BUSY':
    case 'RATE_LIMITED':
      return { code: RPC_CODES.limitExceeded, message: data.message, data };
    case 'INVALID_INPUT':
      return { code: RPC_CODES.invalidParams, message: data.message, data };
    default:
      // TIMEOUT, ALL_PROVIDERS_FAILED, NO_HEALTHY_PROVIDER, PROVIDER_ERROR, OFFLINE, CANCELLED, NOT_AVAILABLE,
      // INTERNAL: -32603 rather than -32000..-32099, because viem maps several of those low server codes to
      // unrelated meanings (-32000 "invalid input", -32003 "transaction rejected"). `data.code` tells them apart.
      return { code: RPC_CODES.internal, message: data.message, data };
  }
}

/**
 * Every outcome of one request to one provider is classified here before anyone acts on it. The class decides what
 * happens next:
 *
 * - `ok`: return the result.
 * - `rpc-error` (deterministic): the chain itself answered no (execution reverted, invalid params...). Asking another
 *   provider would get the same answer, so it goes straight back to the caller and does not count against the
 *   provider, which did its job.
 * - `fault`: the provider, not the request, is at fault (socket error, timeout, 5xx, 429, garbage, wrong id, lagging
 *   node). It counts against the provider's breaker and the request fails over to the next provider.
 * - `cancelled`: the caller gave up; nothing is counted and nothing else is tried.
 */
import { TaskCancelledError } from 'cockatiel';

export type FaultCode = 'PROVIDER_ERROR' | 'RATE_LIMITED' | 'TIMEOUT';

export interface Ok {
  kind: 'ok';
  result: unknown;
}

export interface Fault {
  kind: 'fault';
  code: FaultCode;
  /** Plain words, safe to show once the provider has redacted its URL out of it. */
  message: string;
}

export interface RpcErrorAnswer {
  kind: 'rpc-error';
  rpcCode: number;
  message: string;
  data?: unknown;
}

export interface Cancelled {
  kind: 'cancelled';
}

export type Classified = Ok | Fault | RpcErrorAnswer;

/** What came back over HTTP, before anyone looked inside. */
export interface RawResponse {
  status: number;
  body: string;
  /** The Retry-After header, if any. */
  retryAfter?: string;
}

const fault = (code: FaultCode, message: string): Fault => ({ kind: 'fault', code, message });

/** Long server messages are cut: they end up in the UI and in logs. */
function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Classify one HTTP exchange carrying a JSON-RPC request whose id was `expectedId`. */
export function classifyResponse(response: RawResponse, expectedId: number): Classified {
  const { status, body } = response;
  if (status === 429) {
    const after = response.retryAfter === undefined ? '' : ` (retry after ${clip(response.retryAfter, 40)})`;
    return fault('RATE_LIMITED', `HTTP 429 Too Many Requests${after}`);
  }
  if (status >= 500) return fault('PROVIDER_ERROR', `HTTP ${status}`);
  const text = body.trim();
  if (text === '') return fault('PROVIDER_ERROR', `empty body (HTTP ${status})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (text.startsWith('<')) return fault('PROVIDER_ERROR', `HTML instead of JSON (HTTP ${status})`);
    if (text.startsWith('{') || text.startsWith('[')) {
      return fault('PROVIDER_ERROR', `truncated or malformed JSON (HTTP ${status})`);
    }
    return fault('PROVIDER_ERROR', `text instead of JSON (HTTP ${status})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return fault('PROVIDER_ERROR', `not a JSON-RPC response (HTTP ${status})`);
  }
  const envelope = parsed as Record<string, unknown>;
  // A server that could not read our request answers with id null (JSON-RPC 2.0 §5); its error still describes it.
  const idNullError = envelope.id === null && envelope.error !== undefined;
  if (envelope.id !== expectedId && !idNullError) {
    const got = envelope.id === undefined ? 'no id' : `id ${clip(JSON.stringify(envelope.id), 40)}`;
    return fault('PROVIDER_ERROR', `response has ${got}, expected id ${expectedId}`);
  }
  if (envelope.error !== undefined && envelope.error !== null) return classifyRpcError(envelope.error);
  // 4xx without a JSON-RPC error inside: auth, wrong path, gateway trouble. Another provider may well answer.
  if (status < 200 || status >= 300) return fault('PROVIDER_ERROR', `HTTP ${status}`);
  if (!('result' in envelope)) return fault('PROVIDER_ERROR', 'response has neither result nor error');
  return { kind: 'ok', result: envelope.result };
}

// Codes providers use for "slow down": -32005 (EIP-1474 limit exceeded, Infura), 429 in the body (Alchemy),
// -32007 (QuickNode).
const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([-32005, -32007, 429]);
const RATE_LIMIT_MESSAGE =
  /rate.?limit|too many requests|request limit|limit (reached|exceeded)|exceeded .*(quota|capacity)|\b429\b/i;
// The node is behind or pruned: the block exists, this provider just cannot serve it. Another one may.
const LAGGING_MESSAGE = /header not found|unknown block|block not found|missing trie node/i;
// EVM execution outcomes: the same call fails the same way on every honest node.
const EXECUTION_MESSAGE = /revert|out of gas|invalid opcode|invalid jump|stack (underflow|overflow)/i;
// Malformed requests are our (or the caller's) mistake, not the provider's. Method-not-found is treated the same for
// now; a provider that lacks a method others have is a later refinement (it would rather fail over).
const DETERMINISTIC_CODES: ReadonlySet<number> = new Set([-32600, -32601, -32602]);

/** Classify the `error` member of a JSON-RPC response. */
export function classifyRpcError(error: unknown): Fault | RpcErrorAnswer {
  if (error === null || typeof error !== 'object') return fault('PROVIDER_ERROR', 'malformed JSON-RPC error');
  const { code, message, data } = error as { code?: unknown; message?: unknown; data?: unknown };
  if (typeof code !== 'number' || !Number.isInteger(code)) return fault('PROVIDER_ERROR', 'malformed JSON-RPC error');
  const text = typeof message === 'string' ? message : '';
  const answer = (): RpcErrorAnswer => ({
    kind: 'rpc-error',
    rpcCode: code,
    message: clip(text, 500),
    ...(data === undefined ? {} : { data }),
  });
  // Code 3 is definitive; a revert reason is free text chosen by a contract, so it is checked before the
  // rate-limit wording ("execution reverted: rate limit" is still a revert).
  if (code === 3) return answer();
  if (RATE_LIMIT_CODES.has(code)) return fault('RATE_LIMITED', `JSON-RPC ${code}: ${clip(text)}`);
  if (EXECUTION_MESSAGE.test(text)) return answer();
  if (RATE_LIMIT_MESSAGE.test(text)) return fault('RATE_LIMITED', `JSON-RPC ${code}: ${clip(text)}`);
  if (LAGGING_MESSAGE.test(text)) return fault('PROVIDER_ERROR', `JSON-RPC ${code}: ${clip(text)}`);
  if (DETERMINISTIC_CODES.has(code)) return answer();
  // Unknown codes (-32603 internal error, -32000 with an unfamiliar message...) fail over: a second opinion costs
  // one round trip, wrongly telling the user "the chain said no" costs their trust.
  return fault('PROVIDER_ERROR', `JSON-RPC ${code}: ${clip(text)}`);
}

/** Why an exchange threw: the signals say who aborted, the error says what broke. */
export interface ThrownContext {
  /** The caller's own signal (or the engine's shutdown) aborted. */
  callerAborted: boolean;
  /** The per-request timeout fired. */
  timedOut: boolean;
  timeoutMs: number;
}

const SOCKET_FAULTS: Record<string, [FaultCode, string]> = {
  ECONNREFUSED: ['PROVIDER_ERROR', 'connection refused'],
  ECONNRESET: ['PROVIDER_ERROR', 'connection reset'],
  EPIPE: ['PROVIDER_ERROR', 'connection closed while sending'],
  UND_ERR_SOCKET: ['PROVIDER_ERROR', 'connection closed by the provider'],
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: ['PROVIDER_ERROR', 'body shorter than its Content-Length'],
  ENOTFOUND: ['PROVIDER_ERROR', 'host not found'],
  EAI_AGAIN: ['PROVIDER_ERROR', 'host lookup failed'],
  EHOSTUNREACH: ['PROVIDER_ERROR', 'host unreachable'],
  ENETUNREACH: ['PROVIDER_ERROR', 'network unreachable'],
  UND_ERR_CONNECT_TIMEOUT: ['TIMEOUT', 'connect timed out'],
  ETIMEDOUT: ['TIMEOUT', 'connection timed out'],
  UND_ERR_HEADERS_TIMEOUT: ['TIMEOUT', 'no response headers in time'],
  UND_ERR_BODY_TIMEOUT: ['TIMEOUT', 'body stalled'],
};

function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Classify something thrown while talking to a provider (undici, net, cockatiel's timeout). */
export function classifyThrown(error: unknown, context: ThrownContext): Fault | Cancelled {
  // Checked first: an abort shows up as whatever error the layer below chose, and only the signals know why.
  if (context.callerAborted) return { kind: 'cancelled' };
  if (context.timedOut || error instanceof TaskCancelledError) {
    return fault('TIMEOUT', `no complete answer within ${context.timeoutMs} ms`);
  }
  const code = errorCode(error);
  const known = code === undefined ? undefined : SOCKET_FAULTS[code];
  if (known !== undefined) return fault(known[0], `${known[1]} (${code})`);
  const message = error instanceof Error ? error.message : String(error);
  return fault('PROVIDER_ERROR', `network error${code === undefined ? '' : ` (${code})`}: ${clip(message)}`);
}

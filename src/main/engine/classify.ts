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
 * - `unsupported` ("method not found"): this provider lacks the method, others may have it. It fails over but does
 *   not count against the provider (it answered, and correctly); only when every provider says so does the caller
 *   get RPC_ERROR -32601.
 * - `cancelled`: the caller gave up; nothing is counted and nothing else is tried.
 *
 * Two facts ride on a fault for the request path: `transient` (worth one more try on the same provider: a reset
 * keep-alive socket, 502/503/504) and, for RATE_LIMITED, the `retryAfter` header the provider sent.
 */
import { TaskCancelledError } from 'cockatiel';
import { parseQuantity } from './head-tracker';
import { isRangeLimitMessage } from './range-limit';

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
  /**
   * Likely gone on an immediate second try on the same provider: the connection was reset or closed under us (a
   * keep-alive socket the server had just dropped) or a gateway said 502/503/504. Not timeouts (the next try would
   * likely wait as long), refusals (nothing is listening), 429 (it asked us to stop), garbage or a wrong id.
   */
  transient?: boolean;
  /** RATE_LIMITED over HTTP: the Retry-After header as sent (seconds or an HTTP date). */
  retryAfter?: string;
}

export interface RpcErrorAnswer {
  kind: 'rpc-error';
  rpcCode: number;
  message: string;
  data?: unknown;
}

/** "Method not found" from this provider. */
export interface Unsupported {
  kind: 'unsupported';
  rpcCode: number;
  message: string;
}

export interface Cancelled {
  kind: 'cancelled';
}

export type Classified = Ok | Fault | RpcErrorAnswer | Unsupported;

/** What came back over HTTP, before anyone looked inside. */
export interface RawResponse {
  status: number;
  body: string;
  /** The Retry-After header, if any. */
  retryAfter?: string;
}

const fault = (code: FaultCode, message: string, transient = false): Fault =>
  transient ? { kind: 'fault', code, message, transient } : { kind: 'fault', code, message };

/** Gateway statuses that usually mean "this one request hit a bad moment" rather than "this provider is down". */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** Statuses that refuse this client at this URL: unauthorised, forbidden, not found, proxy authentication. */
const ACCESS_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 407]);

/** The provider's own words for a refusal, when its body is a JSON-RPC error (shown to the operator, clipped). */
function accessDetail(body: string): string {
  try {
    const message: unknown = (JSON.parse(body) as { error?: { message?: unknown } } | null)?.error?.message;
    return typeof message === 'string' && message !== '' ? `: ${clip(message, 120)}` : '';
  } catch {
    return '';
  }
}

/** Long server messages are cut: they end up in the UI and in logs. */
function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Classify one HTTP exchange carrying a JSON-RPC request whose id was `expectedId`. */
export function classifyResponse(response: RawResponse, expectedId: number): Classified {
  const { status, body } = response;
  if (status === 429) {
    const { retryAfter } = response;
    const after = retryAfter === undefined ? '' : ` (retry after ${clip(retryAfter, 40)})`;
    const limited = fault('RATE_LIMITED', `HTTP 429 Too Many Requests${after}`);
    return retryAfter === undefined ? limited : { ...limited, retryAfter };
  }
  if (status >= 500) return fault('PROVIDER_ERROR', `HTTP ${status}`, TRANSIENT_STATUSES.has(status));
  // Refused access (a bad or expired API key, a wrong path) is about this provider, whatever JSON-RPC error the body
  // carries: keys are often refused with -32600 "invalid request", which read as the chain's own answer would fail
  // every read of the chain instead of failing over.
  if (ACCESS_STATUSES.has(status)) return fault('PROVIDER_ERROR', `HTTP ${status}${accessDetail(body)}`);
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
  if (envelope.error !== undefined && envelope.error !== null) {
    const classified = classifyRpcError(envelope.error);
    // A rate-limit error in the body may still come with the header (some gateways send both).
    const limited = classified.kind === 'fault' && classified.code === 'RATE_LIMITED';
    return limited && response.retryAfter !== undefined ? { ...classified, retryAfter: response.retryAfter } : classified;
  }
  // Other 4xx without a JSON-RPC error inside: a gateway's own refusal. Another provider may well answer.
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
// Malformed requests are our (or the caller's) mistake, not the provider's.
const DETERMINISTIC_CODES: ReadonlySet<number> = new Set([-32600, -32602]);
// Providers differ in what they serve (debug_*, trace_*, eth_getLogs on some free tiers): -32601, or geth's
// "the method X does not exist/is not available" and gateways' own wordings under other codes.
const METHOD_NOT_FOUND_CODE = -32601;
const METHOD_NOT_FOUND_MESSAGE = /method not found|does not exist\/is not available|unsupported method|method .{0,60}not (supported|available)/i;

/** Classify the `error` member of a JSON-RPC response. */
export function classifyRpcError(error: unknown): Fault | RpcErrorAnswer | Unsupported {
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
  // "Range too wide" is an answer about the request, not the provider's health: logs-range.ts splits and retries.
  if (isRangeLimitMessage(text)) return answer();
  if (RATE_LIMIT_CODES.has(code)) return fault('RATE_LIMITED', `JSON-RPC ${code}: ${clip(text)}`);
  if (EXECUTION_MESSAGE.test(text)) return answer();
  if (RATE_LIMIT_MESSAGE.test(text)) return fault('RATE_LIMITED', `JSON-RPC ${code}: ${clip(text)}`);
  if (code === METHOD_NOT_FOUND_CODE || METHOD_NOT_FOUND_MESSAGE.test(text)) {
    return { kind: 'unsupported', rpcCode: code, message: clip(text) };
  }
  if (LAGGING_MESSAGE.test(text)) return fault('PROVIDER_ERROR', `JSON-RPC ${code}: ${clip(text)}`);
  if (DETERMINISTIC_CODES.has(code)) return answer();
  // Unknown codes (-32603 internal error, -32000 with an unfamiliar message...) fail over: a second opinion costs
  // one round trip, wrongly telling the user "the chain said no" costs their trust.
  return fault('PROVIDER_ERROR', `JSON-RPC ${code}: ${clip(text)}`);
}

/** The facts of its chain an answer must agree with (provider.ts holds them). */
export interface ChainExpectations {
  chainId: number;
  /** The highest height this chain's trusted providers have returned (monotonic-head.ts), null before any. */
  knownHead(): bigint | null;
}

/** Methods that answer `null` for a block the node does not have, where others say "header not found". */
const NULL_FOR_MISSING_BLOCK: ReadonlySet<string> = new Set([
  'eth_getBlockByNumber',
  'eth_getBlockTransactionCountByNumber',
  'eth_getBlockReceipts',
]);

/**
 * A well-formed answer that cannot be true of this chain, as a fault (null when it is consistent): a chain id that
 * is another chain's (a misconfigured URL), or `null` for a block at or below the height the chain is known to have
 * reached (a node behind or pruned; passed on, it would read as "no such block" to the caller).
 */
export function contradiction(method: string, paramsJson: string, result: unknown, chain: ChainExpectations): Fault | null {
  if (method === 'eth_chainId') {
    const id = parseQuantity(result);
    if (id === BigInt(chain.chainId)) return null;
    return fault('PROVIDER_ERROR', id === null ? 'eth_chainId answer is not a number' : `answers as chain ${id}, expected ${chain.chainId}`);
  }
  if (result !== null || !NULL_FOR_MISSING_BLOCK.has(method)) return null;
  const head = chain.knownHead();
  const block = parseQuantity((JSON.parse(paramsJson) as unknown[])[0]);
  if (head === null || block === null || block > head) return null;
  return fault('PROVIDER_ERROR', `no block ${block}, though the chain is at ${head} (provider behind)`);
}

/** Why an exchange threw: the signals say who aborted, the error says what broke. */
export interface ThrownContext {
  /** The caller's own signal (or the engine's shutdown) aborted. */
  callerAborted: boolean;
  /** The per-request timeout fired. */
  timedOut: boolean;
  timeoutMs: number;
}

/** code → [class, words, transient]. Only a connection that was there and then broke is worth a second try. */
const SOCKET_FAULTS: Record<string, [FaultCode, string, boolean?]> = {
  ECONNREFUSED: ['PROVIDER_ERROR', 'connection refused'],
  ECONNRESET: ['PROVIDER_ERROR', 'connection reset', true],
  EPIPE: ['PROVIDER_ERROR', 'connection closed while sending', true],
  UND_ERR_SOCKET: ['PROVIDER_ERROR', 'connection closed by the provider', true],
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
  if (known !== undefined) return fault(known[0], `${known[1]} (${code})`, known[2] === true);
  const message = error instanceof Error ? error.message : String(error);
  return fault('PROVIDER_ERROR', `network error${code === undefined ? '' : ` (${code})`}: ${clip(message)}`);
}

/** A batch one provider answered: per element (in call order) its result or the chain's deterministic error. */
export interface BatchAnswered {
  kind: 'ok';
  results: Array<Ok | RpcErrorAnswer>;
  /** Some element was "method not found" here: another provider may support it (batch.ts asks the next one). */
  unsupported: boolean;
}

/**
 * Classify one HTTP exchange carrying a JSON-RPC batch sent with `ids` (in call order). The batch is judged as a
 * whole: anything that is not a complete, well-formed answer from this provider is ONE fault of this provider
 * (HTTP 429/5xx, garbage, a single object instead of an array, missing, unknown or repeated ids), and so is any
 * element whose error is the provider's (rate limit, lagging node, unknown internal error): the batch is retried
 * elsewhere rather than returned half answered. Deterministic element errors (reverted, invalid params) and "method
 * not found" (this provider's word on that one call) stay with their element.
 */
export function classifyBatchResponse(response: RawResponse, ids: readonly number[]): BatchAnswered | Fault {
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.trim());
  } catch {
    parsed = undefined;
  }
  if (response.status === 429 || response.status >= 500 || !Array.isArray(parsed)) {
    // Not a batch answer: judged as a single response would be, then whatever it was, a fault of this provider.
    const single = classifyResponse(response, ids[0] ?? 0);
    if (single.kind === 'fault') return single;
    const what = single.kind === 'ok' ? '' : `: ${clip(single.message)}`;
    return fault('PROVIDER_ERROR', `a single response instead of a batch (HTTP ${response.status})${what}`);
  }
  if (response.status < 200 || response.status >= 300) return fault('PROVIDER_ERROR', `HTTP ${response.status}`);
  if (parsed.length !== ids.length) {
    return fault('PROVIDER_ERROR', `batch of ${ids.length} answered with ${parsed.length} responses`);
  }
  const byId = new Map<number, Record<string, unknown>>();
  for (const element of parsed) {
    const id = element !== null && typeof element === 'object' ? (element as { id?: unknown }).id : undefined;
    if (typeof id !== 'number' || !ids.includes(id) || byId.has(id)) {
      const got = id === undefined ? 'no id' : `id ${clip(JSON.stringify(id), 40)}`;
      return fault('PROVIDER_ERROR', `batch response has ${got}, expected ids ${ids[0]}..${ids.at(-1)}`);
    }
    byId.set(id, element as Record<string, unknown>);
  }
  const results: Array<Ok | RpcErrorAnswer> = [];
  let unsupported = false;
  for (const id of ids) {
    const element = byId.get(id) as Record<string, unknown>;
    if (element.error !== undefined && element.error !== null) {
      const classified = classifyRpcError(element.error);
      if (classified.kind === 'fault') {
        const limited = classified.code === 'RATE_LIMITED' && response.retryAfter !== undefined;
        return limited ? { ...classified, retryAfter: response.retryAfter as string } : classified;
      }
      if (classified.kind === 'unsupported') unsupported = true;
      results.push({ kind: 'rpc-error', rpcCode: classified.rpcCode, message: classified.message });
      if (classified.kind === 'rpc-error' && classified.data !== undefined) {
        (results.at(-1) as RpcErrorAnswer).data = classified.data;
      }
      continue;
    }
    if (!('result' in element)) return fault('PROVIDER_ERROR', 'batch element has neither result nor error');
    results.push({ kind: 'ok', result: element.result });
  }
  return { kind: 'ok', results, unsupported };
}

/**
 * Testing a provider before it is saved: one-off requests straight to its URL (not through the engine, whose
 * breakers and health must not be touched by a URL that may never be used), on a connection closed right after.
 *
 * Every failure is a typed error with `details.reason` (refused, timeout, http-status, not-json-rpc, rpc-error,
 * unreachable) and a message that names the URL only masked.
 */
import type { ProviderProbe } from '../../shared/domain';
import { SteadfastError, type ErrorCode } from '../../shared/errors';
import { RpcConnection } from '../engine/connection';
import { maskUrl, redactText } from '../engine/redact';

/** Long enough for a slow public endpoint across the world, short enough that the button does not seem stuck. */
export const PROBE_TIMEOUT_MS = 5_000;

export type ProbeFailure = 'refused' | 'timeout' | 'http-status' | 'not-json-rpc' | 'rpc-error' | 'unreachable';

/**
 * Asks `url` for its chain id and head. `latencyMs` is the head request's round trip on the already open socket:
 * the figure the provider will show in use (keep-alive), without the one-off connect and TLS handshake.
 */
export async function probeProvider(url: string, expectedChainId: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProviderProbe> {
  const signal = AbortSignal.timeout(timeoutMs);
  const connection = new RpcConnection(url, timeoutMs, 1);
  const shown = maskUrl(url);
  try {
    const chainId = Number(await call(connection, 'eth_chainId', url, signal));
    const started = performance.now();
    const head = await call(connection, 'eth_blockNumber', url, signal);
    const latencyMs = Math.round(performance.now() - started);
    return { chainId, matches: chainId === expectedChainId, head, latencyMs };
  } catch (error) {
    if (error instanceof SteadfastError) throw error;
    if (signal.aborted) throw failure('TIMEOUT', 'timeout', `${shown} did not answer within ${timeoutMs / 1000} s`, true);
    throw socketFailure(error, shown, timeoutMs);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function call(connection: RpcConnection, method: string, url: string, signal: AbortSignal): Promise<bigint> {
  const shown = maskUrl(url);
  const exchange = await connection.send(method, '[]', signal);
  if (exchange.status === 429) throw failure('RATE_LIMITED', 'http-status', `${shown} answered HTTP 429 (rate limited)`, true, exchange.status);
  if (exchange.status < 200 || exchange.status > 299) {
    throw failure('PROVIDER_ERROR', 'http-status', `${shown} answered HTTP ${exchange.status}`, exchange.status >= 500, exchange.status);
  }
  let body: unknown;
  try {
    body = JSON.parse(exchange.body);
  } catch {
    throw notJsonRpc(shown);
  }
  if (body === null || typeof body !== 'object' || (body as { jsonrpc?: unknown }).jsonrpc !== '2.0') throw notJsonRpc(shown);
  const answer = body as { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };
  if (answer.error && typeof answer.error === 'object') {
    // The server's own words may quote the URL it was called on; redact before they go anywhere.
    const said = redactText(String(answer.error.message ?? '').slice(0, 200), url);
    throw failure('RPC_ERROR', 'rpc-error', `${shown} refused ${method}: ${String(answer.error.code)} ${said}`.trim(), false);
  }
  if (answer.id !== exchange.id || typeof answer.result !== 'string' || !/^0x[0-9a-f]+$/i.test(answer.result)) {
    throw notJsonRpc(shown);
  }
  return BigInt(answer.result);
}

function socketFailure(error: unknown, shown: string, timeoutMs: number): SteadfastError {
  const code = errnoOf(error);
  if (code === 'ECONNREFUSED') return failure('PROVIDER_ERROR', 'refused', `${shown} refused the connection`, true);
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return failure('TIMEOUT', 'timeout', `${shown} did not accept a connection within ${timeoutMs / 1000} s`, true);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return failure('PROVIDER_ERROR', 'unreachable', `${shown}: host not found`, true);
  if (code === 'UND_ERR_RESPONSE_EXCEEDED_MAX_SIZE') return notJsonRpc(shown);
  // Only the errno code is quoted: lower layers' messages may contain the URL.
  return failure('PROVIDER_ERROR', 'unreachable', `${shown} could not be reached (${code ?? 'connection failed'})`, true);
}

function errnoOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function notJsonRpc(shown: string): SteadfastError {
  return failure('PROVIDER_ERROR', 'not-json-rpc', `${shown} answered, but not as a JSON-RPC server`, false);
}

function failure(code: ErrorCode, reason: ProbeFailure, message: string, retryable: boolean, status?: number): SteadfastError {
  return new SteadfastError({ code, message, retryable, details: { reason, ...(status !== undefined ? { status } : {}) } });
}

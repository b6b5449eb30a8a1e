/**
 * The SteadfastErrors the engine throws, built in one place so codes, `retryable` and details stay consistent.
 * Messages name providers by display name only; provider messages arrive here already redacted.
 */
import { SteadfastError } from '../../shared/errors';
import type { BreakerState } from '../../shared/domain';
import type { Fault, RpcErrorAnswer } from './classify';

/** One failed try, as listed in ALL_PROVIDERS_FAILED details. */
export interface AttemptFailure {
  provider: string;
  code: Fault['code'];
  message: string;
}

/** A single provider fault (the only provider tried failed): PROVIDER_ERROR, RATE_LIMITED or TIMEOUT. */
export function providerFaultError(failure: AttemptFailure): SteadfastError {
  return new SteadfastError({
    code: failure.code,
    message: `${failure.provider}: ${failure.message}`,
    retryable: true,
    provider: failure.provider,
  });
}

export function allProvidersFailedError(chainId: number, failures: AttemptFailure[]): SteadfastError {
  const summary = failures.map((f) => `${f.provider}: ${f.message}`).join('; ');
  return new SteadfastError({
    code: 'ALL_PROVIDERS_FAILED',
    message: `every provider of chain ${chainId} failed (${summary})`,
    retryable: true,
    details: { chainId, attempts: failures.map((f) => ({ ...f })) },
  });
}

/** Why providers that were not tried could not be: throttled until (epoch ms), or excluded by the health monitor. */
export interface Unavailable {
  throttledUntil?: Record<string, number>;
  excluded?: string[];
}

export function noHealthyProviderError(
  chainId: number,
  breakers: Record<string, BreakerState>,
  unavailable: Unavailable = {},
): SteadfastError {
  return new SteadfastError({
    code: 'NO_HEALTHY_PROVIDER',
    message:
      `no provider of chain ${chainId} may be tried now ` +
      '(every breaker is open, or the provider is disabled, throttled or quarantined)',
    retryable: true,
    // Only the keys that say something, so the common case stays `{ chainId, breakers }`.
    details: { chainId, breakers, ...unavailable },
  });
}

/**
 * Every provider that could be tried said "method not found": as deterministic as an answer can be, so RPC_ERROR
 * -32601 (not retryable), naming the first that said so and listing all of them.
 */
export function methodNotFoundError(method: string, providers: string[], message: string): SteadfastError {
  return new SteadfastError({
    code: 'RPC_ERROR',
    message: message === '' ? `method ${method} not found` : message,
    retryable: false,
    ...(providers[0] === undefined ? {} : { provider: providers[0] }),
    details: { rpcCode: -32601, method, providers: [...providers] },
  });
}

/** A deterministic answer: the JSON-RPC code and data are kept so that viem can rebuild its own error types. */
export function rpcAnswerError(answer: RpcErrorAnswer, provider: string, method: string): SteadfastError {
  return new SteadfastError({
    code: 'RPC_ERROR',
    message: answer.message === '' ? `JSON-RPC error ${answer.rpcCode}` : answer.message,
    retryable: false,
    provider,
    details: { rpcCode: answer.rpcCode, method, ...(answer.data === undefined ? {} : { data: answer.data }) },
  });
}

export function cancelledError(): SteadfastError {
  return new SteadfastError({ code: 'CANCELLED', message: 'the request was cancelled', retryable: true });
}

export function disposedError(): SteadfastError {
  return new SteadfastError({ code: 'NOT_AVAILABLE', message: 'the engine has been disposed', retryable: false });
}

export function invalidParamsError(method: string, cause: unknown): SteadfastError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SteadfastError(
    { code: 'INVALID_INPUT', message: `params of ${method} cannot be sent as JSON: ${reason}`, retryable: false },
    { cause },
  );
}

/**
 * The SteadfastError behind an error, if any. viem wraps whatever a transport throws (UnknownRpcError,
 * ContractFunctionExecutionError...) and keeps the original as `cause`; this walks that chain.
 */
export function findSteadfastError(error: unknown): SteadfastError | undefined {
  for (let e = error, depth = 0; e !== null && e !== undefined && depth < 10; depth++) {
    if (e instanceof SteadfastError) return e;
    e = typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}

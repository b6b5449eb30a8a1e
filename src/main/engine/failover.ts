/**
 * The terminal stage: try the chain's providers in selection order until one answers.
 *
 * - An answer, or a deterministic error answer, ends the request at once (no failover for "execution reverted").
 * - A provider fault moves on to the next provider.
 * - A provider whose breaker does not admit the request is skipped without waiting.
 * - The caller's abort stops everything, and no further provider is tried.
 *
 * When nothing answered: no provider could be tried → NO_HEALTHY_PROVIDER (immediately, never a wait); exactly one
 * was tried → its own fault (PROVIDER_ERROR, RATE_LIMITED or TIMEOUT, naming it), since "all providers failed" would
 * hide which one; several were tried → ALL_PROVIDERS_FAILED listing each.
 */
import type { BreakerState } from '../../shared/domain';
import {
  allProvidersFailedError,
  cancelledError,
  invalidParamsError,
  noHealthyProviderError,
  providerFaultError,
  rpcAnswerError,
  type AttemptFailure,
} from './errors';
import type { Handler } from './pipeline';
import type { Provider } from './provider';
import type { Selector } from './selection';

/** The terminal handler of a chain's request path over `providers`, tried in the order `select` gives. */
export function failover(chainId: number, providers: readonly Provider[], select: Selector): Handler {
  return async ({ method, params, signal }) => {
    if (signal.aborted) throw cancelledError();
    let paramsJson: string;
    try {
      // Once per request rather than per provider; a bigint in params is the caller's bug, not a provider's fault.
      paramsJson = JSON.stringify(params);
    } catch (error) {
      throw invalidParamsError(method, error);
    }
    const failures: AttemptFailure[] = [];
    for (const provider of select(providers)) {
      if (signal.aborted) throw cancelledError();
      const result = await provider.attempt(method, paramsJson, signal);
      switch (result.kind) {
        case 'ok':
          return { result: result.result, provider: provider.name, latencyMs: result.latencyMs };
        case 'rpc-error':
          throw rpcAnswerError(result, provider.name, method);
        case 'cancelled':
          throw cancelledError();
        case 'fault':
          failures.push({ provider: provider.name, code: result.code, message: result.message });
          break;
        case 'skipped':
          break;
      }
    }
    const [only] = failures;
    if (only === undefined) throw noHealthyProviderError(chainId, breakerStates(providers));
    if (failures.length === 1) throw providerFaultError(only);
    throw allProvidersFailedError(chainId, failures);
  };
}

function breakerStates(providers: readonly Provider[]): Record<string, BreakerState> {
  return Object.fromEntries(providers.map((p) => [p.name, p.status().breaker]));
}

/**
 * The terminal of the batch path (`ChainEngine.requestBatch`): one JSON-RPC batch, one HTTP request, to one provider
 * at a time, in selection order (the same selector and eligibility as single requests).
 *
 * - An answer ends the batch: each element is its result or, for a deterministic error answer (reverted, invalid
 *   params), an RPC_ERROR of its own; the other elements stand (no failover for "execution reverted"). An answer
 *   with a "method not found" element is kept while the next providers are asked, as for a single request: the
 *   first full answer wins, else the kept one (-32601 only when no provider supports the method).
 * - Anything else from the provider (HTTP 5xx/429, garbage, a wrong or missing id, an element failing for the
 *   provider's reasons: rate limit, header not found) is ONE fault of that provider (classify.ts
 *   `classifyBatchResponse`) and the whole batch moves on to the next provider. No retry on the same provider.
 * - When nothing answered: the same errors as a single request (failover.ts): NO_HEALTHY_PROVIDER when no provider
 *   could be tried, the fault itself when exactly one was tried, ALL_PROVIDERS_FAILED with the attempts otherwise.
 *
 * Deliberately NOT on this path: hedging, dedupe and the last-known-good cache. A batch is already the cheap path
 * (one round trip for many figures), so a hedge would double its cost where a single hedged read costs one call;
 * identical batches are rare enough that merging them is not worth a key over every element; and last-known-good
 * answers are kept per request, so serving a batch from cache would need per-element lookups (could come later).
 * Callers that need those use `request()` per call.
 */
import type { SteadfastError } from '../../shared/errors';
import {
  allProvidersFailedError,
  cancelledError,
  invalidParamsError,
  noHealthyProviderError,
  providerFaultError,
  rpcAnswerError,
  type AttemptFailure,
} from './errors';
import { breakerStates, unavailability } from './failover';
import type { Provider } from './provider';
import { allEligible, type EligibilityOf, type Selector } from './selection';
import type { BatchCall, BatchOutcome } from './types';

export interface BatchAnswer {
  outcomes: BatchOutcome[];
  /** Display name of the provider that answered. */
  provider: string;
  latencyMs: number;
}

export type BatchHandler = (calls: readonly BatchCall[], signal: AbortSignal) => Promise<BatchAnswer>;

export function batchFailover(
  chainId: number,
  providers: readonly Provider[],
  select: Selector,
  eligibility: EligibilityOf = allEligible,
): BatchHandler {
  return async (calls, signal) => {
    if (signal.aborted) throw cancelledError();
    // Before any provider is tried: params that cannot be sent are the caller's error.
    const wire = calls.map(({ method, params }) => {
      try {
        return { method, paramsJson: JSON.stringify(params) };
      } catch (error) {
        throw invalidParamsError(method, error);
      }
    });
    const failures: AttemptFailure[] = [];
    // An answer with a "method not found" element: kept while the next providers are asked (one may support the
    // method; -32601 is the answer only when none does), returned if none answers better.
    let partial: BatchAnswer | undefined;
    for (const provider of select(providers, eligibility)) {
      const result = await provider.attemptBatch(wire, signal);
      if (result.kind === 'ok') {
        const outcomes = result.results.map((r, i): BatchOutcome => {
          if (r.kind === 'ok') return { ok: true, result: r.result };
          const error: SteadfastError = rpcAnswerError(r, provider.name, calls[i]?.method ?? '');
          return { ok: false, error };
        });
        const answer = { outcomes, provider: provider.name, latencyMs: result.latencyMs };
        if (!result.unsupported) return answer;
        partial ??= answer;
        continue;
      }
      if (result.kind === 'cancelled' || signal.aborted) throw cancelledError();
      if (result.kind === 'fault') failures.push({ provider: provider.name, code: result.code, message: result.message });
    }
    if (partial !== undefined) return partial;
    const [first] = failures;
    if (first === undefined) {
      throw noHealthyProviderError(chainId, breakerStates(providers), unavailability(providers, eligibility));
    }
    if (failures.length === 1) throw providerFaultError(first);
    throw allProvidersFailedError(chainId, failures);
  };
}

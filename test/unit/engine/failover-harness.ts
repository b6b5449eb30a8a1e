/**
 * The request path's last stage alone (selection → hedging → retry → breaker → timeout → HTTP) over real servers,
 * without the stages in front of it (dedupe, last-known-good, bulkheads...), so that tests of provider behaviour
 * see the provider's own error codes and counters.
 */
import type { ProviderStatus } from '../../../src/shared/domain';
import { failover } from '../../../src/main/engine/failover';
import { resolveOptions, type EngineOptionsInput } from '../../../src/main/engine/options';
import { Provider } from '../../../src/main/engine/provider';
import { weightedFallbackOrder, type EligibilityOf } from '../../../src/main/engine/selection';
import type { EngineResponse } from '../../../src/main/engine/types';
import { CHAIN_ID, chainOf } from './fixtures';

export interface Path {
  request(method: string, params?: unknown[], signal?: AbortSignal): Promise<EngineResponse>;
  status(name: string): ProviderStatus;
  providers: Provider[];
  dispose(): Promise<void>;
}

/** Providers named and ranked as given (rank defaults to their index), behind one `failover` handler. */
export function pathOver(
  providers: Array<{ name: string; url: string; rank?: number; weight?: number }>,
  input: EngineOptionsInput,
  eligibility?: EligibilityOf,
): Path {
  const options = resolveOptions(input);
  const built = chainOf(providers).providers.map((p) => new Provider(CHAIN_ID, p, options, () => undefined));
  const handler = failover(CHAIN_ID, built, weightedFallbackOrder(), options, eligibility);
  return {
    request: (method, params = [], signal = new AbortController().signal) => handler({ method, params, signal }),
    status(name) {
      const provider = built.find((p) => p.name === name);
      if (provider === undefined) throw new Error(`no provider ${name}`);
      return provider.status();
    },
    providers: built,
    dispose: async () => {
      await Promise.all(built.map((p) => p.dispose()));
    },
  };
}

/** Millisecond timings for tests: hedge early, retry almost at once, breaker quick to half-open. */
export const QUICK: EngineOptionsInput = {
  timeouts: { connectionMs: 1_000, requestMs: 1_000 },
  breaker: { consecutiveFailures: 3, halfOpenAfterMs: 150, halfOpenMaxMs: 2_000 },
  hedging: { enabled: true, minDelayMs: 50, maxDelayMs: 100, maxExtraLoad: 0.1 },
  retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20 },
};

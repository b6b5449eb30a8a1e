/**
 * The resilience engine: `createEngine(chains, options)` builds one request path per chain (selection → breaker →
 * timeout → pooled HTTP) and a viem client on top of each. Plain Node, never imports `electron`.
 */
import type { Priority, ProviderStatus } from '../../shared/domain';
import type { LaneStats } from './bulkhead';
import { SteadfastError } from '../../shared/errors';
import { ChainEngineImpl } from './chain-engine';
import type { AnswerStore } from './last-known-good';
import { resolveOptions, type EngineOptionsInput } from './options';
import type { EngineObserver } from './observer';
import { maskUrl } from './redact';
import type { ChainConfig, ChainEngine, Engine } from './types';

export type * from './types';
export { DEFAULT_OPTIONS, type EngineOptionsInput } from './options';
export { findSteadfastError } from './errors';
export type * from './observer';
export { maskUrl, redactText } from './redact';
export type { AnswerStore, CachedAnswer } from './last-known-good';

/** The engine as built here: the `Engine` interface plus operator controls that are not part of it yet. */
export interface ManagedEngine extends Engine {
  /**
   * Operator switch. Disabling a provider isolates its breaker (state `isolated`, no traffic) until it is enabled
   * again. Throws INVALID_INPUT for an unknown id (`${chainId}:${name}`).
   */
  setProviderEnabled(providerId: string, enabled: boolean): void;
  /** Per chain: bulkhead lanes, distinct upstream calls in flight, and the last-known-good cache's fill. */
  resources(): ChainResources[];
  /** Memory pressure: shrink every chain's last-known-good cache to `keepFraction` of its bound; returns drops. */
  trimCaches(keepFraction: number): number;
}

/** One chain's local resources, for health checks and the operator view. */
export interface ChainResources {
  chainId: number;
  lanes: Record<Priority, LaneStats>;
  inFlight: number;
  /** `durableEntries`: the chain's entries on disk, null when it has no durable tier. */
  lastKnownGood: { entries: number; maxEntries: number; durableEntries: number | null };
}

function invalid(message: string): SteadfastError {
  return new SteadfastError({ code: 'INVALID_INPUT', message, retryable: false });
}

/** Configuration mistakes fail here, at start-up, with messages that never show a provider URL. */
function validate(chains: readonly ChainConfig[]): void {
  const chainIds = new Set<number>();
  for (const chain of chains) {
    if (chainIds.has(chain.chainId)) throw invalid(`chain ${chain.chainId} is configured twice`);
    chainIds.add(chain.chainId);
    if (chain.providers.length === 0) throw invalid(`chain ${chain.chainId} has no providers`);
    const names = new Set<string>();
    for (const provider of chain.providers) {
      if (names.has(provider.name)) throw invalid(`chain ${chain.chainId} has two providers named ${provider.name}`);
      names.add(provider.name);
      let protocol: string;
      try {
        protocol = new URL(provider.url).protocol;
      } catch {
        throw invalid(`provider ${provider.name} of chain ${chain.chainId} has an invalid URL`);
      }
      if (protocol !== 'http:' && protocol !== 'https:') {
        throw invalid(`provider ${provider.name} (${maskUrl(provider.url)}) is not http(s)`);
      }
    }
  }
}

/**
 * Build the engine. Defaults: connect timeout 5 s, request timeout 10 s, breaker opens after 3 consecutive provider
 * faults and lets one probe through after 5 s. The health monitor starts checking each provider's chain id and head
 * at once (unless `health.enabled` is false); user traffic connects on its first request. `observer` (optional) is
 * told about attempts, hedges, retries, breaker transitions, BUSY answers, cache lookups and probes (observer.ts).
 * `durableAnswers` (optional) gives each chain a durable last-known-good tier, so cached figures survive a restart.
 */
export function createEngine(
  chains: ChainConfig[],
  options?: EngineOptionsInput,
  observer?: EngineObserver,
  /** Each chain's durable last-known-good tier (main keeps it in SQLite); none: memory only. */
  durableAnswers?: (chainId: number) => AnswerStore | undefined,
): ManagedEngine {
  validate(chains);
  const resolved = resolveOptions(options);
  const lifetime = new AbortController();
  const listeners = new Set<(status: ProviderStatus[]) => void>();
  let disposed = false;

  const status = (): ProviderStatus[] => engines.flatMap((e) => e.status());
  // Synchronous, after each outcome and transition: deterministic for tests, and cheap (no listener, no work).
  const notify = (): void => {
    if (disposed || listeners.size === 0) return;
    const snapshot = status();
    for (const listener of listeners) {
      try {
        listener(snapshot);
      } catch {
        // A broken listener must not break the request that triggered it.
      }
    }
  };
  const engines = chains.map(
    (chain) => new ChainEngineImpl(chain, resolved, lifetime.signal, notify, observer, durableAnswers?.(chain.chainId)),
  );
  const byId = new Map<number, ChainEngineImpl>(engines.map((e) => [e.config.chainId, e]));

  return {
    chain(chainId: number): ChainEngine {
      const engine = byId.get(chainId);
      if (engine === undefined) throw invalid(`chain ${chainId} is not configured`);
      return engine;
    },
    chains: () => [...engines],
    status,
    onStatusChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setProviderEnabled(providerId, enabled) {
      if (!engines.some((e) => e.setProviderEnabled(providerId, enabled))) {
        throw invalid(`no provider with id ${providerId}`);
      }
    },
    resources: () =>
      engines.map((e) => {
        const { entries, maxEntries, durableEntries } = e.cacheStats();
        const lastKnownGood = { entries, maxEntries, durableEntries };
        return { chainId: e.config.chainId, lanes: e.lanes(), inFlight: e.inFlight(), lastKnownGood };
      }),
    trimCaches: (keepFraction) => engines.reduce((sum, e) => sum + e.trimCaches(keepFraction), 0),
    async dispose() {
      if (disposed) return;
      disposed = true;
      listeners.clear();
      lifetime.abort();
      await Promise.all(engines.map((e) => e.dispose()));
    },
  };
}

/**
 * What the engine tells an outside observer (metrics, budgets) about its work, as it happens. Optional and
 * additive: with no observer the request path behaves exactly as without this file. Every callback is called
 * synchronously and guarded (`notifyObserver`), so a throwing observer never breaks the request that triggered it.
 */
import type { BreakerState, Priority } from '../../shared/domain';

/** How one attempt (one HTTP exchange with one provider) ended, as classify.ts decided. */
export type AttemptOutcome = 'ok' | 'rpc-error' | 'unsupported' | 'fault' | 'cancelled';

/**
 * Phases of one exchange, milliseconds from the moment the request was handed to the connection pool.
 * `firstByteMs`: response headers received (on a new socket this includes connecting; see `ConnectEvent` for
 * connects themselves). `completeMs`: the whole body read. Absent when the exchange never got that far (refused,
 * reset, timed out, cancelled).
 */
export interface AttemptPhases {
  firstByteMs?: number;
  completeMs?: number;
}

export interface AttemptEvent {
  chainId: number;
  /** Display name. */
  provider: string;
  method: string;
  outcome: AttemptOutcome;
  /** The fault's code (PROVIDER_ERROR, RATE_LIMITED, TIMEOUT) when `outcome` is `fault`; the JSON-RPC code as text for `rpc-error`. */
  code?: string;
  /** From send to the end of the attempt, whatever its outcome. */
  latencyMs: number;
  /** A retry of a transient fault on the same provider. */
  retry: boolean;
  phases: AttemptPhases;
}

/**
 * One real TCP (+TLS) connect of a provider's request pool. Reused keep-alive sockets have no connect, so most
 * requests have no connection phase at all (it is not reported as 0).
 */
export interface ConnectEvent {
  chainId: number;
  provider: string;
  ms: number;
  ok: boolean;
}

/** A background health probe (chain id, head) sent by the engine's own monitor: upstream traffic that is not user traffic. */
export interface ProbeEvent {
  chainId: number;
  provider: string;
  method: string;
  ok: boolean;
}

export interface EngineObserver {
  onAttempt?(event: AttemptEvent): void;
  onConnect?(event: ConnectEvent): void;
  /** A hedge was sent to `provider` (`won: false`), or its answer was the one taken (`won: true`). */
  onHedge?(event: { chainId: number; provider: string; won: boolean }): void;
  /** A retry of a transient fault was sent to `provider`. */
  onRetry?(event: { chainId: number; provider: string; method: string }): void;
  onBreakerTransition?(event: { chainId: number; provider: string; from: BreakerState; to: BreakerState }): void;
  /** A bulkhead lane answered BUSY (queue full or queue timeout). */
  onLaneRejected?(event: { chainId: number; lane: Priority; reason: 'full' | 'queue-timeout' }): void;
  /** A cache tier was consulted: `last-known-good` only when every provider failed (hit: a cached answer was served). */
  onCache?(event: { chainId: number; tier: string; hit: boolean }): void;
  onProbe?(event: ProbeEvent): void;
}

/** Call one observer callback; an observer's bug must never become a request's failure. */
export function notifyObserver<K extends keyof EngineObserver>(
  observer: EngineObserver | undefined,
  key: K,
  event: Parameters<NonNullable<EngineObserver[K]>>[0],
): void {
  const callback = observer?.[key] as ((e: typeof event) => void) | undefined;
  if (callback === undefined) return;
  try {
    callback.call(observer, event);
  } catch {
    // Deliberately swallowed: see the file comment.
  }
}

/**
 * Retry on the same provider, for transient faults only (a reset keep-alive socket, 502/503/504: see
 * `Fault.transient`). Everything else fails over at once: a timeout would likely cost the same wait again, a refusal
 * means nothing listens, a 429 asked us to stop, garbage or a wrong id says the provider is broken.
 *
 * The delays come from cockatiel's ExponentialBackoff with its decorrelated-jitter generator (base and cap from
 * `options.retry`), so that many requests failing together do not come back together. The loop is ours, not
 * cockatiel's RetryPolicy: its backoff wait is a plain timer that ignores the AbortSignal, so a cancelled caller
 * would wait out the delay and the timer would outlive the request; here the wait ends the moment the caller aborts.
 *
 * Each try is a separate call through the provider's breaker, so the breaker sees every fault; if the fault just
 * counted opened it, the retry is not sent and the fault stands.
 */
import { decorrelatedJitterGenerator, ExponentialBackoff, type IBackoff } from 'cockatiel';
import type { AttemptResult } from './provider';
import type { EngineOptions } from './types';

/** The provider as retry sees it. */
export interface RetryTarget {
  /** `retry: true` counts the try in the provider's `retries` (only if it is actually sent). */
  attempt(method: string, paramsJson: string, signal: AbortSignal, retry?: boolean): Promise<AttemptResult>;
  /** Whether a try would be let through now (breaker, throttle). */
  available(): boolean;
}

/** Try `provider`, and again after a jittered pause while the outcome is a transient fault, up to `maxRetries`. */
export async function attemptWithRetry(
  provider: RetryTarget,
  method: string,
  paramsJson: string,
  signal: AbortSignal,
  options: EngineOptions['retry'],
): Promise<AttemptResult> {
  let result = await provider.attempt(method, paramsJson, signal);
  let backoff: IBackoff<unknown> | undefined;
  for (let tries = 0; tries < options.maxRetries && isTransient(result); tries++) {
    // The fault just counted may have opened the breaker: move on now rather than wait for a refusal.
    if (!provider.available()) return result;
    backoff = backoff?.next(undefined) ?? backoffOf(options).next();
    if (!(await pause(backoff.duration, signal))) return { kind: 'cancelled' };
    const next = await provider.attempt(method, paramsJson, signal, true);
    if (next.kind === 'skipped') return result;
    result = next;
  }
  return result;
}

function isTransient(result: AttemptResult): boolean {
  return result.kind === 'fault' && result.transient === true;
}

function backoffOf(options: EngineOptions['retry']): ExponentialBackoff<[number, number]> {
  return new ExponentialBackoff({
    generator: decorrelatedJitterGenerator,
    initialDelay: options.baseDelayMs,
    maxDelay: options.maxDelayMs,
  });
}

/** Resolves true after `ms`, or false as soon as `signal` aborts; leaves no timer or listener behind either way. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One HTTP exchange with a provider under its request timeout, single or batch alike (provider.ts): timed for the
 * observer (total and phases), its answer classified by the caller's `classify`, what was thrown turned into a
 * fault or a cancellation. Messages never carry the provider's URL.
 */
import type { TimeoutPolicy } from 'cockatiel';
import { classifyThrown, type Cancelled, type Fault } from './classify';
import type { AttemptPhases } from './observer';
import { redactText } from './redact';

/** Filled in by the exchange for the observer: how long it took, and its phases where it got that far. */
export interface ExchangeTiming {
  latencyMs: number;
  phases: AttemptPhases;
}

/** What every exchange of one provider shares: its request timeout and the URL to keep out of messages. */
export interface ExchangePolicy {
  timeout: TimeoutPolicy;
  timeoutMs: number;
  url: string;
}

export async function timedExchange<R extends { firstByteMs?: number; completeMs?: number }, T>(
  policy: ExchangePolicy,
  send: (timeoutSignal: AbortSignal) => Promise<R>,
  signal: AbortSignal,
  timing: ExchangeTiming,
  classify: (response: R) => T,
): Promise<T | Fault | Cancelled> {
  const started = performance.now();
  let inner: AbortSignal | undefined;
  try {
    const response = await policy.timeout.execute((_context, timeoutSignal) => {
      inner = timeoutSignal;
      return send(timeoutSignal);
    }, signal);
    timing.latencyMs = performance.now() - started;
    if (response.firstByteMs !== undefined) timing.phases.firstByteMs = response.firstByteMs;
    if (response.completeMs !== undefined) timing.phases.completeMs = response.completeMs;
    return classify(response);
  } catch (error) {
    timing.latencyMs = performance.now() - started;
    const outcome = classifyThrown(error, {
      callerAborted: signal.aborted,
      // The timeout's signal is derived from the caller's, so it alone being aborted means the deadline passed.
      timedOut: inner?.aborted === true,
      timeoutMs: policy.timeoutMs,
    });
    return outcome.kind === 'fault' ? { ...outcome, message: redactText(outcome.message, policy.url) } : outcome;
  }
}

/** `running`, unless `signal` aborts first: then `cancelled` at once, and `running` goes on unobserved. */
export function unlessCancelled<T>(running: Promise<T>, signal: AbortSignal): Promise<T | Cancelled> {
  const cancelled: Cancelled = { kind: 'cancelled' };
  if (signal.aborted) return Promise.resolve(cancelled);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(cancelled);
    signal.addEventListener('abort', onAbort, { once: true });
    running.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The two upper levels of the timeout hierarchy (connection 5 s and request 10 s per attempt live in connection.ts
 * and provider.ts):
 *
 * - operation (30 s): one `request()` through the whole path, every provider, retry and hedge included. A stage
 *   placed after the bulkhead, so that the time spent queueing (which has its own queueTimeoutMs) is not charged to
 *   it: a request that waited 9 s for a lane still gets its full operation budget once admitted.
 * - global (60 s): one user action, `traced(fn)`. Every request `fn` makes shares it, through the action's signal.
 *
 * Both abort the signal that goes down to undici, which destroys the request and its socket: real cancellation.
 */
import { timeout, TimeoutStrategy } from 'cockatiel';
import { SteadfastError } from '../../shared/errors';
import { cancelledError } from './errors';
import type { Stage } from './pipeline';

export type DeadlineScope = 'operation' | 'global';

/** TIMEOUT naming which deadline passed, so a log line tells a slow action from one slow request. */
export function deadlineError(scope: DeadlineScope, ms: number): SteadfastError {
  const what = scope === 'operation' ? 'operation deadline (one request, every provider tried)' : 'global deadline (one user action)';
  return new SteadfastError({
    code: 'TIMEOUT',
    message: `the ${what} of ${ms} ms passed`,
    retryable: true,
    details: { scope, ms },
  });
}

/**
 * The operation deadline as a stage. cockatiel's TimeoutPolicy fits here: it wraps exactly one call, derives the
 * inner signal from the caller's, and with the aggressive strategy answers at the deadline even if something below
 * were to ignore the signal. abortOnReturn stays off (as in provider.ts) so that afterwards an aborted inner signal
 * with an un-aborted outer one means "our deadline passed" and nothing else.
 */
export function operationDeadline(ms: number): Stage {
  const policy = timeout(ms, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  return (next) => async (request) => {
    let inner: AbortSignal | undefined;
    try {
      return await policy.execute((_context, signal) => {
        inner = signal;
        return next({ ...request, signal });
      }, request.signal);
    } catch (error) {
      // cockatiel also throws TaskCancelledError when the outer signal aborts: that is the caller's cancel.
      if (request.signal.aborted) throw error instanceof SteadfastError ? error : cancelledError();
      if (inner?.aborted === true) throw deadlineError('operation', ms);
      throw error;
    }
  };
}

/** What an action (`traced`) puts into its context for the requests made inside it. */
export interface ActionScope {
  /** Aborts at the action's deadline or when its caller (or an enclosing action) gives up; the reason says which. */
  readonly signal: AbortSignal;
}

/**
 * One action's deadline and cancellation. Own code rather than cockatiel's timeout: the deadline is ambient (every
 * request made under the action must see it, long after `execute` would have handed its signal to `fn`) and its
 * signal must carry a reason (TIMEOUT global vs CANCELLED) that each request rethrows; cockatiel aborts without one.
 */
export class ActionDeadline implements ActionScope {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly unlink: () => void;

  /** `ms` undefined: no deadline of its own (a nested action inherits its parent's through `parent`). */
  constructor(ms: number | undefined, caller: AbortSignal | undefined, parent: AbortSignal | undefined) {
    const abortWith = (reason: () => SteadfastError): void => {
      if (!this.controller.signal.aborted) this.controller.abort(reason());
    };
    const onCaller = (): void => abortWith(cancelledError);
    // A parent's reason is passed on as is: a child of a timed-out action timed out too.
    const onParent = (): void => abortWith(() => reasonOf(parent) ?? cancelledError());
    caller?.addEventListener('abort', onCaller, { once: true });
    parent?.addEventListener('abort', onParent, { once: true });
    this.unlink = () => {
      caller?.removeEventListener('abort', onCaller);
      parent?.removeEventListener('abort', onParent);
    };
    if (parent?.aborted === true) onParent();
    if (caller?.aborted === true) onCaller();
    if (ms !== undefined && !this.controller.signal.aborted) {
      this.timer = setTimeout(() => abortWith(() => deadlineError('global', ms)), ms);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Ends the action: its timer and its listeners on longer-lived signals go at once. */
  dispose(): void {
    clearTimeout(this.timer);
    this.unlink();
  }
}

/**
 * The SteadfastError an action's signal was aborted with, as a fresh instance so that every request failing for it
 * gets its own error (with its own stack) rather than sharing one mutable object.
 */
export function reasonOf(signal: AbortSignal | undefined): SteadfastError | undefined {
  if (signal?.aborted !== true) return undefined;
  const reason: unknown = signal.reason;
  return reason instanceof SteadfastError ? new SteadfastError(reason.toData()) : cancelledError();
}

/**
 * One signal that aborts with any input. Hand-rolled rather than AbortSignal.any so that the listeners on the
 * long-lived signals (engine lifetime, an action) are removed as soon as the request ends, not whenever GC runs.
 */
export function linkSignals(...inputs: Array<AbortSignal | undefined>): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const signals = inputs.filter((s): s is AbortSignal => s !== undefined);
  const abort = (): void => controller.abort();
  for (const s of signals) s.addEventListener('abort', abort, { once: true });
  if (signals.some((s) => s.aborted)) abort();
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals) s.removeEventListener('abort', abort);
    },
  };
}

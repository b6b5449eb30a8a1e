/**
 * One provider's circuit breaker: cockatiel's CircuitBreakerPolicy (ConsecutiveBreaker + a growing halfOpenAfter)
 * with our own admission check in front of it and our own view of its state.
 *
 * Why not cockatiel alone:
 * - In half-open, cockatiel lets one probe through and makes every other caller *wait* for the probe's verdict. In a
 *   fallback chain a caller should not wait on a sick provider, it should go to the next one. So `admits()` refuses
 *   while a probe is in flight and the request path skips this provider.
 * - cockatiel moves Open → HalfOpen lazily, on the next call after the delay. The UI should show "half-open" when
 *   the breaker is ready for its probe, and say so when it happens, so we keep the open time and a timer ourselves.
 *   That needs the current delay, which cockatiel keeps private: `RecordingBackoff` notes each delay it hands out.
 *
 * Who probes: whichever call reaches a breaker that is due for its probe first. That is usually user traffic, but a
 * backup provider gets none while a better-ranked one is healthy, so the health monitor's head poll takes the probe
 * too (`tryProbe`, called from monitor.ts through provider.ts): it runs through the same `policy.execute`, so a
 * success closes the breaker, a failure re-opens it with the grown cool-down, and "exactly one probe" still holds
 * (a user request holding the half-open slot makes `tryProbe` decline; a monitor probe holding it makes `admits()`
 * refuse user traffic, which moves on to the next provider as with any probe in flight).
 *
 * Cool-down: cockatiel's ExponentialBackoff drives it (a fresh backoff on Closed → Open, `.next()` on each failed
 * probe, so a success resets it by construction); only the delay formula is ours (`coolDown`).
 */
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  IsolatedCircuitError,
  type CircuitBreakerPolicy,
  type GeneratorFn,
  type IBackoff,
  type IBackoffFactory,
  type IDisposable,
} from 'cockatiel';
import type { BreakerState, BreakerTransition } from '../../shared/domain';

/** Transitions kept for status: enough to read a flapping provider's last hour or so, bounded for memory. */
export const TRANSITIONS_KEPT = 50;
/** ±20 % on every grown delay, so that providers (and app instances) that failed together do not probe together. */
const JITTER = 0.2;

/**
 * Cool-down number `n` (0 = the first opening): exactly `initialDelay` the first time (the documented
 * `halfOpenAfterMs`, and what the UI can promise), then `initialDelay × 2ⁿ × U(0.8, 1.2)`, capped at `maxDelay`.
 * Not one of cockatiel's generators: its full/half jitter can make the *first* wait near zero, and its decorrelated
 * jitter does not give a predictable doubling; the rest (state, capping, resetting) is cockatiel's.
 */
export const coolDown: GeneratorFn<number> = (n = 0, options) => {
  const jitter = n === 0 ? 1 : 1 - JITTER + Math.random() * 2 * JITTER;
  return [Math.min(options.maxDelay, Math.round(options.initialDelay * options.exponent ** n * jitter)), n + 1];
};

/** Hands cockatiel its backoffs and remembers the duration of the last one handed out. */
class RecordingBackoff<C> implements IBackoffFactory<C> {
  lastMs = 0;
  constructor(private readonly inner: IBackoffFactory<C>) {}
  next(context: C): IBackoff<C> {
    return this.wrap(this.inner.next(context));
  }
  private wrap(backoff: IBackoff<C>): IBackoff<C> {
    this.lastMs = backoff.duration;
    return { duration: backoff.duration, next: (context: C) => this.wrap(backoff.next(context)) };
  }
}

/** Thrown through the policy to count a provider fault. Anything else passes through uncounted. */
export class CountedFailure extends Error {
  override readonly name = 'CountedFailure';
  constructor(readonly outcome: unknown) {
    super('provider fault');
  }
}

/** The breaker refused the call (its state changed between `admits()` and `execute()`). */
export function isRefusal(error: unknown): boolean {
  return error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError;
}

export interface BreakerSettings {
  consecutiveFailures: number;
  /** The first cool-down. */
  halfOpenAfterMs: number;
  /** The longest cool-down, however many probes failed. */
  halfOpenMaxMs: number;
}

/** The breaker of one provider; `state()` is what status and the UI show. */
export class ProviderBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private readonly backoff: RecordingBackoff<unknown>;
  private readonly subscriptions: IDisposable[] = [];
  private readonly history: BreakerTransition[] = [];
  private openedAt = 0;
  private openCount = 0;
  /** The cool-down of the current opening. */
  private delayMs: number;
  private readyTimer: NodeJS.Timeout | undefined;
  private isolation: IDisposable | undefined;
  private shown: BreakerState = 'closed';
  private since: number | null = null;

  /** `onTransition` fires whenever `state()` changes value. */
  constructor(
    settings: BreakerSettings,
    private readonly onTransition: () => void,
  ) {
    this.delayMs = settings.halfOpenAfterMs;
    this.backoff = new RecordingBackoff(
      new ExponentialBackoff({ generator: coolDown, initialDelay: settings.halfOpenAfterMs, maxDelay: settings.halfOpenMaxMs }),
    );
    this.policy = circuitBreaker(handleWhen((error) => error instanceof CountedFailure), {
      halfOpenAfter: this.backoff,
      breaker: new ConsecutiveBreaker(settings.consecutiveFailures),
    });
    this.subscriptions.push(
      this.policy.onBreak(() => {
        // Isolation also emits onBreak; it has no delay to wait out.
        if (this.policy.state !== CircuitState.Open) return;
        this.openCount++;
        this.openedAt = Date.now();
        // cockatiel asked the backoff for this opening's delay just before emitting onBreak.
        this.delayMs = this.backoff.lastMs;
        this.armReadyTimer(this.delayMs);
      }),
      this.policy.onStateChange(() => this.refresh()),
    );
  }

  /** Our vocabulary. Open past its delay is shown as half-open: the next call will be let through as the probe. */
  state(): BreakerState {
    switch (this.policy.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      case CircuitState.Isolated:
        return 'isolated';
      case CircuitState.Open:
        return this.coolDownOver() ? 'half-open' : 'open';
    }
  }

  /** Epoch ms of the last change of `state()`, or null if it never changed. */
  changedAt(): number | null {
    this.refresh();
    return this.since;
  }

  /** The last `TRANSITIONS_KEPT` changes of `state()`, oldest first (copies). */
  transitions(): BreakerTransition[] {
    // The ready timer may be a tick behind `state()` (timers run late); never show a state the history lacks.
    this.refresh();
    return this.history.map((t) => ({ ...t }));
  }

  /**
   * How many times the breaker has opened (half-open → open included). A call that began at another count than the
   * current one began before the latest opening: its fault is old news (provider.ts does not count it).
   */
  openings(): number {
    return this.openCount;
  }

  /** The cool-down of the current (or last) opening, in ms. */
  coolDownMs(): number {
    return this.delayMs;
  }

  /**
   * May a call go to this provider now? Closed: yes. Open: only once the delay has passed, and then only the one
   * call that becomes the probe (cockatiel flips to HalfOpen synchronously when it starts it). Half-open with a
   * probe in flight, or isolated: no.
   */
  admits(): boolean {
    const state = this.policy.state;
    return state === CircuitState.Closed || (state === CircuitState.Open && this.coolDownOver());
  }

  /**
   * Run `fn` under the breaker. Throw `CountedFailure` from `fn` to count a fault; return normally (also for a
   * deterministic error answer) to count a success; throw anything else to count nothing. Exception: cockatiel
   * counts any non-fault error of a half-open probe as a success, so a probe the caller cancelled closes the
   * breaker; the request path avoids that by never cancelling a probe but on dispose, and then reporting it as a
   * `CountedFailure` (see provider.ts `guarded`).
   */
  execute<T>(fn: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return this.policy.execute(fn, signal);
  }

  /**
   * Is the breaker open, past its cool-down, with no probe in flight? Then the next call through `execute` becomes
   * the half-open probe. False when closed, still cooling down, probing already, or isolated.
   */
  probeDue(): boolean {
    return this.policy.state === CircuitState.Open && this.coolDownOver();
  }

  /**
   * A background health probe offered as the half-open probe. When `probeDue()`, `send` runs through the policy
   * (cockatiel moves Open → HalfOpen synchronously as it starts, so no user call can slip in beside it): `failed`
   * telling false closes the breaker, true re-opens it for the next, grown cool-down. Otherwise (closed, cooling
   * down, a user request holding the probe slot, isolated) `send` runs outside the breaker and counts nothing.
   * Returns `send`'s outcome either way, and whether it served as the probe.
   */
  async tryProbe<T>(send: () => Promise<T>, failed: (outcome: T) => boolean): Promise<{ outcome: T; probed: boolean }> {
    if (!this.probeDue()) return { outcome: await send(), probed: false };
    try {
      const outcome = await this.policy.execute(async () => {
        const result = await send();
        if (failed(result)) throw new CountedFailure(result);
        return result;
      });
      return { outcome, probed: true };
    } catch (error) {
      if (error instanceof CountedFailure) return { outcome: error.outcome as T, probed: true };
      // Defensive: the state changed between the check and execute (cannot happen synchronously); probe unguarded.
      if (isRefusal(error)) return { outcome: await send(), probed: false };
      throw error;
    }
  }

  /** Operator switch: isolated providers get no traffic until released. */
  setIsolated(isolated: boolean): void {
    if (isolated && this.isolation === undefined) this.isolation = this.policy.isolate();
    if (!isolated && this.isolation !== undefined) {
      this.isolation.dispose();
      this.isolation = undefined;
    }
  }

  dispose(): void {
    clearTimeout(this.readyTimer);
    this.readyTimer = undefined;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  private coolDownOver(): boolean {
    return Date.now() - this.openedAt >= this.delayMs;
  }

  /** Tell listeners when an open breaker becomes ready for its probe; nothing else would. */
  private armReadyTimer(delayMs: number): void {
    clearTimeout(this.readyTimer);
    // Owned and cleared by dispose(). Not unref'd: a forgotten engine should show up in leak checks.
    this.readyTimer = setTimeout(() => {
      this.readyTimer = undefined;
      // Timers run on a monotonic clock, openedAt on the wall clock: wait out a millisecond of rounding if needed.
      const left = this.delayMs - (Date.now() - this.openedAt);
      if (left > 0 && this.policy.state === CircuitState.Open) this.armReadyTimer(left);
      else this.refresh();
    }, delayMs);
  }

  private refresh(): void {
    const next = this.state();
    if (next === this.shown) return;
    const at = Date.now();
    this.history.push({ from: this.shown, to: next, at });
    if (this.history.length > TRANSITIONS_KEPT) this.history.shift();
    this.shown = next;
    this.since = at;
    this.onTransition();
  }
}

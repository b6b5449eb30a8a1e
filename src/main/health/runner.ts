/**
 * Runs named health checks, each on its own interval and under its own timeout. A check that hangs is failed at its
 * timeout ("timed out after 5 s") and never holds the others back: every check runs under its own
 * `AbortSignal.timeout`, and a round waits on `Promise.allSettled`, so one slow or throwing check cannot stall or
 * sink the round.
 */
import type { HealthCheckResult } from '../../shared/domain';

/** A check that has not answered in this long has failed: an operator needs an answer, not a spinner. */
export const DEFAULT_CHECK_TIMEOUT_MS = 5_000;

export interface CheckVerdict {
  ok: boolean;
  message: string;
}

/** One named check of one target. `run` should honour `signal` (it aborts at the timeout), but need not. */
export interface CheckDefinition {
  name: string;
  scope: HealthCheckResult['scope'];
  target: string;
  critical: boolean;
  /** How often it runs; between runs its last result stands. */
  intervalMs: number;
  /** Default `DEFAULT_CHECK_TIMEOUT_MS`. */
  timeoutMs?: number;
  run(signal: AbortSignal): CheckVerdict | Promise<CheckVerdict>;
}

/** `5 s` for whole seconds, `250 ms` otherwise: the message an operator reads. */
export function formatDuration(ms: number): string {
  return ms >= 1_000 && ms % 1_000 === 0 ? `${ms / 1_000} s` : `${ms} ms`;
}

/** Run one check now; never rejects (a throw or a hang is a failed check). */
export async function runCheck(
  check: CheckDefinition,
  now: () => number = Date.now,
  parent?: AbortSignal,
): Promise<HealthCheckResult> {
  const timeoutMs = check.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  // The check sees one signal: its own timeout, or its owner shutting down (then the result is thrown away).
  const signal = parent === undefined ? timeout : AbortSignal.any([timeout, parent]);
  const started = performance.now();
  const checkedAt = now();
  let onAbort: (() => void) | undefined;
  const timedOut = new Promise<CheckVerdict>((resolve) => {
    onAbort = () =>
      resolve({ ok: false, message: timeout.aborted ? `timed out after ${formatDuration(timeoutMs)}` : 'cancelled' });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  let verdict: CheckVerdict;
  try {
    verdict = await Promise.race([Promise.resolve().then(() => check.run(signal)), timedOut]);
  } catch (error) {
    verdict = { ok: false, message: `check failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
  const { name, scope, target, critical } = check;
  const durationMs = Math.round(performance.now() - started);
  return { name, scope, target, critical, ok: verdict.ok, message: verdict.message, checkedAt, durationMs };
}

/** Run checks side by side; resolves when each has answered or timed out. Results in the order of `checks`. */
export async function runChecks(checks: readonly CheckDefinition[], now: () => number = Date.now): Promise<HealthCheckResult[]> {
  const settled = await Promise.allSettled(checks.map((c) => runCheck(c, now)));
  return settled.map((s, i) => {
    if (s.status === 'fulfilled') return s.value;
    const c = checks[i]!;
    const message = `check failed: ${String(s.reason)}`;
    return { name: c.name, scope: c.scope, target: c.target, critical: c.critical, ok: false, message, checkedAt: now(), durationMs: 0 };
  });
}

/**
 * Keeps each check's last result and starts the ones that are due, without waiting for them: a round returns at
 * once with the latest results, so a probe that hangs for its whole timeout never delays the verdict of the cheap
 * checks (it keeps its previous result until it answers or times out). Checks are identified by `name` + `target`,
 * so the list may be rebuilt every round (the runtime is rebuilt when chains change) without losing their schedule;
 * results of checks no longer listed are forgotten. `dispose` aborts what runs and waits for it.
 */
export class CheckSchedule {
  private readonly last = new Map<string, { result: HealthCheckResult; ranAt: number }>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopped = new AbortController();

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts the due checks (never run, or interval passed, and not running) and returns the latest results. */
  round(checks: readonly CheckDefinition[]): HealthCheckResult[] {
    const t = this.now();
    const keys = checks.map(keyOf);
    checks.forEach((check, i) => {
      const key = keys[i]!;
      const previous = this.last.get(key);
      if (this.stopped.signal.aborted || this.running.has(key)) return;
      if (previous !== undefined && t - previous.ranAt < check.intervalMs) return;
      const running = runCheck(check, this.now, this.stopped.signal).then((result) => {
        this.running.delete(key);
        if (!this.stopped.signal.aborted) this.last.set(key, { result, ranAt: t });
      });
      this.running.set(key, running);
    });
    const listed = new Set(keys);
    for (const key of [...this.last.keys()]) if (!listed.has(key)) this.last.delete(key);
    return keys.flatMap((key) => {
      const entry = this.last.get(key);
      return entry === undefined ? [] : [entry.result];
    });
  }

  /** Resolves when every check started so far has answered (tests, and the first report). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  async dispose(): Promise<void> {
    this.stopped.abort();
    await this.settled();
  }
}

function keyOf(check: CheckDefinition): string {
  return `${check.name}|${check.target}`;
}

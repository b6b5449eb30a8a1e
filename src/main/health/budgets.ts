/**
 * Performance budgets: each measured phase is compared with its budget from settings (read on every check, so an
 * edit applies at once); a breach is recorded, never enforced. Breaches are kept most recent first, bounded.
 *
 * Phases: `connection` is a real TCP(+TLS) connect of a provider's pool; a request on a reused keep-alive socket has
 * no connection phase (not measured, not counted as 0). `firstByte` is from handing the request to the pool to its
 * response headers (on a fresh socket it includes the connect). `complete` is to the end of the body. `render` is
 * what a renderer view reports through `budgets.reportRender`.
 */
import type { BudgetBreach, BudgetPhase, Budgets } from '../../shared/domain';
import type { AttemptEvent, ConnectEvent } from '../engine/observer';

/** Enough for an operator to see a pattern; bounded so a slow provider cannot grow memory. */
export const BREACHES_KEPT = 100;

export function budgetFor(budgets: Budgets, phase: BudgetPhase): number {
  switch (phase) {
    case 'connection':
      return budgets.connectionMs;
    case 'firstByte':
      return budgets.firstByteMs;
    case 'complete':
      return budgets.completeMs;
    case 'render':
      return budgets.renderMs;
  }
}

/**
 * The phases one provider attempt is judged on. A request that never completed (timed out, cut off, its connection
 * failed) took at least its latency to get nowhere: its `complete` phase is judged on that, and a timeout's
 * `firstByte` too (no byte came), or the worst requests, hangs, would be the only ones never to breach.
 */
export function attemptMeasurements(e: AttemptEvent): Measurement[] {
  const where = { operation: e.method, chainId: e.chainId, provider: e.provider };
  const unfinished = e.outcome === 'fault' ? e.latencyMs : undefined;
  const firstByte = e.phases.firstByteMs ?? (e.code === 'TIMEOUT' ? unfinished : undefined);
  const complete = e.phases.completeMs ?? unfinished;
  return [
    ...(firstByte === undefined ? [] : [{ ...where, phase: 'firstByte' as const, actualMs: firstByte }]),
    ...(complete === undefined ? [] : [{ ...where, phase: 'complete' as const, actualMs: complete }]),
  ];
}

/** A connect, judged whether it succeeded or not: one that failed after the whole connect timeout is the worst case. */
export function connectMeasurement(e: ConnectEvent): Measurement {
  return { operation: 'connect', phase: 'connection', actualMs: e.ms, chainId: e.chainId, provider: e.provider };
}

export interface Measurement {
  operation: string;
  phase: BudgetPhase;
  /** Milliseconds; rounded to whole ms before comparing (budgets are whole ms). */
  actualMs: number;
  chainId: number | null;
  provider: string | null;
}

export class BudgetTracker {
  readonly #breaches: BudgetBreach[] = [];
  #next = 1;

  constructor(
    private readonly budgets: () => Budgets,
    private readonly onBreach: (breach: BudgetBreach) => void,
    private readonly now: () => number = Date.now,
    private readonly kept: number = BREACHES_KEPT,
  ) {}

  /** Compare one measurement with its budget; returns the breach recorded, or null within budget. */
  check(m: Measurement): BudgetBreach | null {
    const budgetMs = budgetFor(this.budgets(), m.phase);
    const actualMs = Math.round(m.actualMs);
    if (actualMs <= budgetMs) return null;
    const breach: BudgetBreach = {
      id: `b${this.#next++}`,
      operation: m.operation,
      phase: m.phase,
      budgetMs,
      actualMs,
      excessMs: actualMs - budgetMs,
      at: this.now(),
      chainId: m.chainId,
      provider: m.provider,
    };
    this.#breaches.unshift(breach);
    if (this.#breaches.length > this.kept) this.#breaches.length = this.kept;
    try {
      this.onBreach(breach);
    } catch {
      // Recording must not fail the request that was measured.
    }
    return breach;
  }

  /** Most recent first (copies). */
  list(): BudgetBreach[] {
    return this.#breaches.map((b) => ({ ...b }));
  }
}

/**
 * Bulkhead lanes: critical, standard and background work each get their own concurrency and queue, so background
 * refreshes can never take the slots a user's action needs. A full queue answers BUSY at once; so does a wait longer
 * than the lane's queueTimeoutMs.
 *
 * Own code, not cockatiel's BulkheadPolicy (4.0), because that one:
 * - keeps an aborted caller in its queue until its turn comes, so the caller is not answered and its place is not
 *   freed until then (a queue full of abandoned entries refuses live callers with BUSY);
 * - has no queue timeout;
 * - re-enters `execute` when dequeuing, so a newcomer can take a freed slot ahead of the queue (and the dequeued
 *   caller goes to the back).
 *
 * Below the lanes, each provider's undici Pool must have at least as many connections as all lanes together may
 * have in flight (sum of concurrencies), or requests queue inside undici, where a background request holding a
 * socket delays a critical one: the head-of-line blocking the lanes exist to prevent.
 */
import type { Priority } from '../../shared/domain';
import { SteadfastError } from '../../shared/errors';
import { cancelledError } from './errors';
import type { Stage } from './pipeline';
import type { LaneOptions } from './types';

/** A lane's counters, for metrics and the status view. `rejected` counts every BUSY (full queue and queue timeout). */
export interface LaneStats {
  active: number;
  queued: number;
  rejected: number;
}

interface Waiter {
  admit: () => void;
  refuse: (error: SteadfastError) => void;
}

/** One lane: a counting semaphore with a bounded FIFO queue whose entries leave at once on abort or timeout. */
export class Lane {
  private active = 0;
  private rejected = 0;
  /** Insertion-ordered, so the first entry is the oldest; deletion of any entry is O(1). */
  private readonly queue = new Set<Waiter>();

  /** `onRejected` (optional) hears every BUSY this lane answers, for metrics. */
  constructor(
    readonly name: Priority,
    private readonly options: LaneOptions,
    private readonly onRejected?: (reason: 'full' | 'queue-timeout') => void,
  ) {}

  /**
   * Run `fn` in a slot of this lane. The slot is freed when `fn` settles, or at once when `signal` aborts (what is
   * below sees the same signal and is cancelled with it, so the next caller does not share a socket with a ghost).
   */
  async run<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    await this.admission(signal);
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      this.active--;
      this.handOver();
    };
    signal.addEventListener('abort', release, { once: true });
    try {
      if (signal.aborted) throw cancelledError();
      return await fn();
    } finally {
      signal.removeEventListener('abort', release);
      release();
    }
  }

  stats(): LaneStats {
    return { active: this.active, queued: this.queue.size, rejected: this.rejected };
  }

  /** Resolves once a slot is this caller's; rejects with BUSY (full, or waited too long) or CANCELLED. */
  private admission(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(cancelledError());
    if (this.active < this.options.concurrency && this.queue.size === 0) {
      this.active++;
      return Promise.resolve();
    }
    if (this.queue.size >= this.options.queue) return Promise.reject(this.busy('full'));
    return new Promise<void>((resolve, reject) => {
      const leave = (): void => {
        this.queue.delete(waiter);
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        admit: () => {
          leave();
          resolve();
        },
        refuse: (error) => {
          leave();
          reject(error);
        },
      };
      const onAbort = (): void => waiter.refuse(cancelledError());
      const timer = setTimeout(() => waiter.refuse(this.busy('queue-timeout')), this.options.queueTimeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.add(waiter);
    });
  }

  /** A freed slot goes straight to the oldest waiter, so nobody arriving later can take it first. */
  private handOver(): void {
    const [next] = this.queue;
    if (next === undefined || this.active >= this.options.concurrency) return;
    this.active++;
    next.admit();
  }

  private busy(reason: 'full' | 'queue-timeout'): SteadfastError {
    this.rejected++;
    try {
      this.onRejected?.(reason);
    } catch {
      // A metrics bug must not turn a BUSY into something else.
    }
    const { name, active } = this;
    const queued = this.queue.size - (reason === 'queue-timeout' ? 1 : 0);
    const why =
      reason === 'full'
        ? `${active} in flight and ${queued} queued, the most it takes`
        : `waited ${this.options.queueTimeoutMs} ms in its queue`;
    return new SteadfastError({
      code: 'BUSY',
      message: `the ${name} lane is busy (${why})`,
      retryable: true,
      details: { lane: name, active, queued, reason },
    });
  }
}

/** The three lanes of one chain. */
export class Lanes {
  private readonly lanes: Record<Priority, Lane>;

  constructor(options: Record<Priority, LaneOptions>, onRejected?: (lane: Priority, reason: 'full' | 'queue-timeout') => void) {
    const hook = (lane: Priority) => (onRejected === undefined ? undefined : (reason: 'full' | 'queue-timeout') => onRejected(lane, reason));
    this.lanes = {
      critical: new Lane('critical', options.critical, hook('critical')),
      standard: new Lane('standard', options.standard, hook('standard')),
      background: new Lane('background', options.background, hook('background')),
    };
  }

  get(priority: Priority): Lane {
    return this.lanes[priority];
  }

  stats(): Record<Priority, LaneStats> {
    return { critical: this.lanes.critical.stats(), standard: this.lanes.standard.stats(), background: this.lanes.background.stats() };
  }
}

/** The bulkhead stage: each request runs in the lane `laneOf()` names for it (the request's, or its action's). */
export function bulkhead(lanes: Lanes, laneOf: () => Priority): Stage {
  return (next) => (request) => lanes.get(laneOf()).run(request.signal, () => next(request));
}

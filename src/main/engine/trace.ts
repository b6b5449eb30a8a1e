/**
 * The action context. `traced(fn)`: which providers answered the requests `fn` made, and the lane and deadline
 * every one of them runs under. AsyncLocalStorage carries it through every await, viem's included, so nothing has
 * to be threaded through call signatures.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Priority } from '../../shared/domain';
import { ActionDeadline } from './deadline';
import { DEFAULT_OPTIONS } from './options';
import type { ActionOptions, Trace } from './types';

interface Collector {
  providers: string[];
  oldestCachedAt: number | null;
  /** An enclosing traced() call sees what inner ones saw, too. */
  parent: Collector | undefined;
  /** The action's default lane; an inner action without one inherits it. */
  priority: Priority | undefined;
  /** Aborts with the action's reason (TIMEOUT global or CANCELLED) for every request made inside it. */
  signal: AbortSignal;
}

/** The lane when neither the request nor an enclosing action names one. */
const DEFAULT_PRIORITY: Priority = 'standard';

/** One per chain engine, so a trace names only that chain's providers. */
export class Tracer {
  private readonly storage = new AsyncLocalStorage<Collector>();
  /**
   * The lane of the request being sent, set by `ChainEngine.request` for the stages below it (dedupe, bulkhead).
   * Separate from the collector: it is per request, not per action, and must not collect anything.
   */
  private readonly lane = new AsyncLocalStorage<Priority>();

  /** `globalMs`: an outermost action's deadline when its options give none. */
  constructor(private readonly globalMs: number = DEFAULT_OPTIONS.timeouts.globalMs) {}

  /**
   * Run `fn` as one action. A nested action keeps its parent's deadline and cancellation and may only shorten them;
   * it gets a deadline of its own only when `deadlineMs` is given. Cooperative: when the deadline passes, the
   * requests in flight fail with TIMEOUT and new ones fail at once, and `fn` decides what to make of that.
   */
  async run<T>(fn: () => Promise<T>, options: ActionOptions = {}): Promise<{ value: T; trace: Trace }> {
    const parent = this.storage.getStore();
    const ms = options.deadlineMs ?? (parent === undefined ? this.globalMs : undefined);
    const deadline = new ActionDeadline(ms, options.signal, parent?.signal);
    const collector: Collector = {
      providers: [],
      oldestCachedAt: null,
      parent,
      priority: options.priority ?? parent?.priority,
      signal: deadline.signal,
    };
    try {
      const value = await this.storage.run(collector, fn);
      return { value, trace: { providers: [...collector.providers], oldestCachedAt: collector.oldestCachedAt } };
    } finally {
      deadline.dispose();
    }
  }

  /** The innermost action's signal, or undefined outside traced(). */
  actionSignal(): AbortSignal | undefined {
    return this.storage.getStore()?.signal;
  }

  /** The lane a request gets: its own, else its action's, else `standard`. */
  priorityFor(requested: Priority | undefined): Priority {
    return requested ?? this.storage.getStore()?.priority ?? DEFAULT_PRIORITY;
  }

  /** Run one request's path with `priority` as its lane. */
  inLane<T>(priority: Priority, fn: () => Promise<T>): Promise<T> {
    return this.lane.run(priority, fn);
  }

  /** The lane of the request whose path is running now. */
  currentLane(): Priority {
    return this.lane.getStore() ?? this.priorityFor(undefined);
  }

  /** Note that `provider` answered a request made in the current async context (no-op outside traced()). */
  record(provider: string): void {
    for (let c = this.storage.getStore(); c !== undefined; c = c.parent) {
      if (!c.providers.includes(provider)) c.providers.push(provider);
    }
  }

  /** Note that a request in the current context was answered from the last-known-good cache, stored at `cachedAt`. */
  recordCached(cachedAt: number): void {
    for (let c = this.storage.getStore(); c !== undefined; c = c.parent) {
      if (c.oldestCachedAt === null || cachedAt < c.oldestCachedAt) c.oldestCachedAt = cachedAt;
    }
  }
}

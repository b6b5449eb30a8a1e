/**
 * `traced(fn)`: which providers answered the requests `fn` made. AsyncLocalStorage carries the collector through
 * every await, viem's included, so nothing has to be threaded through call signatures.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Trace } from './types';

interface Collector {
  providers: string[];
  oldestCachedAt: number | null;
  /** An enclosing traced() call sees what inner ones saw, too. */
  parent: Collector | undefined;
}

/** One per chain engine, so a trace names only that chain's providers. */
export class Tracer {
  private readonly storage = new AsyncLocalStorage<Collector>();

  async run<T>(fn: () => Promise<T>): Promise<{ value: T; trace: Trace }> {
    const collector: Collector = { providers: [], oldestCachedAt: null, parent: this.storage.getStore() };
    const value = await this.storage.run(collector, fn);
    return { value, trace: { providers: [...collector.providers], oldestCachedAt: collector.oldestCachedAt } };
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

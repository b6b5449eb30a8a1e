/**
 * A fixed-capacity ring of latency points per provider. The operator panel stays open all day, so memory must not
 * grow with time: each provider keeps at most `capacity` points, pushes closer together than `bucketMs` overwrite
 * the newest point instead of adding one, and providers that disappear from a push are dropped.
 */
import type { ProviderStatus } from '../../../../shared/domain';

export interface LatencyPoint {
  /** Epoch ms of the push this point was taken from. */
  at: number;
  p50: number;
  p95: number;
  p99: number;
}

export class LatencyRing {
  readonly #points: Array<LatencyPoint | undefined>;
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#points = new Array<LatencyPoint | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  last(): LatencyPoint | undefined {
    return this.#size === 0 ? undefined : this.#points[(this.#start + this.#size - 1) % this.capacity];
  }

  push(point: LatencyPoint): void {
    if (this.#size < this.capacity) {
      this.#points[(this.#start + this.#size) % this.capacity] = point;
      this.#size += 1;
    } else {
      this.#points[this.#start] = point;
      this.#start = (this.#start + 1) % this.capacity;
    }
  }

  replaceLast(point: LatencyPoint): void {
    if (this.#size === 0) this.push(point);
    else this.#points[(this.#start + this.#size - 1) % this.capacity] = point;
  }

  /** Oldest first. */
  toArray(): LatencyPoint[] {
    const out: LatencyPoint[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.#points[(this.#start + i) % this.capacity]!);
    return out;
  }
}

export interface LatencyHistoryOptions {
  /** Points kept per provider. */
  capacity: number;
  /** Pushes closer together than this share one point (the newest wins). */
  bucketMs: number;
}

/** 15 minutes at one point per 5 s: enough to see a trend, 180 small objects per provider at most. */
export const DEFAULT_HISTORY: LatencyHistoryOptions = { capacity: 180, bucketMs: 5_000 };

export class LatencyHistory {
  readonly #rings = new Map<string, LatencyRing>();

  constructor(readonly options: LatencyHistoryOptions = DEFAULT_HISTORY) {}

  /** Takes one push; returns true when something changed. */
  record(providers: readonly ProviderStatus[], at: number): boolean {
    const present = new Set(providers.map((p) => p.id));
    let changed = false;
    for (const id of [...this.#rings.keys()]) {
      if (!present.has(id)) {
        this.#rings.delete(id);
        changed = true;
      }
    }
    for (const provider of providers) {
      if (provider.latency === null) continue;
      let ring = this.#rings.get(provider.id);
      if (ring === undefined) this.#rings.set(provider.id, (ring = new LatencyRing(this.options.capacity)));
      const { p50, p95, p99 } = provider.latency;
      const point: LatencyPoint = { at, p50, p95, p99 };
      const last = ring.last();
      if (last !== undefined && at - last.at < this.options.bucketMs) ring.replaceLast({ ...point, at: last.at });
      else ring.push(point);
      changed = true;
    }
    return changed;
  }

  series(id: string): LatencyPoint[] {
    return this.#rings.get(id)?.toArray() ?? [];
  }

  /** Points held in all, for the memory bound's test. */
  get totalPoints(): number {
    let total = 0;
    for (const ring of this.#rings.values()) total += ring.size;
    return total;
  }

  clear(): void {
    this.#rings.clear();
  }
}

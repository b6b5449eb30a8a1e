/**
 * One provider's recent outcomes: a bounded ring of the last N attempts, each either an answer's latency or a fault.
 * Latency percentiles are taken over the answers in it, the error rate over all of it, so both describe the same
 * recent stretch of traffic.
 *
 * Hand-written rather than prom-client's Summary: hedging needs a provider's p95 synchronously, on the hot path of
 * every read, and prom-client's percentile getters are async (they go through the registry). A 256-entry ring sorted
 * on demand (cached until the next sample) costs microseconds. Prometheus histograms are a separate, later concern.
 */
import type { LatencySummary } from '../../shared/domain';

/** Attempts remembered. Large enough for a stable p95/p99 (p99 of 256 is the third-largest), small enough to adapt. */
export const WINDOW_SIZE = 256;

/** Marks a fault in the ring; latencies are never negative. */
const FAULT = -1;

/** The last `capacity` outcomes of one provider. */
export class RecentWindow {
  private readonly ring: number[] = [];
  private next = 0;
  private faults = 0;
  /** Answered latencies in ascending order, rebuilt lazily after a change. */
  private sorted: number[] | null = null;

  constructor(private readonly capacity = WINDOW_SIZE) {}

  /** The provider answered (a result, a deterministic error, or "method not found") after `latencyMs`. */
  answered(latencyMs: number): void {
    this.push(Math.max(0, latencyMs));
  }

  /** The provider was at fault (timeout, refused, 5xx, 429, garbage...). */
  faulted(): void {
    this.push(FAULT);
  }

  /**
   * The breaker closed again: the faults of the outage are history. Kept, they would hold the error rate of a backup
   * that gets no traffic afterwards at the outage's level indefinitely. The answers' latencies stay.
   */
  forgetFaults(): void {
    if (this.faults === 0) return;
    const kept = this.ring.filter((v) => v !== FAULT);
    this.ring.length = 0;
    this.ring.push(...kept);
    this.next = kept.length % this.capacity;
    this.faults = 0;
    this.sorted = null;
  }

  /** Faults / attempts in the window; 0 when there were none. */
  errorRate(): number {
    return this.ring.length === 0 ? 0 : this.faults / this.ring.length;
  }

  /** Attempts in the window (answers and faults). */
  attempts(): number {
    return this.ring.length;
  }

  /** Answers in the window: the samples the percentiles are taken over. */
  samples(): number {
    return this.answers().length;
  }

  /** Nearest-rank percentile of the answered latencies (`q` in 0..1); null without a sample. */
  percentile(q: number): number | null {
    const answers = this.answers();
    if (answers.length === 0) return null;
    const rank = Math.min(answers.length, Math.max(1, Math.ceil(q * answers.length)));
    return answers[rank - 1] ?? null;
  }

  /** What status shows; null until there is an answer. */
  summary(): LatencySummary | null {
    const samples = this.samples();
    if (samples === 0) return null;
    return {
      p50: this.percentile(0.5) ?? 0,
      p95: this.percentile(0.95) ?? 0,
      p99: this.percentile(0.99) ?? 0,
      samples,
    };
  }

  private push(value: number): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(value);
    } else {
      if (this.ring[this.next] === FAULT) this.faults--;
      this.ring[this.next] = value;
    }
    this.next = (this.next + 1) % this.capacity;
    if (value === FAULT) this.faults++;
    this.sorted = null;
  }

  private answers(): number[] {
    this.sorted ??= this.ring.filter((v) => v !== FAULT).sort((a, b) => a - b);
    return this.sorted;
  }
}

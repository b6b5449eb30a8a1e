/**
 * Memory pressure against V8's heap limit, and what the app does about it.
 *
 * Thresholds (heap used / heap_size_limit): below 70 % `normal`; from 70 % `elevated`; from 85 % `critical`. V8's
 * GC gets expensive well before the limit, and at 85 % one large eth_getLogs answer can be the last straw.
 * - elevated: the engine's last-known-good caches are trimmed to half their bound (least recently used first),
 *   on entering the level and again every TRIM_EVERY_MS while it lasts;
 * - critical: trimmed to a tenth, and background work pauses (`paused()`): the health service's live probes and the
 *   operator push stop until pressure is back to elevated or below. Reads the user asked for keep running.
 */
import { getHeapStatistics } from 'node:v8';
import type { MemoryGauge } from '../../shared/domain';

export const ELEVATED_HEAP_SHARE = 0.7;
export const CRITICAL_HEAP_SHARE = 0.85;
const TRIM_EVERY_MS = 30_000;

export interface MemoryReading {
  rssBytes: number;
  heapUsedBytes: number;
  heapLimitBytes: number;
}

export function pressureOf(reading: MemoryReading): MemoryGauge['pressure'] {
  const share = reading.heapLimitBytes > 0 ? reading.heapUsedBytes / reading.heapLimitBytes : 0;
  return share >= CRITICAL_HEAP_SHARE ? 'critical' : share >= ELEVATED_HEAP_SHARE ? 'elevated' : 'normal';
}

export function readMemory(): MemoryReading {
  const usage = process.memoryUsage();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed, heapLimitBytes: getHeapStatistics().heap_size_limit };
}

export class MemoryManager {
  #pressure: MemoryGauge['pressure'] = 'normal';
  #lastTrim = -Infinity;

  /** `trim(keepFraction)` shrinks the caches (the current runtime's engine). */
  constructor(
    private readonly trim: (keepFraction: number) => number,
    private readonly read: () => MemoryReading = readMemory,
    private readonly now: () => number = Date.now,
  ) {}

  /** Read memory, act on the pressure (see the file comment), and return the gauge. */
  check(): MemoryGauge {
    const reading = this.read();
    const pressure = pressureOf(reading);
    const entered = pressure !== this.#pressure;
    this.#pressure = pressure;
    if (pressure !== 'normal' && (entered || this.now() - this.#lastTrim >= TRIM_EVERY_MS)) {
      this.#lastTrim = this.now();
      this.trim(pressure === 'critical' ? 0.1 : 0.5);
    }
    return { ...reading, pressure };
  }

  /** The last reading's gauge without acting. */
  gauge(): MemoryGauge {
    return { ...this.read(), pressure: this.#pressure };
  }

  /** True while pressure is critical: background work should wait. */
  paused(): boolean {
    return this.#pressure === 'critical';
  }
}

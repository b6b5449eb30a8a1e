/**
 * Head bookkeeping for one chain's providers: the latest block each one reported and the lag verdict derived from
 * the best of them. Pure state (no timers, no I/O, an injectable clock) so the rules can be tested on their own.
 */

/** What the status shows about one provider's head; the fields of `ProviderStatus` of the same names. */
export interface HeadFacts {
  /** `at`: when the provider was first seen at this height (so the UI can tell a stuck head from a fresh one). */
  head: { blockNumber: bigint; at: number } | null;
  lagBlocks: number | null;
  lagging: boolean;
}

/** The two thresholds of `EngineOptions.health` that decide demotion. */
export interface LagLimits {
  maxLagBlocks: number;
  maxLagMs: number;
}

interface Entry {
  blockNumber: bigint;
  /** When the height last went up: the basis of both `head.at` and the "stuck" rule. */
  advancedAt: number;
  lagBlocks: number | null;
  lagging: boolean;
}

const QUANTITY = /^0x[0-9a-f]+$/i;

/** A JSON-RPC quantity (`0x1a`) as a bigint; null for anything else, so a garbled answer never becomes a head. */
export function parseQuantity(value: unknown): bigint | null {
  return typeof value === 'string' && QUANTITY.test(value) ? BigInt(value) : null;
}

/** Latest heads per provider id, and who lags the best of them. */
export class HeadTracker {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limits: LagLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Record a head; returns true when the shown head changed. Verdicts change only in `evaluate`. */
  observe(id: string, blockNumber: bigint): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) {
      this.entries.set(id, { blockNumber, advancedAt: this.now(), lagBlocks: null, lagging: false });
      return true;
    }
    if (blockNumber === entry.blockNumber) return false;
    // A lower answer (a load balancer flipping to a node behind, a reorg) is recorded as is: the lag rules should
    // see the provider as it answers now. It is not an advance, so the "stuck" clock keeps running.
    if (blockNumber > entry.blockNumber) entry.advancedAt = this.now();
    entry.blockNumber = blockNumber;
    return true;
  }

  /** Drop a provider's head (it answers for another chain: its height means nothing here). */
  forget(id: string): boolean {
    return this.entries.delete(id);
  }

  /** The highest head among `counted`, or null when none is known. */
  best(counted: ReadonlySet<string>): bigint | null {
    let best: bigint | null = null;
    for (const [id, entry] of this.entries) {
      if (counted.has(id) && (best === null || entry.blockNumber > best)) best = entry.blockNumber;
    }
    return best;
  }

  /**
   * Re-derive every verdict against the best head among `counted` (the caller leaves quarantined providers out, so
   * another chain's height can never demote this chain's providers). Returns true when any verdict changed.
   *
   * Lagging: more than `maxLagBlocks` behind the best, or behind it at all while its own head has not moved for
   * more than `maxLagMs`. "Behind at all" is what makes the second rule mean "while others' heads advanced": on a
   * chain that stops producing blocks every provider sits at the best head and nobody is demoted.
   */
  evaluate(counted: ReadonlySet<string>): boolean {
    const best = this.best(counted);
    const now = this.now();
    let changed = false;
    for (const [id, entry] of this.entries) {
      const lagBlocks = best === null || !counted.has(id) ? null : Number(best - entry.blockNumber);
      const lagging =
        lagBlocks !== null &&
        (lagBlocks > this.limits.maxLagBlocks || (lagBlocks > 0 && now - entry.advancedAt > this.limits.maxLagMs));
      if (lagBlocks !== entry.lagBlocks || lagging !== entry.lagging) changed = true;
      entry.lagBlocks = lagBlocks;
      entry.lagging = lagging;
    }
    return changed;
  }

  facts(id: string): HeadFacts {
    const entry = this.entries.get(id);
    if (entry === undefined) return { head: null, lagBlocks: null, lagging: false };
    return {
      head: { blockNumber: entry.blockNumber, at: entry.advancedAt },
      lagBlocks: entry.lagBlocks,
      lagging: entry.lagging,
    };
  }
}

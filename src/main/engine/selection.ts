/**
 * Provider selection: the order in which one request will try a chain's providers.
 *
 * 1. Eligible providers before demoted ones (lagging the others' head), whatever their rank; excluded ones
 *    (quarantined for a wrong chain id) never. The verdicts come from the health monitor (`EligibilityOf`).
 * 2. Within each of those, lower rank first, always: a healthy primary takes all the traffic and the others stay
 *    cold until it fails.
 * 3. Among the available providers of one rank, the first is picked by smooth weighted round robin (nginx's: every
 *    pick adds each one's effective weight to its current weight, takes the largest, and subtracts the total from
 *    it), which spreads picks evenly in time and exactly by weight: 5:1:1 gives a a b a c a a. The rest of the rank
 *    follow by effective weight, as fallbacks.
 *
 * Unavailable providers (breaker open and not yet due for its probe, probe in flight, isolated, throttled) are left
 * out; the request path checks the breaker again at the moment it tries one, since that can change meanwhile.
 *
 * The order is produced lazily: a rank's round robin only advances when a request actually reaches that rank, so a
 * secondary's rotation follows the requests that fail over to it, not every request the primary served.
 */

/** What selection needs to know about a provider right now. */
export interface SelectionFacts {
  /** May be tried now: breaker closed (or due for its probe) and not throttled. */
  available: boolean;
  /** Faults / attempts over the provider's recent window, 0..1. */
  errorRate: number;
  /** Recent median latency of answers; null while there are too few samples to trust it. */
  p50Ms: number | null;
}

export interface Candidate {
  /** `${chainId}:${name}`, as `EligibilityOf` is keyed. */
  id: string;
  rank: number;
  weight: number;
  selectionFacts(): SelectionFacts;
}

/**
 * What the health monitor says of a provider right now: `excluded` (quarantined for a wrong chain id) gets no
 * traffic; `demoted` (lagging the others' head) is tried only after every eligible provider, whatever its rank.
 */
export type Eligibility = 'eligible' | 'demoted' | 'excluded';
export type EligibilityOf = (providerId: string) => Eligibility;

/** Until the health monitor is wired in: everyone is eligible. */
export const allEligible: EligibilityOf = () => 'eligible';

/** The providers in the order to try them, produced lazily (see the module comment). */
export type Selector = <T extends Candidate>(candidates: readonly T[], eligibility?: EligibilityOf) => Iterable<T>;

/** The least share of its configured weight a provider keeps, however bad: it must keep getting the samples that
 * let it recover. 5 % of a primary's traffic is a trickle that costs users little. */
export const MIN_WEIGHT_FACTOR = 0.05;
/** Latency differences below about this are noise (loopback vs LAN, GC pauses) and must not move traffic. */
export const LATENCY_SLACK_MS = 20;

/**
 * effective = weight × max(MIN_WEIGHT_FACTOR, (1 − errorRate) × (bestP50 + S) / (p50 + S)), S = LATENCY_SLACK_MS.
 *
 * - `1 − errorRate`: a provider failing a third of its requests gets two thirds of its share; each of its faults
 *   costs a failover round trip, so its share should shrink in proportion.
 * - `(bestP50 + S) / (p50 + S)`: relative to the fastest of its rank, so the fastest keeps its full weight and one
 *   twice as slow gets about half. Relative, not absolute: a rank of uniformly slow providers is not penalised. The
 *   slack keeps 1 ms vs 2 ms from halving anyone.
 * - Without enough latency samples the speed factor is 1: a new provider is tried at its full weight.
 * - Both factors come from the provider's recent window, so as faults and slow answers age out the weight recovers.
 * Weight 0 (or less) stays 0: such a provider is a last resort, never picked first.
 */
export function effectiveWeight(weight: number, errorRate: number, p50Ms: number | null, bestP50Ms: number | null): number {
  if (!(weight > 0)) return 0;
  const reliability = 1 - Math.min(1, Math.max(0, errorRate));
  const speed = p50Ms === null || bestP50Ms === null ? 1 : (bestP50Ms + LATENCY_SLACK_MS) / (p50Ms + LATENCY_SLACK_MS);
  return weight * Math.max(MIN_WEIGHT_FACTOR, reliability * Math.min(1, speed));
}

/**
 * Rank order with smooth weighted round robin inside each rank. One selector per chain: it holds the round robin's
 * current weights (by provider id). Deterministic: no randomness anywhere.
 */
export function weightedFallbackOrder(): Selector {
  const current = new Map<string, number>();
  return function* order<T extends Candidate>(candidates: readonly T[], eligibility: EligibilityOf = allEligible) {
    const eligible: T[] = [];
    const demoted: T[] = [];
    for (const candidate of candidates) {
      const verdict = eligibility(candidate.id);
      if (verdict === 'eligible') eligible.push(candidate);
      else if (verdict === 'demoted') demoted.push(candidate);
    }
    for (const group of byRank(eligible)) yield* rankOrder(group, current, true);
    // Demoted providers are a last resort: no rotation among them, the best effective weight first.
    for (const group of byRank(demoted)) yield* rankOrder(group, current, false);
  };
}

function byRank<T extends Candidate>(candidates: readonly T[]): T[][] {
  const groups = new Map<number, T[]>();
  for (const candidate of candidates) {
    const group = groups.get(candidate.rank);
    if (group === undefined) groups.set(candidate.rank, [candidate]);
    else group.push(candidate);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((rank) => groups.get(rank) ?? []);
}

/** The available providers of one rank: the round robin's pick first (when `rotate`), then by effective weight. */
function rankOrder<T extends Candidate>(group: readonly T[], current: Map<string, number>, rotate: boolean): T[] {
  const open = group.flatMap((candidate) => {
    const facts = candidate.selectionFacts();
    return facts.available ? [{ candidate, facts }] : [];
  });
  const p50s = open.flatMap(({ facts }) => (facts.p50Ms === null ? [] : [facts.p50Ms]));
  const best = p50s.length === 0 ? null : Math.min(...p50s);
  const weighted = open.map(({ candidate, facts }) => ({
    candidate,
    weight: effectiveWeight(candidate.weight, facts.errorRate, facts.p50Ms, best),
  }));
  const first = rotate ? smoothPick(weighted, current) : undefined;
  // Array.prototype.sort is stable: equal weights keep configuration order.
  const rest = weighted.filter((w) => w.candidate !== first).sort((a, b) => b.weight - a.weight);
  return [...(first === undefined ? [] : [first]), ...rest.map((w) => w.candidate)];
}

/** One step of nginx's smooth weighted round robin; ties go to the earliest in configuration order. */
function smoothPick<T extends Candidate>(weighted: ReadonlyArray<{ candidate: T; weight: number }>, current: Map<string, number>): T | undefined {
  let total = 0;
  let best: { candidate: T; current: number } | undefined;
  for (const { candidate, weight } of weighted) {
    const value = (current.get(candidate.id) ?? 0) + weight;
    current.set(candidate.id, value);
    total += weight;
    if (best === undefined || value > best.current) best = { candidate, current: value };
  }
  if (best === undefined || total <= 0) return undefined;
  current.set(best.candidate.id, best.current - total);
  return best.candidate;
}

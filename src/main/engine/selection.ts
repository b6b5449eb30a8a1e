/**
 * Provider selection: the order in which one request will try a chain's providers.
 *
 * Lower rank first, always: a healthy primary takes all the traffic and the others stay cold until it fails. Among
 * providers of equal rank the first try is a weighted random draw, so traffic splits by weight on average. Issue 3
 * replaces the draw with a health-aware smooth weighted round robin; it only has to provide another `Selector`.
 * Breaker state is deliberately not looked at here: the request path checks it at the moment it tries a provider,
 * because it can change while earlier providers are being tried.
 */

/** What selection needs to know about a provider. */
export interface Candidate {
  rank: number;
  weight: number;
}

/**
 * What the health monitor says of a provider right now: `excluded` (quarantined for a wrong chain id) gets no
 * traffic; `demoted` (lagging the others' head) is tried only after every eligible provider, whatever its rank.
 */
export type Eligibility = 'eligible' | 'demoted' | 'excluded';
export type EligibilityOf = (providerId: string) => Eligibility;

/** Returns the candidates in the order to try them (a new array; the input is not modified). */
export type Selector = <T extends Candidate>(candidates: readonly T[]) => T[];

/** Rank order with a weighted shuffle inside each rank. `random` is injectable so tests can pin the draw. */
export function weightedFallbackOrder(random: () => number = Math.random): Selector {
  return <T extends Candidate>(candidates: readonly T[]): T[] => {
    const byRank = new Map<number, T[]>();
    for (const candidate of candidates) {
      const group = byRank.get(candidate.rank);
      if (group === undefined) byRank.set(candidate.rank, [candidate]);
      else group.push(candidate);
    }
    return [...byRank.keys()]
      .sort((a, b) => a - b)
      .flatMap((rank) => weightedShuffle(byRank.get(rank) ?? [], random));
  };
}

/**
 * Draw without replacement, each draw proportional to weight. Providers with weight 0 (or less) are never drawn
 * first but stay as a last resort, in configuration order.
 */
function weightedShuffle<T extends Candidate>(group: readonly T[], random: () => number): T[] {
  if (group.length < 2) return [...group];
  const weighted = group.filter((c) => c.weight > 0);
  const rest = group.filter((c) => !(c.weight > 0));
  const out: T[] = [];
  while (weighted.length > 0) {
    const total = weighted.reduce((sum, c) => sum + c.weight, 0);
    let point = random() * total;
    let index = weighted.findIndex((c) => (point -= c.weight) < 0);
    // Floating-point leftovers can leave `point` a hair above zero after the last candidate.
    if (index < 0) index = weighted.length - 1;
    out.push(...weighted.splice(index, 1));
  }
  return [...out, ...rest];
}

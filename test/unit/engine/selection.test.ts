/** Selection in isolation: smooth weighted round robin, effective weights, rank order, eligibility. */
import { describe, expect, it } from 'vitest';
import {
  effectiveWeight,
  weightedFallbackOrder,
  type Candidate,
  type EligibilityOf,
  type SelectionFacts,
} from '../../../src/main/engine/selection';

interface Fake extends Candidate {
  name: string;
  facts: SelectionFacts;
}

function fake(name: string, rank: number, weight: number, facts: Partial<SelectionFacts> = {}): Fake {
  const candidate: Fake = {
    id: `1:${name}`,
    name,
    rank,
    weight,
    facts: { available: true, errorRate: 0, p50Ms: null, ...facts },
    selectionFacts: () => candidate.facts,
  };
  return candidate;
}

const names = (order: Iterable<Fake>): string[] => [...order].map((c) => c.name);

/** First picks of `n` requests. */
function firsts(candidates: Fake[], n: number, select = weightedFallbackOrder(), eligibility?: EligibilityOf): string[] {
  return Array.from({ length: n }, () => names(select(candidates, eligibility))[0] ?? '-');
}

const count = (picks: string[], name: string): number => picks.filter((p) => p === name).length;

describe('smooth weighted round robin', () => {
  it('5:1:1 picks a a b a c a a, and again', () => {
    const group = [fake('a', 0, 5), fake('b', 0, 1), fake('c', 0, 1)];
    expect(firsts(group, 14).join(' ')).toBe('a a b a c a a a a b a c a a');
  });

  it('the rest of the rank follows by effective weight, then the next rank; weight 0 is a last resort', () => {
    const select = weightedFallbackOrder();
    const all = [fake('c', 1, 1), fake('a', 0, 3), fake('b', 0, 1), fake('z', 0, 0)];
    expect(names(select(all))).toEqual(['a', 'b', 'z', 'c']);
    expect(names(select(all))).toEqual(['a', 'b', 'z', 'c']);
    expect(names(select(all))).toEqual(['b', 'a', 'z', 'c']);
  });

  it('a healthy primary rank takes every first pick', () => {
    const all = [fake('public', 2, 10), fake('secondary', 1, 10), fake('primary', 0, 1)];
    expect(new Set(firsts(all, 20))).toEqual(new Set(['primary']));
  });

  it('unavailable providers (breaker open, throttled) are left out of the order', () => {
    const a = fake('a', 0, 1, { available: false });
    const all = [a, fake('b', 0, 1), fake('c', 1, 1)];
    expect(names(weightedFallbackOrder()(all))).toEqual(['b', 'c']);
  });

  it('a rank’s rotation advances only when a request reaches that rank', () => {
    const select = weightedFallbackOrder();
    const all = [fake('p', 0, 1), fake('s1', 1, 1), fake('s2', 1, 1)];
    for (let i = 0; i < 5; i++) select(all)[Symbol.iterator]().next(); // served by p; rank 1 never looked at
    const reached = Array.from({ length: 4 }, () => names(select(all))[1]);
    expect(reached).toEqual(['s1', 's2', 's1', 's2']);
  });
});

describe('effective weight', () => {
  it('follows weight × max(0.05, (1 − errorRate) × (best + 20) / (p50 + 20))', () => {
    expect(effectiveWeight(4, 0, null, null)).toBe(4);
    expect(effectiveWeight(4, 0.25, null, null)).toBe(3);
    expect(effectiveWeight(2, 0, 100, 10)).toBeCloseTo(2 * (30 / 120));
    expect(effectiveWeight(2, 0.5, 10, 10)).toBe(1);
    expect(effectiveWeight(10, 1, 10, 10)).toBeCloseTo(0.5);
    expect(effectiveWeight(0, 0, null, null)).toBe(0);
  });

  it('errors move the share away, and it comes back as they age out', () => {
    const a = fake('a', 0, 1);
    const b = fake('b', 0, 1);
    const select = weightedFallbackOrder();
    expect(count(firsts([a, b], 30, select), 'b')).toBe(15);
    b.facts.errorRate = 0.5; // effective 0.5 vs 1: one pick in three
    expect(count(firsts([a, b], 30, select), 'b')).toBe(10);
    b.facts.errorRate = 1; // floored at 5 % of its weight: still sampled, never starved
    const starved = count(firsts([a, b], 105, select), 'b');
    expect(starved).toBeGreaterThanOrEqual(4);
    expect(starved).toBeLessThanOrEqual(6);
    b.facts.errorRate = 0;
    expect(count(firsts([a, b], 30, select), 'b')).toBeGreaterThanOrEqual(14);
  });

  it('a slower provider gets a share in proportion to its speed relative to the rank’s fastest', () => {
    const a = fake('a', 0, 1, { p50Ms: 10 });
    const b = fake('b', 0, 1, { p50Ms: 70 }); // (10 + 20) / (70 + 20) = 1/3: one pick in four
    expect(count(firsts([a, b], 40), 'b')).toBe(10);
  });
});

describe('eligibility', () => {
  const verdicts: Record<string, ReturnType<EligibilityOf>> = { '1:p': 'demoted', '1:q': 'excluded' };
  const eligibility: EligibilityOf = (id) => verdicts[id] ?? 'eligible';

  it('demoted providers come after every eligible one whatever their rank; excluded ones never', () => {
    const all = [fake('p', 0, 1), fake('q', 0, 1), fake('s', 1, 1), fake('t', 2, 1)];
    expect(names(weightedFallbackOrder()(all, eligibility))).toEqual(['s', 't', 'p']);
    expect(new Set(firsts(all, 10, weightedFallbackOrder(), eligibility))).toEqual(new Set(['s']));
  });

  it('nothing available: an empty order (the request path then fails at once)', () => {
    const all = [fake('q', 0, 1), fake('r', 1, 1, { available: false })];
    expect(names(weightedFallbackOrder()(all, eligibility))).toEqual([]);
  });
});

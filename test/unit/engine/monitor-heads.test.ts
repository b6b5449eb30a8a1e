/** The head tracker's rules on their own, with a hand-driven clock: lag by blocks, lag by time, and who counts. */
import { describe, expect, it } from 'vitest';
import { HeadTracker, parseQuantity } from '../../../src/main/engine/head-tracker';

const LIMITS = { maxLagBlocks: 5, maxLagMs: 30_000 };

function tracker(): { heads: HeadTracker; clock: { now: number } } {
  const clock = { now: 1_000 };
  return { heads: new HeadTracker(LIMITS, () => clock.now), clock };
}

const all = new Set(['a', 'b']);

describe('HeadTracker', () => {
  it('demotes beyond maxLagBlocks, not at it', () => {
    const { heads } = tracker();
    heads.observe('a', 100n);
    heads.observe('b', 105n);
    heads.evaluate(all);
    expect(heads.facts('a')).toEqual({ head: { blockNumber: 100n, at: 1_000 }, lagBlocks: 5, lagging: false });
    heads.observe('b', 106n);
    expect(heads.evaluate(all)).toBe(true);
    expect(heads.facts('a')).toMatchObject({ lagBlocks: 6, lagging: true });
    expect(heads.facts('b')).toMatchObject({ lagBlocks: 0, lagging: false });
  });

  it('demotes a head stuck behind for longer than maxLagMs while another advanced, not a chain that stalled', () => {
    const { heads, clock } = tracker();
    heads.observe('a', 100n);
    heads.observe('b', 100n);
    clock.now += 60_000;
    heads.evaluate(all);
    // Nobody moved: a still chain demotes no one.
    expect(heads.facts('a').lagging).toBe(false);
    heads.observe('b', 101n);
    heads.evaluate(all);
    expect(heads.facts('a')).toMatchObject({ lagBlocks: 1, lagging: true, head: { at: 1_000 } });
    heads.observe('a', 101n);
    heads.evaluate(all);
    expect(heads.facts('a')).toEqual({ head: { blockNumber: 101n, at: 61_000 }, lagBlocks: 0, lagging: false });
  });

  it('keeps the stuck clock running when a head goes down, and leaves uncounted providers out of the best', () => {
    const { heads, clock } = tracker();
    heads.observe('a', 100n);
    clock.now += 5;
    heads.observe('a', 98n);
    expect(heads.facts('a').head).toEqual({ blockNumber: 98n, at: 1_000 });
    heads.observe('b', 1_000_000n);
    heads.evaluate(new Set(['a']));
    expect(heads.best(new Set(['a']))).toBe(98n);
    expect(heads.facts('a')).toMatchObject({ lagBlocks: 0, lagging: false });
    expect(heads.facts('b')).toMatchObject({ lagBlocks: null, lagging: false });
  });

  it('knows nothing of a provider it never heard from', () => {
    const { heads } = tracker();
    expect(heads.facts('x')).toEqual({ head: null, lagBlocks: null, lagging: false });
    expect(heads.best(all)).toBeNull();
  });
});

describe('parseQuantity', () => {
  it('reads hex quantities and refuses anything else', () => {
    expect(parseQuantity('0x7a69')).toBe(31337n);
    expect([parseQuantity('7a69'), parseQuantity(12), parseQuantity('0x'), parseQuantity(null)]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

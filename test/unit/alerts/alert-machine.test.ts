import { describe, expect, it } from 'vitest';
import { evaluate, initialState, step } from '../../../src/main/portfolio/alerts/alert-machine';
import type { PriceAlert } from '../../../src/shared/domain';
import { holdings, readySnapshot } from '../analytics/fixtures';

const usd = (whole: number): bigint => BigInt(whole) * 100_000_000n;

function alert(direction: 'above' | 'below', threshold: number): PriceAlert {
  return { id: 'a1', chainId: 31337, asset: 'native', symbol: 'ETH', direction, thresholdUsd: usd(threshold), state: 'armed', createdAt: 0, lastFiredAt: null };
}

/** Runs a price series through the machine; returns the times it fired and the final state. */
function run(start: PriceAlert, prices: number[]): { fired: number[]; state: PriceAlert['state'] } {
  let current = start;
  const fired: number[] = [];
  prices.forEach((price, t) => {
    const next = step(current, usd(price), t);
    if (next.fired) fired.push(t);
    current = next.alert;
  });
  return { fired, state: current.state };
}

describe('price alert state machine', () => {
  it('above: crossing up twice fires exactly twice; staying above fires once', () => {
    expect(run(alert('above', 3000), [2900, 3100, 3200, 2800, 3050, 3060])).toEqual({ fired: [1, 4], state: 'fired' });
    expect(run(alert('above', 3000), [3100, 3200, 3300, 3001])).toEqual({ fired: [0], state: 'fired' });
    // At the threshold is not above it: it re-arms there.
    expect(run(alert('above', 3000), [3001, 3000, 3001])).toEqual({ fired: [0, 2], state: 'fired' });
  });

  it('below: likewise', () => {
    expect(run(alert('below', 2000), [2100, 1900, 1800, 2200, 1999])).toEqual({ fired: [1, 4], state: 'fired' });
    expect(run(alert('below', 2000), [1900, 1800, 1700])).toEqual({ fired: [0], state: 'fired' });
    expect(run(alert('below', 2000), [2100, 2200])).toEqual({ fired: [], state: 'armed' });
  });

  it('fires on a crossing only: created beyond the threshold it starts fired (never fired) and waits', () => {
    expect(initialState(alert('above', 3000), usd(3100))).toBe('fired');
    expect(initialState(alert('above', 3000), usd(3000))).toBe('armed');
    expect(initialState(alert('below', 2000), usd(1999))).toBe('fired');
    expect(initialState(alert('below', 2000), usd(2000))).toBe('armed');
    expect(initialState(alert('above', 3000), null)).toBe('armed');
    const waiting: PriceAlert = { ...alert('above', 3000), state: initialState(alert('above', 3000), usd(3100)) };
    // Staying above: silent. Dipping to the threshold re-arms; the rise after it is the one firing.
    expect(run(waiting, [3100, 3200, 3001])).toEqual({ fired: [], state: 'fired' });
    expect(run(waiting, [3100, 2900, 3050, 3060])).toEqual({ fired: [2], state: 'fired' });
    expect(run({ ...alert('below', 2000), state: 'fired' }, [1900, 2000, 1999])).toEqual({ fired: [2], state: 'fired' });
  });

  it('records when it fired', () => {
    expect(step(alert('above', 1), usd(2), 1234)).toEqual({ alert: { ...alert('above', 1), state: 'fired', lastFiredAt: 1234 }, fired: true });
  });

  it('checks only fresh prices: a stale or cached price neither fires nor re-arms', () => {
    const a = alert('above', 2999);
    const stale = readySnapshot({ addresses: [{ address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', label: 'A', holdings: holdings(123n, true), totalUsd: 0n, unpriced: 0 }] });
    expect(evaluate([a], stale, 5)).toEqual({ changed: [], fired: [] });
    const cached = readySnapshot();
    cached.addresses[0]!.holdings[0]!.price!.source = 'cache';
    expect(evaluate([a], cached, 5)).toEqual({ changed: [], fired: [] });
    const fired = { ...a, state: 'fired' as const, lastFiredAt: 1 };
    const belowNow = readySnapshot();
    belowNow.addresses[0]!.holdings[0]!.price!.usd = usd(2000);
    belowNow.addresses[0]!.holdings[0]!.freshness.stale = true;
    expect(evaluate([fired], belowNow, 5).changed).toEqual([]);
  });

  it('fires from a fresh snapshot by chain and address, once', () => {
    const a = alert('above', 2999);
    const first = evaluate([a], readySnapshot(), 7);
    expect(first.fired).toEqual([{ alert: { ...a, state: 'fired', lastFiredAt: 7 }, priceUsd: usd(3000) }]);
    expect(evaluate(first.changed, readySnapshot(), 8)).toEqual({ changed: [], fired: [] });
    // Another chain's native coin is another asset.
    expect(evaluate([{ ...a, chainId: 1 }], readySnapshot(), 9).fired).toEqual([]);
  });
});

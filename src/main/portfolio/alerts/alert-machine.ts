/**
 * The price alert's state machine, pure so that it is tested on price series without a chain.
 *
 *   armed ──price beyond the threshold──▶ fired (the one notification)
 *   fired ──price back on the near side──▶ armed (silently; the next crossing fires again)
 *
 * "Beyond" is strict: `above` means price > threshold, `below` means price < threshold; a price exactly at the
 * threshold is not beyond it (so it re-arms). An alert fires on a crossing only: one created while the price is
 * already beyond its threshold starts 'fired' without a firing (`lastFiredAt` null), waiting to re-arm when the price
 * crosses back; the UI says so on that alert ("already above $X: fires after the price drops below and rises above
 * again"). Firing at once would report a crossing that never happened while the alert existed.
 */
import type { PortfolioSnapshot, PriceAlert } from '../../../shared/domain';

export function isBeyond(alert: Pick<PriceAlert, 'direction' | 'thresholdUsd'>, priceUsd: bigint): boolean {
  return alert.direction === 'above' ? priceUsd > alert.thresholdUsd : priceUsd < alert.thresholdUsd;
}

/** The state a new alert starts in, given the asset's current price (null: unknown, so armed). */
export function initialState(alert: Pick<PriceAlert, 'direction' | 'thresholdUsd'>, priceUsd: bigint | null): PriceAlert['state'] {
  return priceUsd !== null && isBeyond(alert, priceUsd) ? 'fired' : 'armed';
}

/** The alert after seeing `priceUsd` at `now`, and whether this step fired it. */
export function step(alert: PriceAlert, priceUsd: bigint, now: number): { alert: PriceAlert; fired: boolean } {
  const beyond = isBeyond(alert, priceUsd);
  if (alert.state === 'armed' && beyond) return { alert: { ...alert, state: 'fired', lastFiredAt: now }, fired: true };
  if (alert.state === 'fired' && !beyond) return { alert: { ...alert, state: 'armed' }, fired: false };
  return { alert, fired: false };
}

/** `chainId:asset` with the address lower-cased, so a checksummed and a lower-case spelling are one asset. */
export function assetKey(chainId: number, asset: string): string {
  return `${chainId}:${asset.toLowerCase()}`;
}

/**
 * The live prices in a pushed snapshot, keyed by chain and asset (never by symbol). Only fresh ones: a price
 * marked stale or served from cache is the last one we saw, re-served while providers fail — not news about the
 * market. Acting on it could fire about a crossing that is hours old, or re-arm an alert on a price that no longer
 * holds; the alert waits for the next live price instead.
 */
export function freshPrices(snapshot: PortfolioSnapshot): Map<string, bigint> {
  const prices = new Map<string, bigint>();
  for (const entry of snapshot.addresses) {
    for (const h of entry.holdings) {
      if (!h.price || h.price.source === 'cache' || h.freshness.stale) continue;
      prices.set(assetKey(h.token.chainId, h.token.address), h.price.usd);
    }
  }
  return prices;
}

/** One evaluation pass: the alerts that changed (to persist) and the firings (to push), for a snapshot. */
export function evaluate(
  alerts: readonly PriceAlert[],
  snapshot: PortfolioSnapshot,
  now: number,
): { changed: PriceAlert[]; fired: Array<{ alert: PriceAlert; priceUsd: bigint }> } {
  const prices = freshPrices(snapshot);
  const changed: PriceAlert[] = [];
  const fired: Array<{ alert: PriceAlert; priceUsd: bigint }> = [];
  for (const alert of alerts) {
    const price = prices.get(assetKey(alert.chainId, alert.asset));
    if (price === undefined) continue;
    const next = step(alert, price, now);
    if (next.alert !== alert) changed.push(next.alert);
    if (next.fired) fired.push({ alert: next.alert, priceUsd: price });
  }
  return { changed, fired };
}

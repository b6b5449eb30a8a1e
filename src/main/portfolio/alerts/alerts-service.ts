/**
 * Price alerts: the 'alerts.*' channels, and the check on every pushed portfolio snapshot (fresh prices only, see
 * alert-machine.ts), which persists state changes and pushes 'alerts.fired' for each firing. Delivery is someone
 * else's job: the Electron shell turns the event into a native notification, the renderer into a toast.
 */
import { randomUUID } from 'node:crypto';
import { formatUnits } from 'viem';
import { USD_DECIMALS, type PortfolioSnapshot, type PriceAlert } from '../../../shared/domain';
import { SteadfastError } from '../../../shared/errors';
import type { AppContext } from '../../app-context';
import type { Handlers } from '../../ipc/router';
import { assetKey, evaluate, initialState } from './alert-machine';
import { AlertStore } from './alert-store';

/** A bound on stored alerts: each is checked on every refresh, and a runaway client must not grow the table forever. */
export const MAX_ALERTS = 200;

export class AlertsService {
  readonly #store: AlertStore;

  constructor(private readonly ctx: AppContext) {
    this.#store = new AlertStore(ctx.db);
  }

  list(): PriceAlert[] {
    return this.#store.list();
  }

  /** Checks every alert against the snapshot's fresh prices; returns how many fired. */
  observe(snapshot: PortfolioSnapshot, now = Date.now()): number {
    const { changed, fired } = evaluate(this.#store.list(), snapshot, now);
    for (const alert of changed) this.#store.update(alert);
    for (const { alert, priceUsd } of fired) this.ctx.events.emit('alerts.fired', { alert, priceUsd, at: now });
    return fired.length;
  }

  #symbolOf(chainId: number, asset: string): string | null {
    const key = assetKey(chainId, asset);
    for (const entry of this.ctx.runtime().portfolio.get().addresses) {
      const holding = entry.holdings.find((h) => assetKey(h.token.chainId, h.token.address) === key);
      if (holding) return holding.token.symbol;
    }
    const chain = this.ctx.runtime().chains.find((c) => c.chainId === chainId);
    if (!chain) return null;
    if (asset === 'native') return chain.nativeSymbol;
    return chain.tokens.find((t) => assetKey(chainId, t.address) === key)?.symbol ?? null;
  }

  /** The asset's price in the latest portfolio snapshot (the one the user sees), or null when none is known. */
  #priceOf(chainId: number, asset: string): bigint | null {
    const key = assetKey(chainId, asset);
    for (const entry of this.ctx.runtime().portfolio.get().addresses) {
      const holding = entry.holdings.find((h) => assetKey(h.token.chainId, h.token.address) === key && h.price);
      if (holding?.price) return holding.price.usd;
    }
    return null;
  }

  handlers(): Pick<Handlers, 'alerts.list' | 'alerts.add' | 'alerts.remove'> {
    return {
      'alerts.list': () => this.list(),
      'alerts.add': ({ chainId, asset, direction, thresholdUsd }) => {
        const symbol = this.#symbolOf(chainId, asset);
        if (symbol === null) throw invalid(`no asset ${asset} on chain ${chainId} among the tracked assets`);
        if (this.#store.count() >= MAX_ALERTS) throw invalid(`at most ${MAX_ALERTS} alerts; remove one first`);
        const same = (a: PriceAlert): boolean =>
          a.chainId === chainId && a.asset.toLowerCase() === asset.toLowerCase() && a.direction === direction && a.thresholdUsd === thresholdUsd;
        // A second identical alert could only fire twice for the same crossing.
        if (this.#store.list().some(same)) {
          throw invalid(`an alert for ${symbol} ${direction} $${formatUnits(thresholdUsd, USD_DECIMALS)} already exists`);
        }
        this.#store.add({
          id: randomUUID(),
          chainId,
          asset: asset === 'native' ? 'native' : (asset as `0x${string}`),
          symbol,
          direction,
          thresholdUsd,
          // Fires on a crossing only: already beyond, it starts 'fired' (never fired) and re-arms on the way back.
          state: initialState({ direction, thresholdUsd }, this.#priceOf(chainId, asset)),
          createdAt: Date.now(),
          lastFiredAt: null,
        });
        return this.list();
      },
      'alerts.remove': ({ id }) => {
        if (!this.#store.remove(id)) throw invalid(`no alert ${id}`);
        return this.list();
      },
    };
  }
}

function invalid(message: string): SteadfastError {
  return new SteadfastError({ code: 'INVALID_INPUT', message, retryable: false });
}

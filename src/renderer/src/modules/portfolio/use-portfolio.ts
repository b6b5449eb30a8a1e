/**
 * Portfolio data flow: the initial load, pushed updates and the Refresh button, plus the three loading signals the
 * view needs (has data / initial loading / refreshing) so that cached figures never disappear during a refresh.
 */
import { storeToRefs } from 'pinia';
import { computed, type ComputedRef } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { PortfolioSnapshot } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';
import { usePortfolioStore } from './use-portfolio-store';

type PortfolioStore = ReturnType<typeof usePortfolioStore>;

/**
 * Takes an answer to 'portfolio.get' or 'portfolio.refresh' unless a newer snapshot is already here: a pushed update
 * can overtake an answer that was assembled earlier, and the view must not step back in time.
 */
export function applySnapshot(store: PortfolioStore, next: PortfolioSnapshot): void {
  const current = store.snapshot;
  if (current !== null && next.updatedAt < current.updatedAt) return;
  store.snapshot = next;
}

export async function loadPortfolio(client: SteadfastClient, store: PortfolioStore): Promise<void> {
  try {
    applySnapshot(store, await client.invoke('portfolio.get', {}));
    store.requestError = null;
  } catch (error) {
    store.requestError = toErrorData(error);
  }
}

export function subscribePortfolio(client: SteadfastClient, store: PortfolioStore): () => void {
  return client.on('portfolio.updated', (snapshot) => {
    // Pushes arrive in order over one transport, so the latest push always wins, even if main's clock stepped back.
    store.snapshot = snapshot;
    store.requestError = null;
  });
}

export async function refreshPortfolio(client: SteadfastClient, store: PortfolioStore): Promise<void> {
  if (store.refreshRequested) return;
  store.refreshRequested = true;
  try {
    applySnapshot(store, await client.invoke('portfolio.refresh', {}));
    store.requestError = null;
  } catch (error) {
    store.requestError = toErrorData(error);
  } finally {
    store.refreshRequested = false;
  }
}

export interface PortfolioView {
  snapshot: ComputedRef<PortfolioSnapshot | null>;
  /** There are figures to show (possibly cached and old): keep them on screen whatever else is going on. */
  hasData: ComputedRef<boolean>;
  /** Nothing to show yet and an answer is expected: the only time a loading placeholder replaces figures. */
  initialLoading: ComputedRef<boolean>;
  /** Fresh figures are being fetched; shown beside the cached ones, never instead of them. */
  refreshing: ComputedRef<boolean>;
  /**
   * This window's own 'portfolio.refresh' is in flight. Only this disables the button: main's background refreshes
   * can run long while a provider hangs, and the user may still ask for one (main coalesces them).
   */
  refreshPending: ComputedRef<boolean>;
  offline: ComputedRef<boolean>;
  empty: ComputedRef<boolean>;
  /** The error to show: this window's failed request first, else the last refresh's error from main. */
  error: ComputedRef<ErrorData | null>;
  refresh(): Promise<void>;
}

export function usePortfolio(): PortfolioView {
  const client = useClient();
  const store = usePortfolioStore();
  const { snapshot, requestError, refreshRequested } = storeToRefs(store);

  const hasData = computed(() => {
    const current = snapshot.value;
    return current !== null && current.addresses.some((address) => address.holdings.length > 0);
  });
  const initialLoading = computed(
    () =>
      !hasData.value &&
      requestError.value === null &&
      (snapshot.value === null || snapshot.value.status === 'loading'),
  );
  const refreshing = computed(() => refreshRequested.value || snapshot.value?.refreshing === true);
  const offline = computed(() => snapshot.value?.status === 'offline');
  const empty = computed(() => snapshot.value?.status === 'empty');
  const error = computed(() => requestError.value ?? snapshot.value?.error ?? null);

  return {
    // A computed is a read-only view without readonly()'s deep proxies over every holding.
    snapshot: computed(() => snapshot.value),
    hasData,
    initialLoading,
    refreshing,
    refreshPending: computed(() => refreshRequested.value),
    offline,
    empty,
    error,
    refresh: () => refreshPortfolio(client, store),
  };
}

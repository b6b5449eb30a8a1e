/**
 * Analytics data flow: load for the selected range, and reload when the portfolio moves — at most every
 * RELOAD_EVERY_MS, because main records a snapshot at most every few minutes and a reload per 2 s refresh would
 * mostly fetch the same answer. Until there is data at all, every completed refresh may bring the first snapshot.
 */
import { storeToRefs } from 'pinia';
import { computed, onScopeDispose, type ComputedRef, type Ref } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { Analytics, AnalyticsRange } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';
import { useAnalyticsStore } from './use-analytics-store';

type AnalyticsStore = ReturnType<typeof useAnalyticsStore>;

export const RELOAD_EVERY_MS = 15_000;
export const RANGES: readonly AnalyticsRange[] = ['24h', '7d', '30d', 'all'];

export async function loadAnalytics(client: SteadfastClient, store: AnalyticsStore): Promise<void> {
  const range = store.range;
  store.loading = true;
  try {
    const answer = await client.invoke('analytics.get', { range });
    // A slower answer for a range the user has since left must not overwrite the current one.
    if (store.range !== range) return;
    store.analytics = answer;
    store.error = null;
    store.loadedAt = Date.now();
  } catch (error) {
    store.error = toErrorData(error);
  } finally {
    store.loading = false;
  }
}

/** True when there is nothing recorded yet (no allocation and no series). */
export function isEmpty(analytics: Analytics | null): boolean {
  return analytics === null || (analytics.byAsset.length === 0 && analytics.series.length === 0);
}

export interface AnalyticsViewModel {
  range: Readonly<Ref<AnalyticsRange>>;
  analytics: ComputedRef<Analytics | null>;
  error: ComputedRef<ErrorData | null>;
  loading: ComputedRef<boolean>;
  empty: ComputedRef<boolean>;
  setRange(range: AnalyticsRange): Promise<void>;
}

/** For the view: loads now, follows portfolio pushes while the view is mounted. */
export function useAnalytics(): AnalyticsViewModel {
  const client = useClient();
  const store = useAnalyticsStore();
  const { range, analytics, error, loading } = storeToRefs(store);
  const stop = client.on('portfolio.updated', (snapshot) => {
    if (snapshot.refreshing || store.loading) return;
    if (!isEmpty(store.analytics) && Date.now() - store.loadedAt < RELOAD_EVERY_MS) return;
    void loadAnalytics(client, store);
  });
  onScopeDispose(stop);
  void loadAnalytics(client, store);
  return {
    range: computed(() => range.value),
    analytics: computed(() => analytics.value),
    error: computed(() => error.value),
    loading: computed(() => loading.value),
    empty: computed(() => isEmpty(analytics.value)),
    async setRange(next) {
      store.range = next;
      await loadAnalytics(client, store);
    },
  };
}

/** Analytics state only; loading and reloading live in use-analytics.ts. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Analytics, AnalyticsRange } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export const useAnalyticsStore = defineStore('analytics', () => {
  const range = ref<AnalyticsRange>('7d');
  // Replaced whole on every load: a shallow ref spares deep proxies over the series.
  const analytics = shallowRef<Analytics | null>(null);
  const error = ref<ErrorData | null>(null);
  const loading = ref(false);
  /** Epoch ms of the last answer, to pace reloads on pushed portfolio updates. */
  const loadedAt = ref(0);
  return { range, analytics, error, loading, loadedAt };
});

/** Alerts state only: the list, the last request's error, and the firings shown as toasts. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AlertFired, PriceAlert } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export const useAlertsStore = defineStore('alerts', () => {
  const alerts = shallowRef<PriceAlert[]>([]);
  const error = ref<ErrorData | null>(null);
  const busy = ref(false);
  /** Newest first; bounded in use-alerts.ts. */
  const toasts = shallowRef<Array<AlertFired & { key: string }>>([]);
  return { alerts, error, busy, toasts };
});

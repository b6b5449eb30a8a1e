/** Portfolio state only; loading, refreshing and event handling live in use-portfolio.ts. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ErrorData } from '../../../../shared/errors';
import type { PortfolioSnapshot } from '../../../../shared/domain';

export const usePortfolioStore = defineStore('portfolio', () => {
  // Snapshots are replaced whole, never edited in place: a shallow ref skips deep proxies over every holding.
  const snapshot = shallowRef<PortfolioSnapshot | null>(null);
  /** Why the last request from this window failed (the bridge was down, main refused...). */
  const requestError = ref<ErrorData | null>(null);
  /** A 'portfolio.refresh' from this window is in flight. */
  const refreshRequested = ref(false);
  return { snapshot, requestError, refreshRequested };
});

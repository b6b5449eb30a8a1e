/** History state only: the selection, the pages fetched so far and what the last answer said about its source. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { HistoryRow, HistorySource } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export interface HistorySelection {
  address: `0x${string}`;
  chainId: number;
}

export interface HistoryOrigin {
  source: HistorySource;
  fromBlock: bigint | null;
  fetchedAt: number;
}

export const useHistoryStore = defineStore('history', () => {
  const selection = shallowRef<HistorySelection | null>(null);
  /** Rows in all, as the last page answer said; null before the first answer. */
  const total = ref<number | null>(null);
  /** Page index → rows. Replaced whole on change: tens of thousands of rows must not get deep proxies. */
  const pages = shallowRef<ReadonlyMap<number, readonly HistoryRow[]>>(new Map());
  /** Pages asked for and not answered yet (so scrolling does not ask twice). */
  const pending = shallowRef<ReadonlySet<number>>(new Set());
  const origin = shallowRef<HistoryOrigin | null>(null);
  const error = ref<ErrorData | null>(null);
  const refreshing = ref(false);
  const exporting = ref(false);
  /** Bumped on every new selection or refresh; answers to an older generation are dropped. */
  const generation = ref(0);
  return { selection, total, pages, pending, origin, error, refreshing, exporting, generation };
});

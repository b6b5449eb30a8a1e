/**
 * The price sources form: the fallback order (moved up and down), the price API's base URL and key. The key is
 * write-only: main never sends it back, only whether one is stored; an empty key field keeps the stored one.
 */
import { computed, ref, type ComputedRef, type Ref } from 'vue';
import type { PriceSettings, PriceSourceName } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';

export const SOURCE_LABELS: Record<PriceSourceName, string> = {
  chainlink: 'Chainlink feeds (on-chain)',
  'price-api': 'Price API (CoinGecko-compatible)',
};

/** Moves order[index] by delta (−1 up, +1 down); out of range: unchanged. */
export function moveSource(order: readonly PriceSourceName[], index: number, delta: -1 | 1): PriceSourceName[] {
  const target = index + delta;
  const next = [...order];
  if (target < 0 || target >= next.length) return next;
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

export interface PriceSettingsForm {
  order: Ref<PriceSourceName[]>;
  baseUrl: Ref<string>;
  apiKey: Ref<string>;
  hasApiKey: ComputedRef<boolean>;
  error: ComputedRef<ErrorData | null>;
  saving: ComputedRef<boolean>;
  /** When the last save succeeded, cleared by the next edit's save; null before any. */
  savedAt: ComputedRef<number | null>;
  load(): Promise<void>;
  move(index: number, delta: -1 | 1): void;
  save(): Promise<void>;
}

export function usePriceSettings(): PriceSettingsForm {
  const client = useClient();
  const order = ref<PriceSourceName[]>(['chainlink', 'price-api']);
  const baseUrl = ref('');
  const apiKey = ref('');
  const stored = ref<PriceSettings | null>(null);
  const error = ref<ErrorData | null>(null);
  const saving = ref(false);
  const savedAt = ref<number | null>(null);

  const apply = (settings: PriceSettings) => {
    stored.value = settings;
    order.value = [...settings.order];
    baseUrl.value = settings.api?.baseUrl ?? '';
    apiKey.value = '';
  };

  return {
    order,
    baseUrl,
    apiKey,
    hasApiKey: computed(() => stored.value?.api?.hasApiKey === true),
    error: computed(() => error.value),
    saving: computed(() => saving.value),
    savedAt: computed(() => savedAt.value),
    async load() {
      try {
        apply(await client.invoke('prices.settings', {}));
      } catch (caught) {
        error.value = toErrorData(caught);
      }
    },
    move(index, delta) {
      order.value = moveSource(order.value, index, delta);
    },
    async save() {
      saving.value = true;
      error.value = null;
      savedAt.value = null;
      try {
        const url = baseUrl.value.trim();
        const key = apiKey.value.trim();
        const api = url === '' ? null : { baseUrl: url, ...(key === '' ? {} : { apiKey: key }) };
        apply(await client.invoke('prices.save', { order: order.value, api }));
        savedAt.value = Date.now();
      } catch (caught) {
        error.value = toErrorData(caught);
      } finally {
        saving.value = false;
      }
    },
  };
}

/** Feature modes: loaded once, then replaced by every 'features.updated' push. */
import { computed, type ComputedRef } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { FeatureState } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useFeaturesStore } from './use-features-store';

type FeaturesStore = ReturnType<typeof useFeaturesStore>;

export function applyFeatures(store: FeaturesStore, features: FeatureState[]): void {
  store.features = features;
  store.loaded = true;
  store.error = null;
}

export async function loadFeatures(client: SteadfastClient, store: FeaturesStore): Promise<void> {
  try {
    applyFeatures(store, await client.invoke('features.list', {}));
  } catch (error) {
    store.error = toErrorData(error);
  }
}

export function subscribeFeatures(client: SteadfastClient, store: FeaturesStore): () => void {
  return client.on('features.updated', (features) => applyFeatures(store, features));
}

export function useFeatures(): {
  /** Most important first: that is the order in which they are kept when the engine has to shed load. */
  features: ComputedRef<FeatureState[]>;
  loaded: ComputedRef<boolean>;
  error: ComputedRef<ErrorData | null>;
} {
  const store = useFeaturesStore();
  return {
    features: computed(() => [...store.features].sort((a, b) => a.priority - b.priority)),
    loaded: computed(() => store.loaded),
    error: computed(() => store.error),
  };
}

/** Feature modes as last pushed by main. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { FeatureState } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export const useFeaturesStore = defineStore('features', () => {
  const features = shallowRef<FeatureState[]>([]);
  const loaded = ref(false);
  const error = ref<ErrorData | null>(null);
  return { features, loaded, error };
});

/** Provider health as last pushed by main; see use-providers.ts for how it gets here. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ProviderStatus } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export const useProvidersStore = defineStore('providers', () => {
  const providers = shallowRef<ProviderStatus[]>([]);
  const loaded = ref(false);
  const error = ref<ErrorData | null>(null);
  return { providers, loaded, error };
});

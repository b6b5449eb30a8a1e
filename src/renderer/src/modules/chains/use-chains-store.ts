/** The chains as the settings screen sees them ('chains.list', then every 'chains.updated' push); URLs masked. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ChainSettingsView } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export const useChainsStore = defineStore('chains', () => {
  const chains = shallowRef<ChainSettingsView[] | null>(null);
  const error = ref<ErrorData | null>(null);
  /** The chain whose on/off switch is in flight (the runtime is being rebuilt), to disable its toggle meanwhile. */
  const switching = ref<number | null>(null);
  return { chains, error, switching };
});

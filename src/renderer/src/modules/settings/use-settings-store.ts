/** Settings as main shows them to the renderer (provider URLs masked); the watched addresses come from here. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { PublicSettings } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export const useSettingsStore = defineStore('settings', () => {
  const settings = shallowRef<PublicSettings | null>(null);
  const error = ref<ErrorData | null>(null);
  return { settings, error };
});

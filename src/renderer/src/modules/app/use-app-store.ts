/** What 'app.info' says about this run (version, Electron or headless, demo chain or not). */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AppInfo } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export const useAppStore = defineStore('app', () => {
  const info = shallowRef<AppInfo | null>(null);
  const error = ref<ErrorData | null>(null);
  return { info, error };
});

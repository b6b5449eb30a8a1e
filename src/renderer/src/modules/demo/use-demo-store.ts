/** The embedded demo's fault proxies, as 'demo.status' last described them. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { DemoStatus } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export const useDemoStore = defineStore('demo', () => {
  const status = shallowRef<DemoStatus | null>(null);
  const error = ref<ErrorData | null>(null);
  /** The provider whose fault change is in flight, to disable its buttons meanwhile. */
  const settingFaultFor = ref<string | null>(null);
  return { status, error, settingFaultFor };
});

/**
 * The latency sparklines' memory. The rings are mutated in place (allocating a new array per push all day would be
 * wasteful), so they live outside Vue's reactivity and `version` tells readers when to look again.
 */
import { defineStore } from 'pinia';
import { markRaw, ref } from 'vue';
import { LatencyHistory } from './latency-ring';

export const useLatencyHistoryStore = defineStore('latency-history', () => {
  const history = markRaw(new LatencyHistory());
  const version = ref(0);
  return { history, version };
});

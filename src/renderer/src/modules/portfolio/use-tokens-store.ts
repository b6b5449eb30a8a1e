/** Tracked tokens and refresh progress; state only (loading, events and actions live in use-tokens.ts). */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { RefreshProgress, TrackedToken } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export const useTokensStore = defineStore('tokens', () => {
  const tokens = shallowRef<TrackedToken[]>([]);
  /** The current (or last) refresh's parts, chain × address. */
  const progress = shallowRef<RefreshProgress | null>(null);
  /** Why the last token action from this window failed ('tokens.add' refusing a non-token, say). */
  const actionError = ref<ErrorData | null>(null);
  const busy = ref(false);
  return { tokens, progress, actionError, busy };
});

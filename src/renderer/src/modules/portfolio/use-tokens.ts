/**
 * Tracked tokens in the renderer: the list (pushed by 'tokens.updated'), hiding and unhiding, adding by address, and
 * the refresh progress ('refresh.progress'). Subscriptions belong to the component scope that first asks for them.
 */
import { storeToRefs } from 'pinia';
import { computed, onScopeDispose, type ComputedRef } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { RefreshProgress, TrackedToken } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';
import { useTokensStore } from './use-tokens-store';

type TokensStore = ReturnType<typeof useTokensStore>;

export function subscribeTokens(client: SteadfastClient, store: TokensStore): () => void {
  const stops = [
    client.on('tokens.updated', (tokens) => (store.tokens = tokens)),
    client.on('refresh.progress', (progress) => (store.progress = progress)),
  ];
  return () => stops.forEach((stop) => stop());
}

export async function loadTokens(client: SteadfastClient, store: TokensStore): Promise<void> {
  try {
    store.tokens = await client.invoke('tokens.list', {});
  } catch (error) {
    store.actionError = toErrorData(error);
  }
}

/** Runs one token action, keeping its error for the view (typed: code and message from main). */
async function act<T>(store: TokensStore, action: () => Promise<T>): Promise<T | null> {
  store.busy = true;
  store.actionError = null;
  try {
    return await action();
  } catch (error) {
    store.actionError = toErrorData(error);
    return null;
  } finally {
    store.busy = false;
  }
}

/** "2/4 done" summary of a refresh; null when nothing is being refreshed. */
export function progressSummary(progress: RefreshProgress | null): { done: number; failed: number; total: number } | null {
  if (progress === null || progress.parts.length === 0) return null;
  const done = progress.parts.filter((p) => p.state === 'done').length;
  const failed = progress.parts.filter((p) => p.state === 'failed').length;
  return { done, failed, total: progress.parts.length };
}

export interface TokensView {
  tokens: ComputedRef<TrackedToken[]>;
  hidden: ComputedRef<TrackedToken[]>;
  progress: ComputedRef<ReturnType<typeof progressSummary>>;
  error: ComputedRef<ErrorData | null>;
  busy: ComputedRef<boolean>;
  setHidden(chainId: number, address: string, hidden: boolean): Promise<void>;
  add(chainId: number, address: string): Promise<boolean>;
  /** Looks for tokens the watched addresses received now, instead of waiting for the next background round. */
  discover(): Promise<void>;
}

const owners = new WeakMap<TokensStore, { users: number; stop: () => void }>();

export function useTokens(): TokensView {
  const client = useClient();
  const store = useTokensStore();
  const { tokens, progress, actionError, busy } = storeToRefs(store);
  // Several components of one view use tokens; the store is subscribed and loaded once, for as long as any is mounted.
  const shared = owners.get(store) ?? { users: 0, stop: () => undefined };
  owners.set(store, shared);
  if (shared.users++ === 0) {
    shared.stop = subscribeTokens(client, store);
    void loadTokens(client, store);
  }
  onScopeDispose(() => {
    if (--shared.users === 0) shared.stop();
  });
  return {
    tokens: computed(() => tokens.value),
    hidden: computed(() => tokens.value.filter((t) => t.hidden)),
    progress: computed(() => progressSummary(progress.value)),
    error: computed(() => actionError.value),
    busy: computed(() => busy.value),
    async setHidden(chainId, address, hidden) {
      const next = await act(store, () => client.invoke('tokens.setHidden', { chainId, address, hidden }));
      if (next) store.tokens = next;
    },
    async add(chainId, address) {
      const added = await act(store, () => client.invoke('tokens.add', { chainId, address }));
      if (added) await loadTokens(client, store);
      return added !== null;
    },
    async discover() {
      const found = await act(store, () => client.invoke('tokens.discover', {}));
      if (found) store.tokens = found;
    },
  };
}

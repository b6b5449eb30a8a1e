/** Provider health: loaded once, then replaced by every 'providers.updated' push; grouped by chain for the panel. */
import { computed, type ComputedRef } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { ChainInfo, ProviderStatus } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useAppStore } from '../app/use-app-store';
import { useProvidersStore } from './use-providers-store';

type ProvidersStore = ReturnType<typeof useProvidersStore>;

export function applyProviders(store: ProvidersStore, providers: ProviderStatus[]): void {
  store.providers = providers;
  store.loaded = true;
  store.error = null;
}

export async function loadProviders(client: SteadfastClient, store: ProvidersStore): Promise<void> {
  try {
    applyProviders(store, await client.invoke('providers.list', {}));
  } catch (error) {
    store.error = toErrorData(error);
  }
}

export function subscribeProviders(client: SteadfastClient, store: ProvidersStore): () => void {
  return client.on('providers.updated', (providers) => applyProviders(store, providers));
}

export interface ChainGroup {
  chainId: number;
  chainName: string;
  /** In fallback order: the rank decides which provider is tried first, so that is the order shown. */
  providers: ProviderStatus[];
}

export function groupByChain(providers: readonly ProviderStatus[], chains: readonly ChainInfo[]): ChainGroup[] {
  const groups = new Map<number, ProviderStatus[]>();
  for (const provider of providers) {
    const list = groups.get(provider.chainId) ?? [];
    list.push(provider);
    groups.set(provider.chainId, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([chainId, list]) => ({
      chainId,
      chainName: chains.find((chain) => chain.chainId === chainId)?.name ?? `Chain ${chainId}`,
      providers: [...list].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name)),
    }));
}

export function useProviders(): {
  groups: ComputedRef<ChainGroup[]>;
  loaded: ComputedRef<boolean>;
  error: ComputedRef<ErrorData | null>;
} {
  const store = useProvidersStore();
  const app = useAppStore();
  return {
    groups: computed(() => groupByChain(store.providers, app.info?.chains ?? [])),
    loaded: computed(() => store.loaded),
    error: computed(() => store.error),
  };
}

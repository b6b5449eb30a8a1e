/** Provider health: loaded once, then replaced by every 'providers.updated' push; grouped by chain for the panel. */
import { computed, type ComputedRef } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { ChainInfo, HealthLevel, ProviderStatus } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { worst } from '../../../../shared/health-level';
import { useAppStore } from '../app/use-app-store';
import { useHealthStore } from '../health/use-health-store';
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

/**
 * `checked` is the health report's level per provider id (from its health checks). A card shows the worse of that and
 * the engine's own rating: the engine rates by traffic, so a backup that gets none looks HEALTHY to it even while
 * its reachability probe fails, and the card must not say HEALTHY while the chain counts it as down.
 */
export function groupByChain(
  providers: readonly ProviderStatus[],
  chains: readonly ChainInfo[],
  checked: ReadonlyMap<string, HealthLevel> = new Map(),
): ChainGroup[] {
  const groups = new Map<number, ProviderStatus[]>();
  for (const status of providers) {
    const level = checked.get(status.id);
    const provider = level === undefined ? status : { ...status, health: worst([status.health, level]) };
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
  const health = useHealthStore();
  const checked = computed(
    () => new Map((health.report?.chains ?? []).flatMap((chain) => chain.providers.map((p) => [p.id, p.level] as const))),
  );
  return {
    groups: computed(() => groupByChain(store.providers, app.info?.chains ?? [], checked.value)),
    loaded: computed(() => store.loaded),
    error: computed(() => store.error),
  };
}

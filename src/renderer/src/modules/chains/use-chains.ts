/**
 * The chain list of the settings screen. Loaded when the screen opens and kept current by 'chains.updated' while it
 * is open (the screen owns that subscription: no other view needs chain settings).
 */
import { computed, onScopeDispose, type ComputedRef } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { ChainSettingsView } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';
import { useChainsStore } from './use-chains-store';

type ChainsStore = ReturnType<typeof useChainsStore>;

export async function loadChains(client: SteadfastClient, store: ChainsStore): Promise<void> {
  try {
    store.chains = await client.invoke('chains.list', {});
    store.error = null;
  } catch (error) {
    store.error = toErrorData(error);
  }
}

export async function setChainEnabled(client: SteadfastClient, store: ChainsStore, chainId: number, enabled: boolean): Promise<void> {
  store.switching = chainId;
  try {
    store.chains = await client.invoke('chains.setEnabled', { chainId, enabled });
    store.error = null;
  } catch (error) {
    store.error = toErrorData(error);
  } finally {
    store.switching = null;
  }
}

export interface ChainsList {
  /** Built-in demo chain(s) first, then the configured ones in settings order (as main lists them). */
  chains: ComputedRef<ChainSettingsView[]>;
  loaded: ComputedRef<boolean>;
  error: ComputedRef<ErrorData | null>;
  switching: ComputedRef<number | null>;
  setEnabled(chainId: number, enabled: boolean): Promise<void>;
}

/** Call from the settings view's setup: it loads, subscribes, and unsubscribes when the view goes. */
export function useChains(): ChainsList {
  const client = useClient();
  const store = useChainsStore();
  const unsubscribe = client.on('chains.updated', (chains) => {
    store.chains = chains;
  });
  onScopeDispose(unsubscribe);
  void loadChains(client, store);
  return {
    chains: computed(() => store.chains ?? []),
    loaded: computed(() => store.chains !== null),
    error: computed(() => store.error),
    switching: computed(() => store.switching),
    setEnabled: (chainId, enabled) => setChainEnabled(client, store, chainId, enabled),
  };
}

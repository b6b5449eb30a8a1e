/** Chain ids to the names people know them by ('app.info' lists the running chains); an unknown id says its number. */
import { useAppStore } from '../app/use-app-store';

export function chainNameOf(chains: ReadonlyArray<{ chainId: number; name: string }> | undefined, chainId: number): string {
  return chains?.find((chain) => chain.chainId === chainId)?.name ?? `chain ${chainId}`;
}

/** Reactive when called in a template or computed: the app store's info is read at each call. */
export function useChainName(): (chainId: number) => string {
  const app = useAppStore();
  return (chainId) => chainNameOf(app.info?.chains, chainId);
}

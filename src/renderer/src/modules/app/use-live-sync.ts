/**
 * Start-up and keeping current. Main pushes every change, so after one initial load per domain the views only follow
 * events; nothing polls. Subscriptions are made before the loads so that no update can fall between an answer and
 * the subscription. After the WebSocket comes back everything is loaded again, because events sent while it was
 * down are lost.
 */
import { onScopeDispose, watch } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import { toErrorData } from '../../../../shared/errors';
import { useBridgeConnection, useClient } from '../bridge/use-bridge';
import { createDemoRefresher } from '../demo/use-demo';
import { useDemoStore } from '../demo/use-demo-store';
import { loadFeatures, subscribeFeatures } from '../features/use-features';
import { useFeaturesStore } from '../features/use-features-store';
import { loadPortfolio, subscribePortfolio } from '../portfolio/use-portfolio';
import { usePortfolioStore } from '../portfolio/use-portfolio-store';
import { loadProviders, subscribeProviders } from '../providers/use-providers';
import { useProvidersStore } from '../providers/use-providers-store';
import { loadSettings } from '../settings/use-watched-addresses';
import { useSettingsStore } from '../settings/use-settings-store';
import { useAppStore } from './use-app-store';

type AppStore = ReturnType<typeof useAppStore>;

export async function loadAppInfo(client: SteadfastClient, store: AppStore): Promise<void> {
  try {
    store.info = await client.invoke('app.info', {});
    store.error = null;
  } catch (error) {
    store.error = toErrorData(error);
  }
}

/** Call once, from the root component: it owns the subscriptions and ends them when the app unmounts. */
export function useLiveSync(): { reload(): Promise<void> } {
  const client = useClient();
  const { showDisconnected } = useBridgeConnection();
  const app = useAppStore();
  const portfolio = usePortfolioStore();
  const providers = useProvidersStore();
  const features = useFeaturesStore();
  const settings = useSettingsStore();
  const demo = useDemoStore();
  const refreshDemo = createDemoRefresher(client, demo);

  const unsubscribers = [
    subscribePortfolio(client, portfolio),
    subscribeProviders(client, providers),
    subscribeFeatures(client, features),
    // Provider events are when the demo proxies' request counters have moved.
    client.on('providers.updated', () => {
      if (app.info?.demo === true) refreshDemo();
    }),
  ];

  async function reload(): Promise<void> {
    await Promise.all([
      loadAppInfo(client, app).then(() => {
        if (app.info?.demo === true) refreshDemo();
      }),
      loadPortfolio(client, portfolio),
      loadProviders(client, providers),
      loadFeatures(client, features),
      loadSettings(client, settings),
    ]);
  }

  // Reload on recovery only: the first connect is covered by the initial load (its invokes wait for the socket).
  const stopWatching = watch(showDisconnected, (down, wasDown) => {
    if (wasDown && !down) void reload();
  });

  onScopeDispose(() => {
    stopWatching();
    for (const unsubscribe of unsubscribers) unsubscribe();
  });

  void reload();
  return { reload };
}

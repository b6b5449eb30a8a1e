/**
 * The one composition root. The Electron entry and the headless entry both call `createSteadfast`; neither builds
 * engine or services itself. With nothing configured it starts the embedded local chain (anvil + fault proxies).
 *
 * Shape: long-lived services (settings, secrets, database, events, demo) → the runtime (engine + portfolio, rebuilt
 * when chains or providers change) → each feature's handlers, merged into one router.
 */
import type { AppInfo, WatchedAddress } from '../shared/domain';
import type { AppContext } from './app-context';
import type { AppOptions, SteadfastApp } from './app-types';
import { startDemo } from './demo';
import { demoHandlers } from './demo/handlers';
import type { Demo } from './demo/types';
import type { ChainConfig } from './engine/types';
import { EventBus } from './ipc/events';
import { createRouter, type Handlers } from './ipc/router';
import { notBuilt } from './not-built';
import { FeatureTracker } from './portfolio/features';
import { portfolioHandlers } from './portfolio/handlers';
import { startRuntime, type RunningRuntime } from './runtime';
import { effectiveChains } from './settings/effective-chains';
import { fileSecretStore } from './settings/secrets';
import { SettingsService } from './settings/settings-service';
import { openDatabase } from './storage/database';

/** The embedded chain mines like a real one so that block numbers and ages move on screen. */
const DEMO_BLOCK_TIME_S = 2;

export async function createSteadfast(options: AppOptions): Promise<SteadfastApp> {
  const { log } = options;
  const settings = new SettingsService(options.settings, log);
  const secrets = options.secrets ?? fileSecretStore(options.dataDir);
  const db = openDatabase(options.database ?? options.dataDir);
  const events = new EventBus();
  const demo: Demo | null = settings.get().demoChain ? await startDemo({ blockTimeSeconds: DEMO_BLOCK_TIME_S }) : null;

  const watched = (): WatchedAddress[] => {
    const own = settings.get().addresses;
    const seeded = demo?.watched.filter((d) => !own.some((o) => o.address === d.address)) ?? [];
    return [...seeded, ...own];
  };
  const chainsToRun = (): ChainConfig[] => [
    ...(demo?.chains.map((c) => c.config) ?? []),
    ...effectiveChains(settings.get().chains, secrets, log),
  ];

  let runtime: RunningRuntime = startRuntime({ chains: chainsToRun(), events, watched, log });
  const cleanups: Array<() => void | Promise<void>> = [];
  const ctx: AppContext = {
    mode: options.mode,
    dataDir: options.dataDir,
    settings,
    secrets,
    events,
    db,
    demo,
    log,
    runtime: () => runtime,
    watched,
    async reconfigure() {
      const previous = runtime;
      runtime = startRuntime({ chains: chainsToRun(), events, watched, log });
      await previous.dispose();
    },
    onDispose: (cleanup) => cleanups.push(cleanup),
  };

  const features = new FeatureTracker(Date.now());
  ctx.onDispose(
    events.subscribe((event) => {
      if (event !== 'portfolio.updated') return;
      if (features.observe(runtime.portfolio.get(), Date.now())) events.emit('features.updated', features.list());
    }),
  );

  const info = (): AppInfo => ({
    version: options.version,
    mode: options.mode,
    demo: demo !== null,
    chains: runtime.chains.map((c) => ({ chainId: c.chainId, name: c.name, nativeSymbol: c.nativeSymbol })),
  });

  const handlers: Handlers = {
    'app.info': () => info(),
    'providers.list': () => runtime.engine.status(),
    ...portfolioHandlers(ctx, features),
    ...demoHandlers(ctx),
    ...notBuilt('chains.catalog', 'chains.list', 'chains.setEnabled', 'providers.test', 'providers.save', 'indexer.save'),
    ...notBuilt('tokens.list', 'tokens.add', 'tokens.setHidden', 'tokens.discover'),
    ...notBuilt('prices.settings', 'prices.save'),
    ...notBuilt('history.page', 'history.refresh', 'export.history'),
    ...notBuilt('analytics.get', 'export.holdings'),
    ...notBuilt('alerts.list', 'alerts.add', 'alerts.remove'),
    ...notBuilt('health.get', 'operator.snapshot'),
    ...notBuilt('providers.setEnabled', 'providers.probe', 'budgets.reportRender'),
  };

  let disposed: Promise<void> | null = null;
  return {
    router: createRouter(handlers, log),
    events,
    info,
    dispose() {
      disposed ??= (async () => {
        for (const cleanup of cleanups.reverse()) await cleanup();
        await runtime.dispose();
        await demo?.stop();
        db.close();
      })();
      return disposed;
    },
  };
}

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
import { chainsHandlers } from './chains/handlers';
import { startDemo } from './demo';
import { demoHandlers } from './demo/handlers';
import type { Demo } from './demo/types';
import type { ChainConfig } from './engine/types';
import { EventBus } from './ipc/events';
import { createRouter, type Handlers } from './ipc/router';
import { createMonitoring } from './health/monitoring';
import { operatorHandlers, startOperatorPush } from './operator/handlers';
import type { PortfolioSources } from './portfolio/portfolio-service';
import { priceHandlers } from './portfolio/prices/handlers';
import { PriceBook } from './portfolio/prices/price-book';
import { chainPriceIds, priceSetup } from './portfolio/prices/price-setup';
import { tokenHandlers } from './portfolio/tokens/handlers';
import { TokenService } from './portfolio/tokens/token-service';
import { TokenStore } from './portfolio/tokens/token-store';
import { analyticsFeature } from './portfolio/analytics/handlers';
import { portfolioHandlers } from './portfolio/handlers';
import { historyHandlers } from './portfolio/history/handlers';
import { modeFor } from './health/feature-gate';
import { startRuntime, type RunningRuntime } from './runtime';
import { effectiveChains } from './settings/effective-chains';
import { fileSecretStore } from './settings/secrets';
import { SettingsService } from './settings/settings-service';
import { openDatabase } from './storage/database';
import { durableAnswers } from './storage/durable-answers';

/** The embedded chain mines like a real one so that block numbers and ages move on screen. */
const DEMO_BLOCK_TIME_S = 2;

export async function createSteadfast(options: AppOptions): Promise<SteadfastApp> {
  const { log } = options;
  const settings = new SettingsService(options.settings, log);
  const secrets = options.secrets ?? fileSecretStore(options.dataDir);
  const db = openDatabase(options.database ?? options.dataDir);
  const events = new EventBus();
  const demo: Demo | null = settings.get().demoChain ? await startDemo({ blockTimeSeconds: DEMO_BLOCK_TIME_S, l2: true }) : null;

  const watched = (): WatchedAddress[] => {
    const own = settings.get().addresses;
    const seeded = demo?.watched.filter((d) => !own.some((o) => o.address === d.address)) ?? [];
    return [...seeded, ...own];
  };
  const chainsToRun = (): ChainConfig[] => {
    const builtIn = demo?.chains.map((c) => c.config) ?? [];
    // A configured chain with a built-in chain's id (a hand-edited settings file) would make two engines for one
    // chain id and stop the app from starting: the built-in one wins, and the conflict is logged.
    const configured = effectiveChains(settings.get().chains, secrets, log).filter((chain) => {
      const clash = builtIn.some((b) => b.chainId === chain.chainId);
      if (clash) log?.warn('configured chain ignored: its id is the embedded chain\'s', { chainId: chain.chainId });
      return !clash;
    });
    return [...builtIn, ...configured];
  };

  // Tracked tokens and prices outlive the runtime (rebuilt on chain changes): their state is in SQLite, not the engine.
  const prices = new PriceBook({
    db,
    setup: priceSetup(settings, secrets, demo),
    ids: chainPriceIds(settings, demo),
    // By health alone: the gate's "prices from cache" state must not itself pause the sources (it would never end).
    live: () => modeFor('realtimePrices', monitoring.gate.severity()) === 'normal',
  });
  const tokens = new TokenService({ store: new TokenStore(db), events, runtime: () => runtime, watched, log });
  const sources: PortfolioSources = {
    tokens: (chain) => tokens.visible(chain),
    isHidden: (chainId, address) => tokens.isHidden(chainId, address),
    prices,
  };

  // Metrics, budgets, memory, feature gate and health: long-lived; the engine of every runtime reports to them.
  const monitoring = createMonitoring({ runtime: () => runtime, budgets: () => settings.get().budgets, events });
  // The engine's cached answers that outlive a restart: the app opened offline shows the last figures with their age.
  // Not for the embedded chains: anvil is seeded afresh at every start, so last run's answers belong to another chain.
  const diskTier = durableAnswers(db);
  const durable = (chainId: number) => (demo?.chains.some((c) => c.config.chainId === chainId) ? undefined : diskTier(chainId));
  const run = (): RunningRuntime =>
    startRuntime({ chains: chainsToRun(), events, watched, log, sources, observer: monitoring.observer, durableAnswers: durable });
  let runtime: RunningRuntime = run();
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
      runtime = run();
      await previous.dispose();
    },
    onDispose: (cleanup) => cleanups.push(cleanup),
    features: monitoring.gate,
    health: monitoring.health,
  };

  // Feature states follow health (and cached prices) through the gate; every change is pushed.
  const features = monitoring.gate;
  ctx.onDispose(features.onChange((states) => events.emit('features.updated', states)));
  monitoring.health.start();
  ctx.onDispose(() => monitoring.health.dispose());

  const info = (): AppInfo => ({
    version: options.version,
    mode: options.mode,
    demo: demo !== null,
    chains: runtime.chains.map((c) => ({ chainId: c.chainId, name: c.name, nativeSymbol: c.nativeSymbol })),
  });

  // Records snapshots and checks alerts on each pushed portfolio snapshot; the subscription ends with the app.
  const analytics = analyticsFeature(ctx);
  ctx.onDispose(tokens.start());
  const handlers: Handlers = {
    'app.info': () => info(),
    'providers.list': () => runtime.engine.status(),
    ...portfolioHandlers(ctx, features),
    ...demoHandlers(ctx),
    ...chainsHandlers(ctx),
    ...tokenHandlers(tokens),
    ...priceHandlers(ctx, prices),
    ...historyHandlers(ctx),
    ...analytics.analytics,
    ...analytics.alerts,
    ...operatorHandlers(ctx, monitoring),
  };
  // Every internal subscription exists by now: listeners beyond this count are windows and sockets.
  ctx.onDispose(startOperatorPush(ctx, monitoring, events.listenerCount));

  let disposed: Promise<void> | null = null;
  return {
    router: createRouter(handlers, log),
    events,
    info,
    metrics: { contentType: monitoring.metrics.contentType, text: () => monitoring.metrics.text() },
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

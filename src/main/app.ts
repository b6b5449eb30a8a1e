/**
 * The one composition root. The Electron entry and the headless entry both call `createSteadfast`; neither builds
 * engine or services itself. With nothing configured it starts the embedded local chain (anvil + fault proxies).
 */
import { getAddress, isAddress } from 'viem';
import type { AppInfo, ProviderStatus, PublicSettings, WatchedAddress } from '../shared/domain';
import { SteadfastError } from '../shared/errors';
import type { AppOptions, SteadfastApp } from './app-types';
import { startDemo } from './demo';
import type { Demo } from './demo/types';
import { createEngine } from './engine';
import { maskUrl } from './engine/redact';
import type { ChainConfig } from './engine/types';
import { EventBus } from './ipc/events';
import { createRouter, type Handlers } from './ipc/router';
import { FeatureTracker } from './portfolio/features';
import { PortfolioService } from './portfolio/portfolio-service';
import { SettingsService } from './settings/settings-service';

/** Portfolio refresh period. Short enough that a failing provider shows within seconds. */
const REFRESH_INTERVAL_MS = 2_000;
/** The embedded chain mines like a real one so that block numbers and ages move on screen. */
const DEMO_BLOCK_TIME_S = 2;
/** Provider status changes come in bursts (one per request); push at most this often. */
const STATUS_PUSH_MS = 250;

export async function createSteadfast(options: AppOptions): Promise<SteadfastApp> {
  const { log } = options;
  const settings = new SettingsService(options.settings, log);
  const configured = settings.get().chains;
  const demo: Demo | null = configured.length === 0 ? await startDemo({ blockTimeSeconds: DEMO_BLOCK_TIME_S }) : null;
  const chains: ChainConfig[] = demo ? demo.chains.map((c) => c.config) : configured;
  const engine = createEngine(chains);
  const events = new EventBus();

  const watched = (): WatchedAddress[] => {
    const own = settings.get().addresses;
    const seeded = demo?.watched.filter((d) => !own.some((o) => o.address === d.address)) ?? [];
    return [...seeded, ...own];
  };
  const portfolio = new PortfolioService({ engine, events, watched, intervalMs: REFRESH_INTERVAL_MS, log });
  const features = new FeatureTracker(Date.now());
  const stopFeatures = events.subscribe((event) => {
    if (event !== 'portfolio.updated') return;
    if (features.observe(portfolio.get(), Date.now())) events.emit('features.updated', features.list());
  });
  const stopStatus = pushCoalesced(engine.onStatusChange.bind(engine), (status) => events.emit('providers.updated', status));

  const info = (): AppInfo => ({
    version: options.version,
    mode: options.mode,
    demo: demo !== null,
    chains: chains.map((c) => ({ chainId: c.chainId, name: c.name, nativeSymbol: c.nativeSymbol })),
  });
  const publicSettings = (): PublicSettings => ({
    chains: chains.map((c) => ({
      chainId: c.chainId,
      name: c.name,
      providers: c.providers.map((p) => ({ name: p.name, url: maskUrl(p.url), rank: p.rank, weight: p.weight })),
    })),
    addresses: watched().map((w) => ({ ...w, builtIn: !settings.get().addresses.some((o) => o.address === w.address) })),
  });
  const requireDemo = (): Demo => {
    if (demo) return demo;
    throw new SteadfastError({ code: 'NOT_AVAILABLE', message: 'fault injection exists only on the embedded demo chain', retryable: false });
  };

  const handlers: Handlers = {
    'app.info': () => info(),
    'portfolio.get': () => portfolio.get(),
    'portfolio.refresh': () => portfolio.refresh(),
    'providers.list': () => engine.status(),
    'features.list': () => features.list(),
    'settings.get': () => publicSettings(),
    'addresses.add': ({ address, label }) => {
      const checksummed = checksum(address);
      if (watched().some((w) => w.address === checksummed)) {
        throw invalidInput(`${checksummed} is already watched`);
      }
      settings.update((s) => ({ ...s, addresses: [...s.addresses, { address: checksummed, label }] }));
      void portfolio.refresh();
      return publicSettings();
    },
    'addresses.remove': ({ address }) => {
      const checksummed = checksum(address);
      if (!settings.get().addresses.some((a) => a.address === checksummed)) {
        throw invalidInput(`${checksummed} is not one of your watched addresses`);
      }
      settings.update((s) => ({ ...s, addresses: s.addresses.filter((a) => a.address !== checksummed) }));
      events.emit('portfolio.updated', portfolio.get());
      return publicSettings();
    },
    'demo.status': () => demo?.status() ?? { running: false, providers: [] },
    'demo.setFault': ({ provider, fault }) => {
      const running = requireDemo();
      running.setFault(provider, fault);
      log?.info('fault injected', { provider, fault: fault.kind });
      return running.status();
    },
  };

  portfolio.start();
  let disposed: Promise<void> | null = null;
  return {
    router: createRouter(handlers, log),
    events,
    info,
    dispose() {
      disposed ??= (async () => {
        stopStatus();
        stopFeatures();
        await portfolio.dispose();
        await engine.dispose();
        await demo?.stop();
      })();
      return disposed;
    },
  };
}

/** Checksum an address; a mixed-case address whose checksum is wrong is refused (it is most likely a typo). */
function checksum(address: string): `0x${string}` {
  const mixedCase = address !== address.toLowerCase() && address.slice(2) !== address.slice(2).toUpperCase();
  if (mixedCase && !isAddress(address, { strict: true })) {
    throw invalidInput(`${address} has a wrong checksum: check it for a typo`);
  }
  return getAddress(address);
}

function invalidInput(message: string): SteadfastError {
  return new SteadfastError({ code: 'INVALID_INPUT', message, retryable: false });
}

function pushCoalesced(
  subscribe: (listener: (status: ProviderStatus[]) => void) => () => void,
  push: (status: ProviderStatus[]) => void,
): () => void {
  let latest: ProviderStatus[] | null = null;
  let timer: NodeJS.Timeout | null = null;
  const unsubscribe = subscribe((status) => {
    latest = status;
    timer ??= setTimeout(() => {
      timer = null;
      if (latest) push(latest);
    }, STATUS_PUSH_MS);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}

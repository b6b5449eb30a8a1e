/**
 * The part of the app rebuilt when chains or providers change: the engine over the effective chains and the
 * portfolio service reading through it, with the provider-status push wired to the event bus.
 */
import type { ProviderStatus } from '../shared/domain';
import type { Runtime } from './app-context';
import { createEngine, type AnswerStore, type EngineObserver, type ManagedEngine } from './engine';
import type { ChainConfig } from './engine/types';
import type { EventBus } from './ipc/events';
import type { Logger } from './log';
import { PortfolioService, type PortfolioSources } from './portfolio/portfolio-service';
import type { WatchedAddress } from '../shared/domain';

/** Portfolio refresh period. Short enough that a failing provider shows within seconds. */
export const REFRESH_INTERVAL_MS = 2_000;
/** Provider status changes come in bursts (one per request); push at most this often. */
const STATUS_PUSH_MS = 250;

export interface RunningRuntime extends Runtime {
  dispose(): Promise<void>;
}

export function startRuntime(deps: {
  chains: ChainConfig[];
  events: EventBus;
  watched: () => readonly WatchedAddress[];
  log: Logger | undefined;
  /** Tracked tokens and the price book: long-lived, so they survive this runtime's rebuilds. */
  sources?: PortfolioSources;
  /** Metrics and budgets hear the engine through this (long-lived: the same observer for every rebuild). */
  observer?: EngineObserver;
  /** Each chain's durable last-known-good tier (SQLite): cached figures that survive rebuilds and restarts. */
  durableAnswers?: (chainId: number) => AnswerStore | undefined;
}): RunningRuntime {
  const engine: ManagedEngine = createEngine(deps.chains, undefined, deps.observer, deps.durableAnswers);
  const portfolio = new PortfolioService({
    engine,
    events: deps.events,
    watched: deps.watched,
    intervalMs: REFRESH_INTERVAL_MS,
    sources: deps.sources,
    ...(deps.log ? { log: deps.log } : {}),
  });
  const stopStatus = pushCoalesced(engine.onStatusChange.bind(engine), (status) =>
    deps.events.emit('providers.updated', status),
  );
  deps.events.emit('providers.updated', engine.status());
  portfolio.start();
  return {
    engine,
    portfolio,
    chains: deps.chains,
    async dispose() {
      stopStatus();
      await portfolio.dispose();
      await engine.dispose();
    },
  };
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

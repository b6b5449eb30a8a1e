/**
 * Keeps the portfolio current and pushes it to the renderer.
 *
 * Main refreshes on a timer (the renderer never polls): each chain is read independently and the snapshot is
 * pushed as each chain's reading arrives, so one slow chain never holds the others back. A failed read keeps the
 * chain's last reading on screen, marked stale with its age, next to the error that caused it.
 *
 * During a refresh, 'refresh.progress' says which chain × address parts are pending, done or failed. One chain's
 * addresses are read in one block-consistent multicall, so a chain's parts finish together.
 *
 * With `sources` (the composition root passes them), the tokens read are the tracked, non-hidden ones and prices go
 * through the price book's fallback chain; without, the chain configuration's tokens and Chainlink feeds only.
 */
import type { Address } from 'viem';
import type { Price, PortfolioSnapshot, RefreshProgress, TrackedToken, WatchedAddress } from '../../shared/domain';
import { toErrorData, type ErrorData } from '../../shared/errors';
import { findSteadfastError } from '../engine/errors';
import type { ChainConfig, ChainEngine, Engine } from '../engine/types';
import type { EventBus } from '../ipc/events';
import type { Logger } from '../log';
import { readChain, type ChainReading, type ReadToken } from './read-chain';
import { buildSnapshot, type ChainState } from './snapshot';

/** Long-lived sources the portfolio reads through (they outlive the runtime; see app.ts). */
export interface PortfolioSources {
  /** The chain's tokens to read: tracked and not hidden. */
  tokens(chain: ChainConfig): readonly TrackedToken[];
  isHidden(chainId: number, address: `0x${string}`): boolean;
  /** The price fallback chain (see prices/price-book.ts). */
  prices: {
    resolve(
      chainId: number,
      assets: readonly string[],
      chainlink: ReadonlyMap<string, Price>,
    ): Promise<{ prices: Map<string, Price>; errors: ErrorData[] }>;
    /** The last stored price of each asset (source 'cache', its own time), asking no source. */
    cached(chainId: number, assets: readonly string[]): ReadonlyMap<string, Price>;
  };
}

export interface PortfolioServiceOptions {
  sources?: PortfolioSources | undefined;
  engine: Engine;
  events: EventBus;
  /** The watched addresses as they are now (settings may change between refreshes). */
  watched: () => readonly WatchedAddress[];
  /** Pause between the end of one refresh and the start of the next. */
  intervalMs: number;
  log?: Logger;
}

export class PortfolioService {
  readonly #states = new Map<number, ChainState>();
  #error: ErrorData | null = null;
  #inFlight: Promise<PortfolioSnapshot> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #disposed = false;

  constructor(private readonly options: PortfolioServiceOptions) {}

  get(): PortfolioSnapshot {
    return this.#snapshot(this.#inFlight !== null);
  }

  /** Concurrent callers share one refresh: a user clicking twice does not double the provider traffic. */
  refresh(): Promise<PortfolioSnapshot> {
    this.#inFlight ??= this.#refreshAll().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** Starts the refresh loop: one refresh now, then one `intervalMs` after each finishes (never overlapping). */
  start(): void {
    const loop = () => {
      if (this.#disposed) return;
      void this.refresh().finally(() => {
        if (!this.#disposed) this.#timer = setTimeout(loop, this.options.intervalMs);
      });
    };
    loop();
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#inFlight?.catch(() => undefined);
  }

  async #refreshAll(): Promise<PortfolioSnapshot> {
    const holders = this.options.watched().map((w) => w.address as Address);
    const chains = this.options.engine.chains();
    const progress: RefreshProgress = {
      parts: chains.flatMap((c) => holders.map((address) => ({ chainId: c.config.chainId, address, state: 'pending' as const }))),
      startedAt: Date.now(),
    };
    const mark = (chainId: number, state: 'done' | 'failed') => {
      progress.parts = progress.parts.map((part) => (part.chainId === chainId ? { ...part, state } : part));
      if (!this.#disposed) this.options.events.emit('refresh.progress', { ...progress, parts: [...progress.parts] });
    };
    if (!this.#disposed) this.options.events.emit('refresh.progress', progress);
    this.#emit(true);
    const errors: ErrorData[] = [];
    await Promise.all(
      chains.map(async (chain) => {
        try {
          const reading = await this.#read(chain, holders);
          this.#states.set(chain.config.chainId, { reading, stale: false });
          // Served from the cache is no read: the progress counts it as failed, as the figures will say stale.
          mark(chain.config.chainId, reading.stale ? 'failed' : 'done');
          // The engine answered from its last-known-good cache: the read "succeeded", but no provider answered. That
          // is the reason the figures are stale, and it must be said beside them (not a silent null error).
          if (reading.stale) errors.push(servedFromCache(chain.config.name, reading));
        } catch (error) {
          mark(chain.config.chainId, 'failed');
          const previous = this.#states.get(chain.config.chainId);
          if (previous) this.#states.set(chain.config.chainId, { ...previous, stale: true });
          errors.push(describe(error, chain.config.name));
          this.options.log?.warn('portfolio read failed', { chainId: chain.config.chainId, error: errors.at(-1) });
        }
        if (!this.#disposed) this.#emit(true);
      }),
    );
    // Every chain that failed is named (the first error's code stands for them all): "Why" must not leave one out.
    const [first] = errors;
    this.#error = first === undefined ? null : { ...first, message: errors.map((e) => e.message).join(' · ') };
    return this.#emit(false);
  }

  /** One chain: balances and feeds at one block, then the other price sources for what the feeds did not price. */
  async #read(chain: ChainEngine, holders: readonly Address[]): Promise<ChainReading> {
    const sources = this.options.sources;
    if (!sources) return readChain(chain, holders);
    const tokens = sources.tokens(chain.config).map(toReadToken);
    const reading = await readChain(chain, holders, tokens);
    const assets = ['native', ...tokens.map((t) => t.address.toLowerCase())];
    if (reading.stale) {
      // Served from the engine's last-known-good cache: no provider answered. The cached multicall carries the feeds'
      // prices (labelled 'cache' by the snapshot), but the price API's were never part of it: without the price
      // cache, every token priced by the API would drop to "no price" and out of the total. The API is not asked
      // (the figures are not live anyway; it is external traffic while offline).
      const prices = new Map(reading.prices);
      for (const [asset, price] of sources.prices.cached(chain.config.chainId, assets)) if (!prices.has(asset)) prices.set(asset, price);
      return { ...reading, prices };
    }
    const { prices, errors } = await sources.prices.resolve(chain.config.chainId, assets, reading.prices);
    for (const error of errors) this.options.log?.warn('price source failed', { chainId: chain.config.chainId, error });
    return { ...reading, prices };
  }

  #snapshot(refreshing: boolean): PortfolioSnapshot {
    return buildSnapshot({
      chains: this.options.engine.chains().map((c) => c.config),
      states: this.#states,
      watched: this.options.watched(),
      refreshing,
      error: this.#error,
      now: Date.now(),
      ...(this.options.sources ? { hidden: this.options.sources.isHidden.bind(this.options.sources) } : {}),
    });
  }

  #emit(refreshing: boolean): PortfolioSnapshot {
    const snapshot = this.#snapshot(refreshing);
    if (!this.#disposed) this.options.events.emit('portfolio.updated', snapshot);
    return snapshot;
  }
}

/** viem wraps transport errors; find the engine's typed error inside, or describe what viem said. */
function describe(error: unknown, chainName: string): ErrorData {
  const typed = findSteadfastError(error);
  if (typed) return { ...typed.toData(), message: `${chainName}: ${typed.message}` };
  const data = toErrorData(error);
  const short = (error as { shortMessage?: string }).shortMessage;
  return { ...data, code: data.code === 'INTERNAL' ? 'PROVIDER_ERROR' : data.code, message: `${chainName}: ${short ?? data.message}`, retryable: true };
}

function servedFromCache(chainName: string, reading: ChainReading): ErrorData {
  return {
    code: 'ALL_PROVIDERS_FAILED',
    message: `${chainName}: no provider answered; showing the last figures read (block #${reading.blockNumber})`,
    retryable: true,
  };
}

function toReadToken(token: TrackedToken): ReadToken {
  const { address, symbol, name, decimals, origin, priceFeed } = token;
  return { address: address as `0x${string}`, symbol, name, decimals, origin, ...(priceFeed ? { priceFeed } : {}) };
}

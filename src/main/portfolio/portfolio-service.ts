/**
 * Keeps the portfolio current and pushes it to the renderer.
 *
 * Main refreshes on a timer (the renderer never polls): each chain is read independently and the snapshot is
 * pushed as each chain's reading arrives, so one slow chain never holds the others back. A failed read keeps the
 * chain's last reading on screen, marked stale with its age, next to the error that caused it.
 */
import type { Address } from 'viem';
import type { PortfolioSnapshot, WatchedAddress } from '../../shared/domain';
import { toErrorData, type ErrorData } from '../../shared/errors';
import { findSteadfastError } from '../engine/errors';
import type { Engine } from '../engine/types';
import type { EventBus } from '../ipc/events';
import type { Logger } from '../log';
import { readChain } from './read-chain';
import { buildSnapshot, type ChainState } from './snapshot';

export interface PortfolioServiceOptions {
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
    this.#emit(true);
    const errors: ErrorData[] = [];
    await Promise.all(
      this.options.engine.chains().map(async (chain) => {
        try {
          const reading = await readChain(chain, holders);
          this.#states.set(chain.config.chainId, { reading, stale: false });
        } catch (error) {
          const previous = this.#states.get(chain.config.chainId);
          if (previous) this.#states.set(chain.config.chainId, { ...previous, stale: true });
          errors.push(describe(error, chain.config.name));
          this.options.log?.warn('portfolio read failed', { chainId: chain.config.chainId, error: errors.at(-1) });
        }
        if (!this.#disposed) this.#emit(true);
      }),
    );
    this.#error = errors[0] ?? null;
    return this.#emit(false);
  }

  #snapshot(refreshing: boolean): PortfolioSnapshot {
    return buildSnapshot({
      chains: this.options.engine.chains().map((c) => c.config),
      states: this.#states,
      watched: this.options.watched(),
      refreshing,
      error: this.#error,
      now: Date.now(),
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

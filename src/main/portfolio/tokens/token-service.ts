/**
 * Tracked tokens: what the portfolio reads, what discovery found, what the user added or hid.
 *
 * Long-lived (built once by the composition root): state lives in SQLite (TokenStore), and the engine is asked for
 * through `runtime()` at each use, because the runtime is rebuilt whenever chains or providers change.
 *
 * Discovery runs in the background lane: DISCOVERY_START_DELAY_MS after start, then every DISCOVERY_INTERVAL_MS,
 * and soon after a watched address appears that was never scanned. Runs are serialized (never two scans at once).
 */
import { getAddress, type Address } from 'viem';
import type { TrackedToken, WatchedAddress } from '../../../shared/domain';
import { SteadfastError } from '../../../shared/errors';
import type { Runtime } from '../../app-context';
import type { ChainConfig, ChainEngine } from '../../engine/types';
import type { EventBus } from '../../ipc/events';
import type { Logger } from '../../log';
import { backgroundHead, receivedTokens } from './discovery';
import { readTokenMetadata } from './token-metadata';
import type { TokenStore } from './token-store';

/** Not at once: start-up is when the portfolio's first read and the UI's first paint need the providers most. */
export const DISCOVERY_START_DELAY_MS = 15_000;
/** Tokens arrive rarely; scanning every few minutes keeps log queries far below any provider's limits. */
export const DISCOVERY_INTERVAL_MS = 5 * 60_000;
/**
 * Blocks per discovery request: the engine splits one eth_getLogs into at most 160 pieces (logs-range.ts), enough
 * for this window against the common 2,000-block limit.
 */
export const DISCOVERY_WINDOW_BLOCKS = 100_000n;
/** Windows per chain and holder per run: a million blocks a run at most, so that a run stays background-sized. */
export const DISCOVERY_WINDOWS_PER_RUN = 10;
/** A newly watched address is scanned this soon (coalescing a burst of additions into one run). */
const NEW_ADDRESS_DELAY_MS = 500;

export interface TokenServiceDeps {
  store: TokenStore;
  events: EventBus;
  runtime: () => Runtime;
  watched: () => readonly WatchedAddress[];
  log?: Logger | undefined;
  now?: () => number;
  /** Blocks per discovery request and requests per run (defaults DISCOVERY_WINDOW_BLOCKS, DISCOVERY_WINDOWS_PER_RUN). */
  window?: { blocks: bigint; perRun: number };
}

export class TokenService {
  readonly #synced = new WeakSet<ChainConfig>();
  readonly #now: () => number;
  #queue: Promise<unknown> = Promise.resolve();
  #timers = new Set<NodeJS.Timeout>();
  #started = false;
  #firstRunDone = false;
  #disposed = false;
  #hidden: Set<string> | null = null;

  constructor(private readonly deps: TokenServiceDeps) {
    this.#now = deps.now ?? Date.now;
  }

  /** The chain's tokens to read and show: tracked and not hidden (configured ones made known first). */
  visible(chain: ChainConfig): TrackedToken[] {
    this.#sync(chain);
    return this.deps.store.list(chain.chainId).filter((token) => !token.hidden);
  }

  /** Asked for every token row of every snapshot: answered from memory, reloaded only when tokens change. */
  isHidden(chainId: number, address: string): boolean {
    this.#hidden ??= new Set(this.deps.store.list().filter((t) => t.hidden).map((t) => `${t.chainId}:${t.address.toLowerCase()}`));
    return this.#hidden.has(`${chainId}:${address.toLowerCase()}`);
  }

  /** Every tracked token of the running chains (hidden ones included, so the UI can offer to unhide them). */
  list(chainId?: number): TrackedToken[] {
    const chains = this.deps.runtime().chains;
    for (const chain of chains) this.#sync(chain);
    const running = new Set(chains.map((chain) => chain.chainId));
    return this.deps.store.list(chainId).filter((token) => running.has(token.chainId));
  }

  /**
   * 'tokens.add': reads the contract's metadata. INVALID_INPUT when there is no contract at the address, when it is
   * not an ERC-20 (no decimals or symbol), or when the token is already tracked and shown (a silent success would
   * let the user believe something was added).
   */
  async add(chainId: number, address: `0x${string}`): Promise<TrackedToken> {
    const chain = this.#chain(chainId);
    const checksummed = getAddress(address);
    const known = this.deps.store.get(chainId, checksummed);
    if (known) {
      if (!known.hidden) throw invalid(`${known.symbol} is already tracked on ${chain.config.name}`);
      // Adding a hidden token by hand is the clearest way to say "show it again".
      this.setHidden(chainId, checksummed, false);
      return this.deps.store.get(chainId, checksummed)!;
    }
    // An account without code (a wallet, a typo'd address) answers every call with empty data: say what it is.
    const { value: code } = await chain.traced(() => chain.client.getCode({ address: checksummed }), { priority: 'critical' });
    if (code === undefined || code === '0x') throw invalid(`there is no contract at ${checksummed} on ${chain.config.name}`);
    const metadata = (await readTokenMetadata(chain, [checksummed], 'critical')).get(checksummed);
    if (!metadata?.ok || !metadata.symbolRead) {
      const why = metadata && !metadata.ok ? metadata.reason : 'it has no readable symbol()';
      throw invalid(`${checksummed} is not an ERC-20 token on ${chain.config.name}: ${why}`);
    }
    this.deps.store.addIfAbsent({ chainId, address: checksummed, ...metadata }, 'user', this.#now());
    this.#changed();
    return this.deps.store.get(chainId, checksummed)!;
  }

  setHidden(chainId: number, address: `0x${string}`, hidden: boolean): TrackedToken[] {
    this.#chain(chainId);
    if (!this.deps.store.setHidden(chainId, address, hidden)) {
      throw invalid(`${getAddress(address)} is not a tracked token on chain ${chainId}`);
    }
    this.#changed();
    return this.list();
  }

  /** Runs discovery now (after any run in progress) and returns every tracked token. */
  async discover(): Promise<TrackedToken[]> {
    await this.#enqueue();
    return this.list();
  }

  /** Starts the background schedule. Returns the stop function (for ctx.onDispose): it waits for a scan in flight. */
  start(): () => Promise<void> {
    if (this.#started) return async () => this.#stop();
    this.#started = true;
    this.#after(DISCOVERY_START_DELAY_MS, () => {
      void this.#enqueue().finally(() => (this.#firstRunDone = true));
      const interval = setInterval(() => void this.#enqueue(), DISCOVERY_INTERVAL_MS);
      interval.unref();
      this.#timers.add(interval);
    });
    const unsubscribe = this.deps.events.subscribe((event) => {
      if (event === 'portfolio.updated' && this.#firstRunDone && this.#hasUnscanned()) {
        this.#firstRunDone = false; // one run per burst of new addresses
        this.#after(NEW_ADDRESS_DELAY_MS, () => void this.#enqueue().finally(() => (this.#firstRunDone = true)));
      }
    });
    return async () => {
      unsubscribe();
      this.#stop();
      await this.#queue;
    };
  }

  #stop(): void {
    this.#disposed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#disposed) fn();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  #enqueue(): Promise<void> {
    const run = this.#queue.then(() => this.#discoverAll());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #hasUnscanned(): boolean {
    const chains = this.deps.runtime().chains;
    return this.deps.watched().some((w) => chains.some((c) => this.deps.store.lastScanned(c.chainId, w.address) === null));
  }

  async #discoverAll(): Promise<void> {
    if (this.#disposed) return;
    const holders = this.deps.watched().map((w) => getAddress(w.address));
    let added = 0;
    // Chains one after the other: this is background work, and one chain's scan may be many log requests already.
    for (const chain of this.deps.runtime().engine.chains()) {
      this.#sync(chain.config);
      for (const holder of holders) {
        try {
          added += await this.#scan(chain, holder);
        } catch (error) {
          this.deps.log?.warn('token discovery failed', { chainId: chain.config.chainId, holder, error: String(error) });
        }
      }
    }
    if (added > 0) this.#changed();
  }

  /**
   * One chain and holder: new blocks only, in windows of DISCOVERY_WINDOW_BLOCKS, the cursor saved after each window
   * once every token found in it was dealt with. A long chain (mainnet's genesis is 20 million blocks back) is thus
   * scanned over several runs, DISCOVERY_WINDOWS_PER_RUN windows at a time, and a run that fails part-way keeps what
   * it finished: one request of any size would exceed what the engine splits a range into (logs-range.ts) on every
   * run and never finish.
   */
  async #scan(chain: ChainEngine, holder: Address): Promise<number> {
    const { chainId } = chain.config;
    const { blocks, perRun } = this.deps.window ?? { blocks: DISCOVERY_WINDOW_BLOCKS, perRun: DISCOVERY_WINDOWS_PER_RUN };
    const head = await backgroundHead(chain);
    let added = 0;
    for (let window = 0; window < perRun && !this.#disposed; window++) {
      const last = this.deps.store.lastScanned(chainId, holder);
      const from = last === null ? 0n : last + 1n;
      if (from > head) break;
      const to = from + blocks - 1n < head ? from + blocks - 1n : head;
      added += await this.#scanWindow(chain, holder, from, to);
      this.deps.store.setScanned(chainId, holder, to);
    }
    return added;
  }

  /** The tokens `holder` received in blocks `from`..`to` that are not tracked yet, added; returns how many. */
  async #scanWindow(chain: ChainEngine, holder: Address, from: bigint, to: bigint): Promise<number> {
    const { chainId } = chain.config;
    const candidates = (await receivedTokens(chain, holder, from, to)).filter((a) => this.deps.store.get(chainId, a) === null);
    if (candidates.length === 0) return 0;
    let added = 0;
    const metadata = await readTokenMetadata(chain, candidates, 'background');
    for (const address of candidates) {
      const meta = metadata.get(address);
      // Without decimals no amount can be shown: such a contract is skipped (and logged), not tracked.
      if (!meta?.ok) {
        this.deps.log?.info('token discovery skipped a contract', { chainId, address, reason: meta?.reason });
        continue;
      }
      if (this.deps.store.addIfAbsent({ chainId, address, ...meta }, 'discovered', this.#now())) added++;
    }
    return added;
  }

  #sync(chain: ChainConfig): void {
    if (this.#synced.has(chain)) return;
    this.deps.store.syncConfigured(chain.chainId, chain.tokens, this.#now());
    this.#synced.add(chain);
  }

  #chain(chainId: number): ChainEngine {
    const runtime = this.deps.runtime();
    if (!runtime.chains.some((c) => c.chainId === chainId)) throw invalid(`chain ${chainId} is not configured`);
    return runtime.engine.chain(chainId);
  }

  /** Tells the renderer, and refreshes the portfolio so added, hidden or unhidden tokens show at once. */
  #changed(): void {
    this.#hidden = null;
    if (this.#disposed) return;
    this.deps.events.emit('tokens.updated', this.list());
    const portfolio = this.deps.runtime().portfolio;
    this.deps.events.emit('portfolio.updated', portfolio.get());
    void portfolio.refresh().catch(() => undefined);
  }
}

function invalid(message: string): SteadfastError {
  return new SteadfastError({ code: 'INVALID_INPUT', message, retryable: false });
}

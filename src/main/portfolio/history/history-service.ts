/**
 * History per chain and address: which source to read, when, and what the pages say about it.
 *
 * Source order: (1) the chain's indexer (the user's configured one; on a demo chain without one, the demo's local
 * indexer), (2) Transfer logs and a block scan over a recent window through the engine, (3) the SQLite store, which
 * keeps every read, served as `cache` with the time of its read when both fail.
 *
 * Staleness: a stored history older than STALE_MS is refreshed before a page is answered. The clock starts at the
 * last ATTEMPT, not the last success, so that with every source down each scrolled page does not wait for them to
 * fail again. Refreshes are incremental from the last block seen; concurrent ones for one address share one read.
 */
import { getAddress } from 'viem';
import type { HistoryPage, HistorySource } from '../../../shared/domain';
import { SteadfastError } from '../../../shared/errors';
import type { AppContext } from '../../app-context';
import type { ChainConfig } from '../../engine/types';
import { decodeHistory } from './decode';
import { readIndexer, type IndexerEndpoint } from './indexer-source';
import { readLogs } from './logs-source';
import { HistoryStore, type HistoryMeta } from './store';

/** A minute: new transactions show within one, and a user scrolling does not wait on a source every page. */
export const STALE_MS = 60_000;

interface Attempt {
  at: number;
  source: HistorySource;
}

export class HistoryService {
  readonly store: HistoryStore;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly attempts = new Map<string, Attempt>();

  constructor(
    private readonly ctx: AppContext,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new HistoryStore(ctx.db);
  }

  /** One page, newest first, refreshing first when the stored history is missing or stale. */
  async page(address: string, chainId: number, offset: number, limit: number): Promise<HistoryPage> {
    const { checksummed } = this.resolve(address, chainId);
    const attempt = this.attempts.get(key(chainId, checksummed));
    const meta = this.store.meta(chainId, checksummed);
    const last = Math.max(attempt?.at ?? 0, meta?.fetchedAt ?? 0);
    if (meta === null || this.now() - last >= STALE_MS) await this.refreshOnce(checksummed, chainId);
    return this.answer(checksummed, chainId, offset, limit);
  }

  /** Reads the sources now (incrementally) and answers the first page. */
  async refresh(address: string, chainId: number, limit = 100): Promise<HistoryPage> {
    const { checksummed } = this.resolve(address, chainId);
    await this.refreshOnce(checksummed, chainId);
    return this.answer(checksummed, chainId, 0, limit);
  }

  /** Every stored row, refreshed first when stale (for the export). */
  async all(address: string, chainId: number): Promise<{ page: HistoryPage; chain: ChainConfig }> {
    const { checksummed, chain } = this.resolve(address, chainId);
    const first = await this.page(checksummed, chainId, 0, 1);
    const rows = this.store.all(chainId, checksummed);
    return { page: { ...first, rows, total: rows.length }, chain };
  }

  private answer(address: `0x${string}`, chainId: number, offset: number, limit: number): HistoryPage {
    const meta = this.store.meta(chainId, address);
    const attempt = this.attempts.get(key(chainId, address));
    if (meta === null) {
      // Never read and both sources failed just now: nothing to serve, say why.
      throw new SteadfastError({
        code: 'OFFLINE',
        message: `no history of ${address} on chain ${chainId} could be read, and none is stored`,
        retryable: true,
      });
    }
    return {
      address,
      chainId,
      rows: this.store.page(chainId, address, offset, limit),
      total: this.store.count(chainId, address),
      offset,
      source: attempt?.source ?? meta.source,
      fromBlock: meta.fromBlock,
      fetchedAt: meta.fetchedAt,
    };
  }

  private refreshOnce(address: `0x${string}`, chainId: number): Promise<void> {
    const k = key(chainId, address);
    let running = this.inFlight.get(k);
    if (!running) {
      running = this.read(address, chainId).finally(() => this.inFlight.delete(k));
      this.inFlight.set(k, running);
    }
    return running;
  }

  private async read(address: `0x${string}`, chainId: number): Promise<void> {
    const k = key(chainId, address);
    const chain = this.resolve(address, chainId).chain;
    const native = { symbol: chain.nativeSymbol, decimals: chain.nativeDecimals };
    const meta = this.store.meta(chainId, address);
    // Health steps history down (the feature gate): degraded reads only the recent logs window through the
    // engine (no indexer), disabled serves the stored history alone.
    const mode = this.ctx.features.mode('history');
    if (mode === 'disabled') {
      this.attempts.set(k, { at: this.now(), source: 'cache' });
      return;
    }
    const endpoint = mode === 'normal' ? this.indexerOf(chainId) : null;
    if (endpoint) {
      try {
        // Incremental only on top of a complete (indexer) history; a partial one is replaced by a complete read.
        const incremental = meta?.source === 'indexer' && meta.fromBlock === null;
        const start = incremental ? meta.lastBlock : 0n;
        const read = await readIndexer(endpoint, chainId, address, start);
        const rows = decodeHistory(address, chainId, native, read.txs, read.transfers);
        const lastBlock = read.lastBlock > start ? read.lastBlock : start;
        this.store.write(chainId, address, rows, { source: 'indexer', lastBlock, fromBlock: null, fetchedAt: this.now() }, !incremental);
        this.attempts.set(k, { at: this.now(), source: 'indexer' });
        return;
      } catch (error) {
        this.ctx.log?.warn('history: indexer failed, reading logs', { chainId, error: describe(error) });
      }
    }
    try {
      const engine = this.ctx.runtime().engine.chain(chainId);
      const read = await readLogs(engine, address, meta?.lastBlock ?? null);
      if (read.cached) throw new Error('providers answered only from the last-known-good cache');
      const rows = decodeHistory(address, chainId, native, read.txs, read.transfers);
      // Complete as before when this read continues right after the last one; else complete only from the scan.
      const continuous = meta !== null && meta.lastBlock + 1n >= read.completeFrom;
      const next: HistoryMeta = {
        source: 'logs',
        lastBlock: read.head,
        fromBlock: continuous ? meta.fromBlock : read.completeFrom,
        fetchedAt: this.now(),
      };
      this.store.write(chainId, address, rows, next, false);
      this.attempts.set(k, { at: this.now(), source: 'logs' });
    } catch (error) {
      this.ctx.log?.warn('history: logs failed, serving the stored history', { chainId, error: describe(error) });
      this.attempts.set(k, { at: this.now(), source: 'cache' });
    }
  }

  /** The configured indexer of an enabled chain, else the demo's for a demo chain, else none. */
  private indexerOf(chainId: number): IndexerEndpoint | null {
    const configured = this.ctx.settings.get().chains.find((c) => c.chainId === chainId && c.enabled)?.indexer;
    if (configured) {
      const apiKey = configured.apiKeySecret ? (this.ctx.secrets.get(configured.apiKeySecret) ?? null) : null;
      return { kind: configured.kind, baseUrl: apiUrl(configured.kind, configured.baseUrl), apiKey };
    }
    const demo = this.ctx.demo?.services.indexers[chainId];
    if (demo) return { kind: demo.kind, baseUrl: apiUrl(demo.kind, demo.baseUrl), apiKey: demo.apiKey };
    return null;
  }

  private resolve(address: string, chainId: number): { checksummed: `0x${string}`; chain: ChainConfig } {
    const chain = this.ctx.runtime().chains.find((c) => c.chainId === chainId);
    if (!chain) {
      throw new SteadfastError({ code: 'INVALID_INPUT', message: `chain ${chainId} is not enabled`, retryable: false });
    }
    return { checksummed: getAddress(address), chain };
  }
}

/**
 * Settings may name the API root (`https://api.etherscan.io`) or the endpoint itself; the account API lives at
 * `/v2/api` on Etherscan and `/api` on Blockscout.
 */
export function apiUrl(kind: IndexerEndpoint['kind'], baseUrl: string): string {
  const url = new URL(baseUrl);
  if (!/\/api\/?$/.test(url.pathname)) {
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${kind === 'etherscan' ? '/v2/api' : '/api'}`;
  }
  return url.toString();
}

function key(chainId: number, address: string): string {
  return `${chainId}:${address.toLowerCase()}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

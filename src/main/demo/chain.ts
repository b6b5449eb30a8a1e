/**
 * One demo chain: an anvil, its seed, and the three fault proxies that stand in as its providers. Chains are
 * independent, so a demo with two chains is two of these side by side (each with its own anvil and ports).
 */
import type { ProviderRole } from '../../shared/domain';
import type { ChainConfig } from '../engine/types';
import { devAccount } from './accounts';
import { rpc, startAnvil, type AnvilProcess } from './anvil';
import { demoArtifacts } from './compile';
import { FaultProxy } from './proxy';
import { genesisTimestamp, seedChain } from './seed';
import type { SeedPlan } from './seed-plan';
import type { DemoChain } from './types';

export interface ChainOptions {
  chainId: number;
  name: string;
  plan: SeedPlan;
  /**
   * Mine a block every this many seconds once seeded, as a real chain does, so that freshness (block number and
   * age) visibly moves. Omitted: blocks only when a transaction arrives (tests that count blocks want that).
   */
  blockTimeSeconds?: number;
}

/** A running demo chain and what it owns. */
export interface ChainHandle {
  chain: DemoChain;
  proxies: FaultProxy[];
  /** anvil's process id, for tests that check nothing outlives `stop`. */
  anvilPid: number;
  transfers: number;
  unlistedTransfers: number;
  stop(): Promise<void>;
}

/** The providers every demo chain gets, in fallback order. */
const PROVIDERS: ReadonlyArray<{ name: string; role: ProviderRole }> = [
  { name: 'primary', role: 'primary' },
  { name: 'secondary', role: 'secondary' },
  { name: 'public', role: 'public' },
];

export async function startChain(options: ChainOptions): Promise<ChainHandle> {
  const nowS = Math.floor(Date.now() / 1000);
  const starting = startAnvil({ chainId: options.chainId, genesisTimestamp: genesisTimestamp(nowS) });
  let anvil: AnvilProcess | undefined;
  const proxies: FaultProxy[] = [];
  try {
    // anvil boots in its own process meanwhile, so the (synchronous) compile costs no extra wall time.
    demoArtifacts();
    anvil = await starting;
    const seeded = await seedChain(anvil.url, options.chainId, options.plan, nowS);
    for (const provider of PROVIDERS) {
      proxies.push(new FaultProxy({ ...provider, chainId: options.chainId, upstream: anvil.url }));
    }
    await Promise.all(proxies.map((proxy) => proxy.start()));
    if (options.blockTimeSeconds) await rpc(anvil.url, 'evm_setIntervalMining', [options.blockTimeSeconds]);

    const config: ChainConfig = {
      chainId: options.chainId,
      name: options.name,
      nativeSymbol: options.plan.nativeSymbol,
      nativeDecimals: options.plan.nativeDecimals,
      nativePriceFeed: seeded.nativePriceFeed,
      multicall3: seeded.multicall3,
      ...(seeded.ensUniversalResolver ? { ensUniversalResolver: seeded.ensUniversalResolver } : {}),
      tokens: seeded.tokens.map((t) => ({ address: t.address, symbol: t.symbol, name: t.name, decimals: t.decimals, ...(t.priceFeed ? { priceFeed: t.priceFeed } : {}) })),
      providers: proxies.map((proxy, rank) => ({ name: proxy.name, url: proxy.url, rank, weight: 1 })),
    };
    const running = anvil;
    let stopping: Promise<void> | undefined;
    return {
      chain: {
        config,
        anvilUrl: running.url,
        providers: proxies.map((proxy) => ({ name: proxy.name, role: proxy.role, url: proxy.url })),
        unlistedTokens: options.plan.unlisted.map((token, i) => ({
          address: seeded.unlisted[i]?.address ?? '0x',
          symbol: token.symbol,
          name: token.name,
          decimals: token.decimals,
          apiPriceUsd: token.apiPriceUsd,
          spam: token.spam,
          balances: Object.fromEntries(options.plan.holders.map((h) => [devAccount(h.account).address, token.balances[h.account] ?? 0n])),
        })),
        pricePlatform: options.plan.pricePlatform,
        nativePriceId: options.plan.nativePriceId,
      },
      proxies,
      anvilPid: running.pid,
      transfers: seeded.transfers,
      unlistedTransfers: seeded.unlistedTransfers,
      stop: () => {
        stopping ??= Promise.all(proxies.map((proxy) => proxy.stop())).then(() => running.stop());
        return stopping;
      },
    };
  } catch (error) {
    await Promise.all(proxies.map((proxy) => proxy.stop()));
    await (anvil ?? (await starting.catch(() => undefined)))?.stop();
    throw error;
  }
}

/**
 * The demo's two HTTP services beside the chains: an indexer (Etherscan v2 / Blockscout account API) built from the
 * chains themselves, and a CoinGecko-compatible price API with the plans' prices. One server each, for all chains.
 */
import type { ChainHandle } from './chain';
import { ChainIndex } from './chain-index';
import { DEMO_INDEXER_KEY, indexerApi } from './indexer-api';
import { DEMO_PRICE_API_KEY, priceApi, type PriceTable } from './price-api';
import type { SeedPlan } from './seed-plan';
import { ServiceServer } from './service-server';
import type { DemoServiceName, DemoServices } from './types';

export interface RunningServices {
  services: DemoServices;
  servers: Record<DemoServiceName, ServiceServer>;
  stop(): Promise<void>;
}

/** Indexes every chain (so the first query is quick) and starts both servers. */
export async function startServices(chains: Array<{ handle: ChainHandle; plan: SeedPlan }>): Promise<RunningServices> {
  const indexes = new Map(chains.map(({ handle }) => [handle.chain.config.chainId, new ChainIndex(handle.chain.config.chainId, handle.chain.anvilUrl)]));
  const servers: Record<DemoServiceName, ServiceServer> = {
    indexer: new ServiceServer(indexerApi(indexes)),
    'price-api': new ServiceServer(priceApi(priceTable(chains))),
  };
  const stop = async (): Promise<void> => {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  };
  try {
    await Promise.all([...[...indexes.values()].map((index) => index.sync()), ...Object.values(servers).map((server) => server.start())]);
  } catch (error) {
    await stop();
    throw error;
  }
  const indexer = servers.indexer.baseUrl;
  return {
    services: {
      priceApi: { baseUrl: servers['price-api'].baseUrl, apiKey: DEMO_PRICE_API_KEY },
      indexers: Object.fromEntries(
        [...indexes.keys()].map((chainId) => [
          chainId,
          { kind: 'etherscan' as const, baseUrl: indexer, apiKey: DEMO_INDEXER_KEY, blockscoutUrl: `${indexer}/blockscout/${chainId}` },
        ]),
      ),
    },
    servers,
    stop,
  };
}

function priceTable(chains: Array<{ handle: ChainHandle; plan: SeedPlan }>): PriceTable {
  const coins: Record<string, bigint> = {};
  const platforms: Record<string, Record<string, bigint>> = {};
  for (const { handle, plan } of chains) {
    const known = coins[plan.nativePriceId];
    if (known !== undefined && known !== plan.nativePriceUsd) throw new Error(`demo: two prices for ${plan.nativePriceId}`);
    coins[plan.nativePriceId] = plan.nativePriceUsd;
    const prices: Record<string, bigint> = {};
    plan.tokens.forEach((token, i) => {
      const address = handle.chain.config.tokens[i]?.address;
      if (address !== undefined) prices[address.toLowerCase()] = token.priceUsd;
    });
    plan.unlisted.forEach((token, i) => {
      const address = handle.chain.unlistedTokens[i]?.address;
      if (address !== undefined && token.apiPriceUsd !== null) prices[address.toLowerCase()] = token.apiPriceUsd;
    });
    platforms[plan.pricePlatform] = prices;
  }
  return { coins, platforms, updatedAt: Math.floor(Date.now() / 1000) };
}

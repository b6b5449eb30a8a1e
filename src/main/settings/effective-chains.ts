/**
 * From settings to what the engine runs: enabled chains only, each provider URL with its `${secret:key}`
 * placeholders filled from the SecretStore. Done in memory at engine build time, so secrets reach the engine and
 * nothing else (settings, logs and the renderer only ever see placeholders or masked URLs).
 */
import type { ChainConfig, ProviderConfig } from '../engine/types';
import type { Logger } from '../log';
import { SECRET_PLACEHOLDER, type ChainSettings } from './schema';
import type { SecretStore } from './secrets';

export function effectiveChains(chains: readonly ChainSettings[], secrets: SecretStore, log?: Logger): ChainConfig[] {
  return chains
    .filter((chain) => chain.enabled)
    .map((chain) => {
      const providers: ProviderConfig[] = [];
      for (const provider of chain.providers) {
        const url = fillSecrets(provider.url, secrets);
        if (url === null) {
          // A key missing from the store (a copied settings file, a reset keychain): leave the provider out.
          log?.warn('provider left out: its API key is missing from the secret store', {
            chainId: chain.chainId,
            provider: provider.name,
          });
          continue;
        }
        providers.push({ name: provider.name, url, rank: provider.rank, weight: provider.weight });
      }
      const config: ChainConfig = {
        chainId: chain.chainId,
        name: chain.name,
        nativeSymbol: chain.nativeSymbol,
        nativeDecimals: chain.nativeDecimals,
        tokens: chain.tokens,
        providers,
      };
      if (chain.nativePriceFeed) config.nativePriceFeed = chain.nativePriceFeed;
      if (chain.multicall3) config.multicall3 = chain.multicall3;
      if (chain.ensUniversalResolver) config.ensUniversalResolver = chain.ensUniversalResolver;
      return config;
    })
    .filter((chain) => chain.providers.length > 0);
}

/** The URL with every placeholder replaced, or null when a secret is missing. */
export function fillSecrets(url: string, secrets: SecretStore): string | null {
  let missing = false;
  const filled = url.replace(SECRET_PLACEHOLDER, (_match, key: string) => {
    const value = secrets.get(key);
    if (value === undefined) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? null : filled;
}

/**
 * The settings screen's view of the chains: the embedded demo chain(s) first (built in, always on, not editable),
 * then every configured chain in settings order. Every URL is masked; a secret never leaves main.
 */
import type { ChainSettingsView, ProviderSettings } from '../../shared/domain';
import type { AppContext } from '../app-context';
import { maskUrl } from '../engine/redact';
import type { ChainSettings } from '../settings/schema';
import { maskStoredUrl, secretKeysOf } from './secret-urls';

export function chainViews(ctx: Pick<AppContext, 'demo' | 'settings'>): ChainSettingsView[] {
  const builtIn: ChainSettingsView[] = (ctx.demo?.chains ?? []).map(({ config }) => ({
    chainId: config.chainId,
    name: config.name,
    nativeSymbol: config.nativeSymbol,
    enabled: true,
    builtIn: true,
    // The demo's proxies listen on loopback without keys, so their masked URLs are their real ones.
    providers: config.providers.map((p) => ({
      name: p.name,
      url: maskUrl(p.url),
      rank: p.rank,
      weight: p.weight,
      wsUrl: null,
      hasSecret: false,
    })),
    indexer: null,
  }));
  return [...builtIn, ...ctx.settings.get().chains.map(configuredView)];
}

export function configuredView(chain: ChainSettings): ChainSettingsView {
  return {
    chainId: chain.chainId,
    name: chain.name,
    nativeSymbol: chain.nativeSymbol,
    enabled: chain.enabled,
    builtIn: false,
    providers: chain.providers.map(providerView),
    indexer: chain.indexer
      ? { kind: chain.indexer.kind, baseUrl: maskUrl(chain.indexer.baseUrl), hasApiKey: chain.indexer.apiKeySecret !== null }
      : null,
  };
}

function providerView(provider: ChainSettings['providers'][number]): ProviderSettings {
  return {
    name: provider.name,
    url: maskStoredUrl(provider.url),
    rank: provider.rank,
    weight: provider.weight,
    wsUrl: provider.wsUrl === null ? null : maskStoredUrl(provider.wsUrl),
    hasSecret: secretKeysOf(provider.url).length > 0 || secretKeysOf(provider.wsUrl).length > 0,
  };
}

/** Channels of the settings screen's chains: catalog, list, on/off, provider test and save, indexer save. */
import type { AppContext } from '../app-context';
import { fillSecrets } from '../settings/effective-chains';
import type { Handlers } from '../ipc/router';
import { chainPresets } from '../settings/presets';
import { maskUrl } from '../engine/redact';
import { ChainEditor } from './chain-editor';
import { probeProvider } from './provider-probe';
import { maskStoredUrl } from './secret-urls';

type ChainChannels = 'chains.catalog' | 'chains.list' | 'chains.setEnabled' | 'providers.test' | 'providers.save' | 'indexer.save';

export function chainsHandlers(ctx: AppContext): Pick<Handlers, ChainChannels> {
  const editor = new ChainEditor(ctx);
  return {
    'chains.catalog': () => chainPresets(),
    'chains.list': () => editor.list(),
    'chains.setEnabled': ({ chainId, enabled }) => editor.setEnabled(chainId, enabled),
    'providers.save': ({ chainId, providers }) => editor.saveProviders(chainId, providers),
    'indexer.save': ({ chainId, indexer }) => editor.saveIndexer(chainId, indexer),
    'providers.test': async ({ chainId, url }) => {
      const target = storedUrlFor(ctx, chainId, url) ?? url;
      try {
        const probe = await probeProvider(target, chainId);
        ctx.log?.info('provider tested', { chainId, url: maskUrl(target), answeredAs: probe.chainId, matches: probe.matches });
        return probe;
      } catch (error) {
        ctx.log?.info('provider test failed', { chainId, url: maskUrl(target), code: (error as { code?: unknown }).code });
        throw error;
      }
    },
  };
}

/**
 * The settings screen only ever has a stored provider's masked URL. Testing that row means testing the stored URL
 * with its secrets filled in, so a masked URL of one of the chain's providers is swapped for the real one here.
 */
function storedUrlFor(ctx: AppContext, chainId: number, masked: string): string | null {
  const chain = ctx.settings.get().chains.find((c) => c.chainId === chainId);
  const stored = chain?.providers.find((p) => maskStoredUrl(p.url) === masked);
  return stored ? fillSecrets(stored.url, ctx.secrets) : null;
}

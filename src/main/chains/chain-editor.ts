/**
 * Editing chains from the settings screen: switching chains on and off, replacing a chain's providers, setting its
 * indexer. Each edit checks everything first, then writes new secrets, then the settings, then removes secrets no
 * longer referred to, so a failure at any step leaves a working configuration (at worst an orphan secret).
 *
 * Edits run one at a time: each may rebuild the runtime, and two rebuilds racing would leave one engine undisposed.
 */
import type { ChainSettingsView } from '../../shared/domain';
import type { AppContext } from '../app-context';
import { maskUrl } from '../engine/redact';
import { effectiveChains } from '../settings/effective-chains';
import { settingsSchema, type ChainSettings, type Settings } from '../settings/schema';
import { chainViews } from './chain-views';
import { checkedBaseUrl } from './base-url';
import { invalid, planProviders, type ProviderInput } from './provider-plan';
import { keyAllocator, secretKeysOf } from './secret-urls';

export interface IndexerInput {
  kind: 'etherscan' | 'blockscout';
  baseUrl: string;
  /** Omitted: keep the stored key; empty: remove it. */
  apiKey?: string | undefined;
}

type EditorContext = Pick<AppContext, 'settings' | 'secrets' | 'demo' | 'events' | 'log' | 'reconfigure' | 'runtime'>;

export class ChainEditor {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: EditorContext) {}

  list(): ChainSettingsView[] {
    return chainViews(this.ctx);
  }

  /** Switch a configured chain on or off and rebuild the runtime. */
  setEnabled(chainId: number, enabled: boolean): Promise<ChainSettingsView[]> {
    return this.#serial(async () => {
      const chain = this.#configured(chainId);
      if (chain.enabled === enabled) return this.list();
      if (enabled && effectiveChains([{ ...chain, enabled: true }], this.ctx.secrets, this.ctx.log).length === 0) {
        throw invalid(`${chain.name} has no usable provider (a stored API key is missing): add or re-enter one first`);
      }
      this.#write((s) => replaceChain(s, { ...chain, enabled }));
      this.ctx.log?.info('chain switched', { chainId, enabled });
      await this.ctx.reconfigure();
      this.ctx.events.emit('providers.updated', this.ctx.runtime().engine.status());
      return this.#changed();
    });
  }

  /** Replace a configured chain's providers (order, rank and weight as given); secrets go to the SecretStore. */
  saveProviders(chainId: number, inputs: readonly ProviderInput[]): Promise<ChainSettingsView[]> {
    return this.#serial(async () => {
      const chain = this.#configured(chainId);
      const plan = planProviders(chain, inputs, keyAllocator(chainId, referencedKeys(this.ctx.settings.get())));
      const next = { ...chain, providers: plan.providers };
      this.#check((s) => replaceChain(s, next));
      for (const secret of plan.secrets) this.ctx.secrets.set(secret.key, secret.value);
      this.#write((s) => replaceChain(s, next));
      this.#forget(providerKeys(chain), providerKeys(next));
      this.ctx.log?.info('providers saved', { chainId, providers: plan.providers.map((p) => p.name) });
      // A disabled chain is not in the engine: rebuilding would only interrupt the running reads for nothing.
      if (chain.enabled) await this.ctx.reconfigure();
      return this.#changed();
    });
  }

  /** Set or remove a configured chain's indexer; its API key goes to the SecretStore, never into the base URL. */
  saveIndexer(chainId: number, indexer: IndexerInput | null): Promise<ChainSettingsView[]> {
    return this.#serial(async () => {
      const chain = this.#configured(chainId);
      const stored = chain.indexer;
      const storedKey = stored?.apiKeySecret ?? null;
      if (indexer === null) {
        this.#write((s) => replaceChain(s, { ...chain, indexer: null }));
        this.#forget(storedKey ? [storedKey] : [], []);
        return this.#changed();
      }
      const baseUrl = stored && indexer.baseUrl === maskUrl(stored.baseUrl) ? stored.baseUrl : checkedBaseUrl(indexer.baseUrl, 'indexer');
      const newKey = indexer.apiKey !== undefined && indexer.apiKey !== '' ? `${chainId}:indexer` : null;
      const apiKeySecret = indexer.apiKey === undefined ? storedKey : newKey;
      const next: ChainSettings = { ...chain, indexer: { kind: indexer.kind, baseUrl, apiKeySecret } };
      this.#check((s) => replaceChain(s, next));
      if (newKey !== null) this.ctx.secrets.set(newKey, indexer.apiKey!);
      this.#write((s) => replaceChain(s, next));
      this.#forget(storedKey ? [storedKey] : [], apiKeySecret ? [apiKeySecret] : []);
      this.ctx.log?.info('indexer saved', { chainId, kind: indexer.kind, apiKey: apiKeySecret !== null });
      return this.#changed();
    });
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The configured chain, or a clear refusal for the built-in demo chain and unknown ids. */
  #configured(chainId: number): ChainSettings {
    if (this.ctx.demo?.chains.some((c) => c.config.chainId === chainId)) {
      // One engine per chain id: a configured chain with the demo's id could never run beside it, so it is not
      // editable either (it can only come from a hand-edited file).
      throw invalid(`chain ${chainId} is the embedded demo chain: it is built in, always on and not editable`);
    }
    const chain = this.ctx.settings.get().chains.find((c) => c.chainId === chainId);
    if (!chain) throw invalid(`chain ${chainId} is not configured`);
    return chain;
  }

  /** Dry run of a settings change: schema errors become INVALID_INPUT naming paths only (never values). */
  #check(change: (current: Settings) => Settings): void {
    const result = settingsSchema.safeParse(change(structuredClone(this.ctx.settings.get())));
    if (result.success) return;
    const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw invalid(`the change does not fit the settings: ${issues[0] ?? 'invalid'}`, { issues });
  }

  #write(change: (current: Settings) => Settings): void {
    this.#check(change);
    this.ctx.settings.update(change);
  }

  /** Delete the secrets `before` referred to and `after` does not. */
  #forget(before: readonly string[], after: readonly string[]): void {
    const kept = new Set(after);
    for (const key of before) if (!kept.has(key)) this.ctx.secrets.delete(key);
  }

  #changed(): ChainSettingsView[] {
    const views = this.list();
    this.ctx.events.emit('chains.updated', views);
    return views;
  }
}

function replaceChain(settings: Settings, chain: ChainSettings): Settings {
  return { ...settings, chains: settings.chains.map((c) => (c.chainId === chain.chainId ? chain : c)) };
}

function providerKeys(chain: ChainSettings): string[] {
  return chain.providers.flatMap((p) => [...secretKeysOf(p.url), ...secretKeysOf(p.wsUrl)]);
}

/** Every SecretStore key the settings refer to (providers, indexers, the price API). */
function referencedKeys(settings: Settings): string[] {
  const keys = settings.chains.flatMap((chain) => [
    ...providerKeys(chain),
    ...(chain.indexer?.apiKeySecret ? [chain.indexer.apiKeySecret] : []),
  ]);
  if (settings.prices.api?.apiKeySecret) keys.push(settings.prices.api.apiKeySecret);
  return keys;
}


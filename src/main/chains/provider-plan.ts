/**
 * Turning the providers the settings screen sends into what is stored, without writing anything: every check runs
 * first, so a save with one bad row changes nothing (neither settings nor secrets).
 */
import type { ParsedInput } from '../../shared/contract';
import { SteadfastError } from '../../shared/errors';
import type { ChainSettings, ProviderSetting } from '../settings/schema';
import { MASK, maskStoredUrl, mentionsPlaceholder, splitSecrets, type SplitSecret } from './secret-urls';

export type ProviderInput = ParsedInput<'providers.save'>['providers'][number];

/** The stored providers and the secrets to write for them. */
export interface ProviderPlan {
  providers: ProviderSetting[];
  secrets: SplitSecret[];
}

export function invalid(message: string, details?: Record<string, unknown>): SteadfastError {
  return new SteadfastError({ code: 'INVALID_INPUT', message, retryable: false, ...(details ? { details } : {}) });
}

/**
 * `keyFor(name)` gives the provider's key generator. Order, rank and weight are taken as given. A URL equal to the
 * masked form of what is stored keeps the stored URL (and its secrets): first for the provider of the same name,
 * then, for a renamed provider, the one stored provider it can only mean.
 */
export function planProviders(
  chain: ChainSettings,
  inputs: readonly ProviderInput[],
  keyFor: (providerName: string) => () => string,
): ProviderPlan {
  // Case-insensitively: "public" and "Public" would be told apart by the engine (provider ids, answers' `provider`)
  // but not by a person reading the operator panel, a trace or a metric label.
  const seen = new Map<string, string>();
  for (const [index, input] of inputs.entries()) {
    const key = input.name.toLocaleLowerCase('en-US');
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const names = earlier === input.name ? `two providers are named "${input.name}"` : `"${earlier}" and "${input.name}" differ only in case`;
      throw invalid(`${names}: provider names must be unique, ignoring case`, { index, field: 'name' });
    }
    seen.set(key, input.name);
  }
  const secrets: SplitSecret[] = [];
  const providers = inputs.map((input, index): ProviderSetting => {
    const nextKey = keyFor(input.name);
    const sameName = chain.providers.find((p) => p.name === input.name);
    const url = resolve(input.url, 'http', (p) => p.url, { chain, sameName, index, name: input.name, nextKey, secrets });
    const wsUrl =
      input.wsUrl === null || input.wsUrl === ''
        ? null
        : resolve(input.wsUrl, 'ws', (p) => p.wsUrl, { chain, sameName, index, name: input.name, nextKey, secrets });
    return { name: input.name, url, rank: input.rank, weight: input.weight, wsUrl };
  });
  return { providers, secrets };
}

interface ResolveContext {
  chain: ChainSettings;
  sameName: ProviderSetting | undefined;
  index: number;
  name: string;
  nextKey: () => string;
  secrets: SplitSecret[];
}

function resolve(
  typed: string,
  scheme: 'http' | 'ws',
  pick: (provider: ProviderSetting) => string | null,
  ctx: ResolveContext,
): string {
  const field = scheme === 'http' ? 'url' : 'wsUrl';
  const label = scheme === 'http' ? 'URL' : 'WebSocket URL';
  const stored = ctx.sameName ? pick(ctx.sameName) : null;
  if (stored !== null && typed === maskStoredUrl(stored)) return stored;
  if (typed.includes(MASK)) {
    const candidates = ctx.chain.providers.map(pick).filter((url): url is string => url !== null && maskStoredUrl(url) === typed);
    if (candidates.length === 1) return candidates[0]!;
    throw invalid(`provider "${ctx.name}": the ${label} still has a masked part (${MASK}); enter the full ${label} with its key`, {
      index: ctx.index,
      field,
    });
  }
  // A typed placeholder would make the engine fill in another entry's secret (say, an indexer key) and send it to
  // whatever host the URL names.
  if (mentionsPlaceholder(typed)) throw invalid(`provider "${ctx.name}": the ${label} may not contain \${secret:…}`, { index: ctx.index, field });
  const pattern = scheme === 'http' ? /^https?:\/\/[^\s]+$/i : /^wss?:\/\/[^\s]+$/i;
  if (!pattern.test(typed) || !URL.canParse(typed)) {
    const expected = scheme === 'http' ? 'http:// or https://' : 'ws:// or wss://';
    throw invalid(`provider "${ctx.name}": the ${label} must be a URL starting with ${expected}`, { index: ctx.index, field });
  }
  const split = splitSecrets(typed, ctx.nextKey);
  ctx.secrets.push(...split.secrets);
  return split.url;
}

/**
 * Editable copies of a chain's providers. The URL fields start as main's masked URLs: sending one back unchanged
 * keeps the stored URL and its key, so editing rank or order never requires re-entering a key.
 */
import type { ChannelInput } from '../../../../shared/contract';
import type { ProviderProbe, ProviderSettings } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';
import { errorText } from '../ui/error-text';

/** A Test of the row's URL; `url` is the one tested, so a result never stands beside a URL edited since. */
export type ProbeState = { url: string } & (
  | { state: 'testing' }
  | { state: 'done'; probe: ProviderProbe }
  | { state: 'failed'; error: ErrorData }
);

/** The row's probe, unless its URL was edited since the Test. */
export function currentProbe(row: Pick<ProviderDraft, 'url' | 'probe'>): ProbeState | null {
  return row.probe !== null && row.probe.url === row.url.trim() ? row.probe : null;
}

export interface ProviderDraft {
  /** Local identity for v-for keys: names change while typing. */
  id: number;
  name: string;
  url: string;
  rank: number;
  weight: number;
  /** Empty for none. */
  wsUrl: string;
  hasSecret: boolean;
  probe: ProbeState | null;
}

let nextId = 1;

export function draftOf(provider: ProviderSettings): ProviderDraft {
  return { id: nextId++, ...provider, wsUrl: provider.wsUrl ?? '', probe: null };
}

/** A new row: below the others in rank, so adding a provider never takes traffic from the current primary. */
export function blankDraft(existing: readonly ProviderDraft[]): ProviderDraft {
  const rank = existing.length === 0 ? 0 : Math.min(99, Math.max(...existing.map((d) => d.rank)) + 1);
  return { id: nextId++, name: '', url: '', rank, weight: 1, wsUrl: '', hasSecret: false, probe: null };
}

type ProviderInput = ChannelInput<'providers.save'>['providers'][number];

export function toInput(draft: ProviderDraft): ProviderInput {
  const wsUrl = draft.wsUrl.trim();
  return { name: draft.name.trim(), url: draft.url.trim(), rank: draft.rank, weight: draft.weight, wsUrl: wsUrl === '' ? null : wsUrl };
}

/** One line for the probe's result, closed vocabulary: matches / other chain / failed. */
export function describeProbe(probe: ProbeState, expectedChainId: number): string {
  if (probe.state === 'testing') return 'testing…';
  if (probe.state === 'failed') return errorText(probe.error);
  const { chainId, matches, head, latencyMs } = probe.probe;
  const chain = matches ? `chain ${chainId} · matches` : `chain ${chainId} · does not match chain ${expectedChainId}`;
  return `${chain} · block #${head.toLocaleString('en-US')} · ${latencyMs} ms`;
}

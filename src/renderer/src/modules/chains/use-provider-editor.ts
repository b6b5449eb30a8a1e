/**
 * Editing one chain's providers: add, remove, reorder, test, save. Main validates the whole list and answers a
 * typed error; the rows stay as typed, so a mistake is fixed in place. After a save the rows are rebuilt from what
 * main stored (masked), and the same happens when the chain changes elsewhere while nothing here is edited.
 */
import { computed, readonly, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { ChainSettingsView } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';
import { blankDraft, draftOf, toInput, type ProviderDraft } from './provider-draft';
import { useChainsStore } from './use-chains-store';

export interface ProviderEditor {
  /** Bound to the row inputs with v-model, hence writable. */
  rows: Ref<ProviderDraft[]>;
  /** True when the rows differ from what main stored (probe results are not edits). */
  dirty: ComputedRef<boolean>;
  error: Readonly<Ref<ErrorData | null>>;
  saving: Readonly<Ref<boolean>>;
  add(): void;
  remove(id: number): void;
  move(id: number, by: -1 | 1): void;
  test(id: number): Promise<void>;
  /** Resolves true when main accepted the list. */
  save(): Promise<boolean>;
  reset(): void;
}

export function useProviderEditor(chain: () => ChainSettingsView): ProviderEditor {
  const client = useClient();
  const store = useChainsStore();
  const rows = ref<ProviderDraft[]>(chain().providers.map(draftOf));
  const baseline = ref(snapshot(rows.value));
  const dirty = computed(() => snapshot(rows.value) !== baseline.value);
  const error = ref<ErrorData | null>(null);
  const saving = ref(false);

  const reset = () => {
    rows.value = chain().providers.map(draftOf);
    baseline.value = snapshot(rows.value);
    error.value = null;
  };
  watch(() => chain().providers, () => {
    if (!dirty.value) reset();
  });

  const find = (id: number) => rows.value.find((row) => row.id === id);

  return {
    rows,
    dirty,
    error: readonly(error),
    saving: readonly(saving),
    add() {
      rows.value.push(blankDraft(rows.value));
    },
    remove(id) {
      rows.value = rows.value.filter((row) => row.id !== id);
    },
    move(id, by) {
      const index = rows.value.findIndex((row) => row.id === id);
      const target = index + by;
      if (index < 0 || target < 0 || target >= rows.value.length) return;
      const next = [...rows.value];
      [next[index], next[target]] = [next[target]!, next[index]!];
      rows.value = next;
    },
    async test(id) {
      const row = find(id);
      if (!row) return;
      const url = row.url.trim();
      row.probe = { url, state: 'testing' };
      try {
        const probe = await client.invoke('providers.test', { chainId: chain().chainId, url });
        row.probe = { url, state: 'done', probe };
      } catch (caught) {
        row.probe = { url, state: 'failed', error: toErrorData(caught) };
      }
    },
    async save() {
      saving.value = true;
      try {
        store.chains = await client.invoke('providers.save', { chainId: chain().chainId, providers: rows.value.map(toInput) });
        reset();
        return true;
      } catch (caught) {
        error.value = toErrorData(caught);
        return false;
      } finally {
        saving.value = false;
      }
    },
    reset,
  };
}

function snapshot(rows: readonly ProviderDraft[]): string {
  return JSON.stringify(rows.map(toInput));
}

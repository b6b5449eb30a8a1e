/**
 * A chain's indexer (Etherscan v2 or Blockscout account API). The stored API key is never sent to the renderer:
 * the key field starts empty, meaning "keep the stored key"; typing one replaces it; "Remove key" clears it.
 */
import { ref, type Ref } from 'vue';
import type { ChainSettingsView } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';
import { useChainsStore } from './use-chains-store';

export interface IndexerEditor {
  enabled: Ref<boolean>;
  kind: Ref<'etherscan' | 'blockscout'>;
  baseUrl: Ref<string>;
  /** Empty: keep the stored key (if any). */
  apiKey: Ref<string>;
  error: Ref<ErrorData | null>;
  saving: Ref<boolean>;
  save(options?: { removeKey?: boolean }): Promise<boolean>;
}

export function useIndexerEditor(chain: () => ChainSettingsView): IndexerEditor {
  const client = useClient();
  const store = useChainsStore();
  const current = chain().indexer;
  const enabled = ref(current !== null);
  const kind = ref<'etherscan' | 'blockscout'>(current?.kind ?? 'etherscan');
  const baseUrl = ref(current?.baseUrl ?? '');
  const apiKey = ref('');
  const error = ref<ErrorData | null>(null);
  const saving = ref(false);

  return {
    enabled,
    kind,
    baseUrl,
    apiKey,
    error,
    saving,
    async save(options = {}) {
      saving.value = true;
      const key = apiKey.value.trim();
      const indexer = enabled.value
        ? {
            kind: kind.value,
            baseUrl: baseUrl.value.trim(),
            ...(options.removeKey ? { apiKey: '' } : key !== '' ? { apiKey: key } : {}),
          }
        : null;
      try {
        store.chains = await client.invoke('indexer.save', { chainId: chain().chainId, indexer });
        apiKey.value = '';
        error.value = null;
        return true;
      } catch (caught) {
        error.value = toErrorData(caught);
        return false;
      } finally {
        saving.value = false;
      }
    },
  };
}

/**
 * Adding and removing watched addresses. Main validates (format and checksum) and answers with a typed error; the
 * form shows that message as is and keeps what was typed, so a one-character mistake costs one character to fix.
 */
import { computed, readonly, ref, type ComputedRef, type Ref } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { ListedAddress } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';
import { useSettingsStore } from './use-settings-store';

type SettingsStore = ReturnType<typeof useSettingsStore>;

/**
 * The longest label main accepts (contract.ts LABEL_MAX; a test keeps the two equal). Not imported from there: that
 * module carries zod, which the renderer bundle does not need for one number.
 */
export const LABEL_MAX = 64;

export async function loadSettings(client: SteadfastClient, store: SettingsStore): Promise<void> {
  try {
    store.settings = await client.invoke('settings.get', {});
    store.error = null;
  } catch (error) {
    store.error = toErrorData(error);
  }
}

export interface WatchedAddressesForm {
  addresses: ComputedRef<ListedAddress[]>;
  /** Bound to the inputs with v-model, hence writable; cleared only after main accepted the address. */
  address: Ref<string>;
  label: Ref<string>;
  error: Readonly<Ref<ErrorData | null>>;
  busy: Readonly<Ref<boolean>>;
  /** Resolves true when main accepted the address. */
  add(): Promise<boolean>;
  remove(address: `0x${string}`): Promise<void>;
}

export function useWatchedAddresses(): WatchedAddressesForm {
  const client = useClient();
  const store = useSettingsStore();
  const address = ref('');
  const label = ref('');
  const error = ref<ErrorData | null>(null);
  const busy = ref(false);

  async function run(action: () => Promise<void>): Promise<boolean> {
    busy.value = true;
    try {
      await action();
      error.value = null;
      return true;
    } catch (caught) {
      error.value = toErrorData(caught);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return {
    addresses: computed(() => store.settings?.addresses ?? []),
    address,
    label,
    error: readonly(error),
    busy: readonly(busy),
    async add() {
      const accepted = await run(async () => {
        store.settings = await client.invoke('addresses.add', { address: address.value, label: label.value });
      });
      if (accepted) {
        address.value = '';
        label.value = '';
      }
      return accepted;
    },
    async remove(target) {
      await run(async () => {
        store.settings = await client.invoke('addresses.remove', { address: target });
      });
    },
  };
}

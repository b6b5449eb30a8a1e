/**
 * Demo fault controls. There is no demo event, so the status is fetched at start, taken from each 'demo.setFault'
 * answer, and re-fetched when provider health changes (that is when the request counters have moved).
 */
import { computed, type ComputedRef } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { DemoProviderState, Fault } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';
import { useDemoStore } from './use-demo-store';

type DemoStore = ReturnType<typeof useDemoStore>;

export async function loadDemo(client: SteadfastClient, store: DemoStore): Promise<void> {
  try {
    store.status = await client.invoke('demo.status', {});
    store.error = null;
  } catch (error) {
    store.error = toErrorData(error);
  }
}

/**
 * Coalesces re-fetches: provider events can come several times a second under faults, and one request in flight plus
 * one queued behind it is always enough to end up current.
 */
export function createDemoRefresher(client: SteadfastClient, store: DemoStore): () => void {
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await loadDemo(client, store);
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => void run();
}

export async function setDemoFault(
  client: SteadfastClient,
  store: DemoStore,
  provider: string,
  fault: Fault,
): Promise<void> {
  store.settingFaultFor = provider;
  try {
    store.status = await client.invoke('demo.setFault', { provider, fault });
    store.error = null;
  } catch (error) {
    store.error = toErrorData(error);
  } finally {
    store.settingFaultFor = null;
  }
}

export function useDemo(): {
  providers: ComputedRef<DemoProviderState[]>;
  running: ComputedRef<boolean>;
  error: ComputedRef<ErrorData | null>;
  settingFaultFor: ComputedRef<string | null>;
  setFault(provider: string, fault: Fault): Promise<void>;
} {
  const client = useClient();
  const store = useDemoStore();
  return {
    providers: computed(() => store.status?.providers ?? []),
    running: computed(() => store.status?.running === true),
    error: computed(() => store.error),
    settingFaultFor: computed(() => store.settingFaultFor),
    setFault: (provider, fault) => setDemoFault(client, store, provider, fault),
  };
}

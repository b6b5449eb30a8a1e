/**
 * An operator's actions on one provider: disable (after a confirmation), enable, probe now. The state is the card's
 * own (which action is running, the last probe, the last outcome), so it lives in the composable, not in a store.
 */
import { computed, readonly, ref, shallowRef, type ComputedRef, type Ref } from 'vue';
import type { ProbeResult } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';
import { applyProviders } from './use-providers';
import { useProvidersStore } from './use-providers-store';

export type ProviderAction = 'disable' | 'enable' | 'probe';

export interface ActionOutcome {
  action: ProviderAction;
  ok: boolean;
  message: string;
  error: ErrorData | null;
}

export interface ProviderActions {
  pending: Readonly<Ref<ProviderAction | null>>;
  /** True between the first Disable click and Confirm/Cancel. */
  confirming: Readonly<Ref<boolean>>;
  /** The last probe's result, and when it answered (epoch ms); cleared when the provider's breaker state changes. */
  probe: Readonly<Ref<ProbeResult | null>>;
  probedAt: Readonly<Ref<number | null>>;
  outcome: Readonly<Ref<ActionOutcome | null>>;
  busy: ComputedRef<boolean>;
  askDisable(): void;
  cancel(): void;
  confirmDisable(): Promise<void>;
  enable(): Promise<void>;
  probeNow(): Promise<void>;
  /** Forget the last probe: it described the provider before its state changed (disabled, enabled, tripped). */
  clearProbe(): void;
}

export function useProviderActions(providerId: () => string, providerName: () => string): ProviderActions {
  const client = useClient();
  const store = useProvidersStore();
  const pending = ref<ProviderAction | null>(null);
  const confirming = ref(false);
  const probe = shallowRef<ProbeResult | null>(null);
  const probedAt = ref<number | null>(null);
  const clearProbe = (): void => {
    probe.value = null;
    probedAt.value = null;
  };
  const outcome = shallowRef<ActionOutcome | null>(null);

  async function run(action: ProviderAction, work: () => Promise<string>): Promise<void> {
    if (pending.value !== null) return;
    pending.value = action;
    try {
      outcome.value = { action, ok: true, message: await work(), error: null };
    } catch (error) {
      const data = toErrorData(error);
      outcome.value = { action, ok: false, message: `Could not ${action} ${providerName()}`, error: data };
    } finally {
      pending.value = null;
    }
  }

  async function setEnabled(enabled: boolean): Promise<string> {
    clearProbe();
    // The answer is every provider's status: apply it at once rather than wait for the next push.
    applyProviders(store, await client.invoke('providers.setEnabled', { providerId: providerId(), enabled }));
    return enabled
      ? `${providerName()} is enabled: it takes traffic again once its breaker lets it.`
      : `${providerName()} is isolated: it gets no traffic until enabled.`;
  }

  return {
    pending: readonly(pending),
    confirming: readonly(confirming),
    probe: readonly(probe) as Readonly<Ref<ProbeResult | null>>,
    probedAt: readonly(probedAt),
    clearProbe,
    outcome: readonly(outcome) as Readonly<Ref<ActionOutcome | null>>,
    busy: computed(() => pending.value !== null),
    askDisable() {
      outcome.value = null;
      confirming.value = true;
    },
    cancel() {
      confirming.value = false;
    },
    async confirmDisable() {
      confirming.value = false;
      await run('disable', () => setEnabled(false));
    },
    enable: () => run('enable', () => setEnabled(true)),
    probeNow: () =>
      run('probe', async () => {
        clearProbe();
        const result = await client.invoke('providers.probe', { providerId: providerId() });
        probe.value = result;
        probedAt.value = Date.now();
        return result.ok ? `Probe answered in ${Math.round(result.latencyMs)} ms.` : 'Probe failed.';
      }),
  };
}

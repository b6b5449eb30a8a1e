/**
 * Alerts data flow: list, add, remove, and the in-app notice of each firing. Firings arrive as the 'alerts.fired'
 * event; the toast list keeps the latest few until dismissed (a notice that vanished on a timer while the user was
 * elsewhere would be missed, which is the one thing an alert must not be).
 */
import { storeToRefs } from 'pinia';
import { computed, onScopeDispose, type ComputedRef } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { AlertFired, PriceAlert } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useClient } from '../bridge/use-bridge';
import { parseThreshold } from './threshold';
import { useAlertsStore } from './use-alerts-store';

type AlertsStore = ReturnType<typeof useAlertsStore>;

export const MAX_TOASTS = 5;

export interface NewAlert {
  /** `chainId:asset` as offered by the asset select. */
  asset: string;
  direction: 'above' | 'below';
  threshold: string;
}

async function run(store: AlertsStore, action: () => Promise<PriceAlert[]>): Promise<boolean> {
  store.busy = true;
  try {
    store.alerts = await action();
    store.error = null;
    return true;
  } catch (error) {
    store.error = toErrorData(error);
    return false;
  } finally {
    store.busy = false;
  }
}

export function loadAlerts(client: SteadfastClient, store: AlertsStore): Promise<boolean> {
  return run(store, () => client.invoke('alerts.list', {}));
}

/** Validates locally (exact threshold parse), then asks main, which checks the asset and the bounds again. */
export function addAlert(client: SteadfastClient, store: AlertsStore, input: NewAlert): Promise<boolean> {
  const threshold = parseThreshold(input.threshold);
  const separator = input.asset.indexOf(':');
  if (separator < 0) {
    store.error = { code: 'INVALID_INPUT', message: 'Choose an asset', retryable: false };
    return Promise.resolve(false);
  }
  if (!threshold.ok) {
    store.error = { code: 'INVALID_INPUT', message: threshold.message, retryable: false };
    return Promise.resolve(false);
  }
  const chainId = Number(input.asset.slice(0, separator));
  const asset = input.asset.slice(separator + 1);
  return run(store, () => client.invoke('alerts.add', { chainId, asset, direction: input.direction, thresholdUsd: threshold.value }));
}

export function removeAlert(client: SteadfastClient, store: AlertsStore, id: string): Promise<boolean> {
  return run(store, () => client.invoke('alerts.remove', { id }));
}

/** A firing: shown as a toast, and the listed alert takes its new state without a reload. */
export function applyFired(store: AlertsStore, fired: AlertFired): void {
  store.toasts = [{ ...fired, key: `${fired.alert.id}:${fired.at}` }, ...store.toasts].slice(0, MAX_TOASTS);
  store.alerts = store.alerts.map((a) => (a.id === fired.alert.id ? fired.alert : a));
}

export function dismissToast(store: AlertsStore, key: string): void {
  store.toasts = store.toasts.filter((t) => t.key !== key);
}

/** Subscribes to firings for as long as the calling scope lives (the app shell's toast area). */
export function useAlertFirings(): { toasts: ComputedRef<Array<AlertFired & { key: string }>>; dismiss(key: string): void } {
  const client = useClient();
  const store = useAlertsStore();
  onScopeDispose(client.on('alerts.fired', (fired) => applyFired(store, fired)));
  const { toasts } = storeToRefs(store);
  return { toasts: computed(() => toasts.value), dismiss: (key) => dismissToast(store, key) };
}

export interface AlertsViewModel {
  alerts: ComputedRef<PriceAlert[]>;
  error: ComputedRef<ErrorData | null>;
  busy: ComputedRef<boolean>;
  add(input: NewAlert): Promise<boolean>;
  remove(id: string): Promise<boolean>;
}

export function useAlerts(): AlertsViewModel {
  const client = useClient();
  const store = useAlertsStore();
  const { alerts, error, busy } = storeToRefs(store);
  void loadAlerts(client, store);
  return {
    alerts: computed(() => alerts.value),
    error: computed(() => error.value),
    busy: computed(() => busy.value),
    add: (input) => addAlert(client, store, input),
    remove: (id) => removeAlert(client, store, id),
  };
}

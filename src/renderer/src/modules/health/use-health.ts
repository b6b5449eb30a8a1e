/**
 * App health and the operator snapshot: loaded once, then replaced by every 'health.updated' / 'operator.updated'
 * push; budget breaches also arrive one at a time. Nothing polls.
 */
import { computed, type ComputedRef } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { BudgetBreach, HealthReport, OperatorSnapshot } from '../../../../shared/domain';
import { toErrorData, type ErrorData } from '../../../../shared/errors';
import { useHealthStore } from './use-health-store';

type HealthStore = ReturnType<typeof useHealthStore>;

/** An operator leaves the panel open all day: keep the newest breaches only. */
export const MAX_BREACHES = 50;

export function applyReport(store: HealthStore, report: HealthReport): void {
  store.report = report;
  store.reportError = null;
}

export function applyOperator(store: HealthStore, snapshot: OperatorSnapshot): void {
  store.operator = snapshot;
  store.operatorError = null;
  // The snapshot carries the health report too; taking it keeps the badge and the panel in step.
  store.report = snapshot.health;
  store.reportError = null;
  store.breaches = mergeBreaches(snapshot.breaches, store.breaches);
}

/** Newest first, one entry per id, at most MAX_BREACHES. */
export function mergeBreaches(incoming: readonly BudgetBreach[], known: readonly BudgetBreach[]): BudgetBreach[] {
  const byId = new Map<string, BudgetBreach>();
  for (const breach of [...incoming, ...known]) if (!byId.has(breach.id)) byId.set(breach.id, breach);
  return [...byId.values()].sort((a, b) => b.at - a.at).slice(0, MAX_BREACHES);
}

export async function loadHealth(client: SteadfastClient, store: HealthStore): Promise<void> {
  try {
    applyReport(store, await client.invoke('health.get', {}));
  } catch (error) {
    store.reportError = toErrorData(error);
  }
}

export async function loadOperator(client: SteadfastClient, store: HealthStore): Promise<void> {
  try {
    applyOperator(store, await client.invoke('operator.snapshot', {}));
  } catch (error) {
    store.operatorError = toErrorData(error);
  }
}

export function subscribeHealth(client: SteadfastClient, store: HealthStore): Array<() => void> {
  return [
    client.on('health.updated', (report) => applyReport(store, report)),
    client.on('operator.updated', (snapshot) => applyOperator(store, snapshot)),
    client.on('budgets.breached', (breach) => (store.breaches = mergeBreaches([breach], store.breaches))),
  ];
}

export interface AppHealth {
  report: ComputedRef<HealthReport | null>;
  error: ComputedRef<ErrorData | null>;
}

export function useAppHealth(): AppHealth {
  const store = useHealthStore();
  return { report: computed(() => store.report), error: computed(() => store.reportError) };
}

export interface OperatorData {
  snapshot: ComputedRef<OperatorSnapshot | null>;
  breaches: ComputedRef<readonly BudgetBreach[]>;
  error: ComputedRef<ErrorData | null>;
}

export function useOperator(): OperatorData {
  const store = useHealthStore();
  return {
    snapshot: computed(() => store.operator),
    breaches: computed(() => store.breaches),
    error: computed(() => store.operatorError),
  };
}

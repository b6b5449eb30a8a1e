/** The app's health report and the operator snapshot as last pushed by main; see use-health.ts for how they arrive. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { BudgetBreach, HealthReport, OperatorSnapshot } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';

export const useHealthStore = defineStore('health', () => {
  // Replaced whole on every push: shallow refs skip deep proxies over every check.
  const report = shallowRef<HealthReport | null>(null);
  const reportError = ref<ErrorData | null>(null);
  const operator = shallowRef<OperatorSnapshot | null>(null);
  const operatorError = ref<ErrorData | null>(null);
  /** Breaches pushed one by one ('budgets.breached') merged with the snapshot's list; newest first, bounded. */
  const breaches = shallowRef<BudgetBreach[]>([]);
  return { report, reportError, operator, operatorError, breaches };
});

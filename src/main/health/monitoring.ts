/**
 * Builds the app's monitoring in the order the composition root needs it: the metrics registry, the budget tracker
 * and the engine observer first (the runtime's engine is built with the observer), then the memory manager, the
 * feature gate and the health service over the runtime as it is at each moment.
 */
import type { Budgets } from '../../shared/domain';
import type { Runtime } from '../app-context';
import type { EngineObserver } from '../engine';
import type { EventBus } from '../ipc/events';
import { AppMetrics } from '../metrics/registry';
import { attemptMeasurements, BudgetTracker, connectMeasurement } from './budgets';
import { FeatureGate } from './feature-gate';
import { MemoryManager } from './memory';
import { HealthService } from './service';

export interface Monitoring {
  metrics: AppMetrics;
  budgets: BudgetTracker;
  memory: MemoryManager;
  gate: FeatureGate;
  health: HealthService;
  /** For `createEngine`: metrics, plus the budget checks of each attempt's phases and each connect. */
  observer: EngineObserver;
}

export function createMonitoring(deps: { runtime: () => Runtime; budgets: () => Budgets; events: EventBus }): Monitoring {
  const { runtime, events } = deps;
  const memory = new MemoryManager((keep) => runtime().engine.trimCaches(keep));
  let health: HealthService | null = null;
  const metrics = new AppMetrics({
    resources: () => runtime().engine.resources(),
    memory: () => memory.gauge(),
    health: () => health?.report() ?? null,
  });
  const budgets = new BudgetTracker(deps.budgets, (breach) => {
    metrics.countBreach(breach.phase);
    events.emit('budgets.breached', breach);
  });
  const base = metrics.observer;
  const observer: EngineObserver = {
    ...base,
    onAttempt(e) {
      base.onAttempt?.(e);
      for (const measurement of attemptMeasurements(e)) budgets.check(measurement);
    },
    onConnect(e) {
      base.onConnect?.(e);
      budgets.check(connectMeasurement(e));
    },
  };
  const gate = new FeatureGate(Date.now());
  health = new HealthService({ runtime, events, budgets: deps.budgets, gate, memory, metrics });
  return { metrics, budgets, memory, gate, health, observer };
}

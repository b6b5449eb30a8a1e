/**
 * The top bar's one-glance status: the app's health level and, when nothing answers at all, an offline notice that
 * agrees with the portfolio's own ('offline' snapshot status).
 */
import { computed, type ComputedRef } from 'vue';
import type { HealthLevel, ProviderStatus } from '../../../../shared/domain';
import type { ErrorData } from '../../../../shared/errors';
import { usePortfolioStore } from '../portfolio/use-portfolio-store';
import { useProvidersStore } from '../providers/use-providers-store';
import { useHealthStore } from './use-health-store';

/** A provider that will get no traffic right now whatever is asked of it. */
function unusable(provider: ProviderStatus, now: number): boolean {
  return (
    provider.breaker === 'open' ||
    provider.breaker === 'isolated' ||
    provider.quarantine !== null ||
    (provider.throttledUntil !== null && provider.throttledUntil > now)
  );
}

/** Every configured provider of every chain is out: nothing can be read, whatever the health report says yet. */
export function allProvidersDown(providers: readonly ProviderStatus[], now = Date.now()): boolean {
  return providers.length > 0 && providers.every((provider) => unusable(provider, now));
}

export interface AppStatus {
  level: ComputedRef<HealthLevel | null>;
  reason: ComputedRef<string | null>;
  since: ComputedRef<number | null>;
  /** Why the level is unknown (main could not answer 'health.get'), when it is. */
  error: ComputedRef<ErrorData | null>;
  offline: ComputedRef<boolean>;
}

export function useAppStatus(): AppStatus {
  const health = useHealthStore();
  const providers = useProvidersStore();
  const portfolio = usePortfolioStore();
  return {
    level: computed(() => health.report?.level ?? null),
    reason: computed(() => health.report?.reason ?? null),
    since: computed(() => health.report?.since ?? null),
    error: computed(() => (health.report === null ? health.reportError : null)),
    // Either signal is enough: the portfolio goes offline only after a refresh failed, the providers show it sooner.
    offline: computed(
      () => portfolio.snapshot?.status === 'offline' || (providers.loaded && allProvidersDown(providers.providers)),
    ),
  };
}

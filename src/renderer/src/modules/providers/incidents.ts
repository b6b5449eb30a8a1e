/** Breaker transitions as an incident timeline: per provider, or merged across a chain's providers. */
import type { BreakerState, ProviderStatus } from '../../../../shared/domain';

export interface Incident {
  /** Stable across pushes so the list does not re-render rows that did not change. */
  key: string;
  providerId: string;
  provider: string;
  from: BreakerState;
  to: BreakerState;
  at: number;
}

/**
 * Newest first: an operator coming back to the screen wants what just happened on top. Ties (two providers
 * changing in the same millisecond) fall back to the provider name so the order never flickers between pushes.
 */
export function incidentsOf(providers: readonly ProviderStatus[]): Incident[] {
  const incidents: Incident[] = [];
  for (const provider of providers) {
    provider.transitions.forEach((transition, index) => {
      incidents.push({
        key: `${provider.id}@${transition.at}#${index}:${transition.to}`,
        providerId: provider.id,
        provider: provider.name,
        from: transition.from,
        to: transition.to,
        at: transition.at,
      });
    });
  }
  return incidents.sort((a, b) => b.at - a.at || a.provider.localeCompare(b.provider) || b.key.localeCompare(a.key));
}

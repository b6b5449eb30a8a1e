/** Feeds the latency rings from 'providers.updated' pushes and reads one provider's series for its sparkline. */
import { computed, type ComputedRef } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { ProviderStatus } from '../../../../shared/domain';
import type { LatencyPoint } from './latency-ring';
import { useLatencyHistoryStore } from './use-latency-history-store';

type HistoryStore = ReturnType<typeof useLatencyHistoryStore>;

export function recordLatency(store: HistoryStore, providers: readonly ProviderStatus[], at = Date.now()): void {
  if (store.history.record(providers, at)) store.version += 1;
}

/**
 * Recorded whatever view is open, so the operator view shows the last minutes as soon as it opens. The time is the
 * push's arrival: ProviderStatus carries no timestamp of its own for the percentiles.
 */
export function subscribeLatencyHistory(client: SteadfastClient, store: HistoryStore): () => void {
  return client.on('providers.updated', (providers) => recordLatency(store, providers));
}

export function useLatencySeries(providerId: () => string): ComputedRef<LatencyPoint[]> {
  const store = useLatencyHistoryStore();
  return computed(() => {
    void store.version;
    return store.history.series(providerId());
  });
}

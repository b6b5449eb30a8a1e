/**
 * Keeps the health report, the operator snapshot and the latency history current for the whole app. Called once
 * from the root component beside useLiveSync: the badge in the top bar needs the report on every view, and the
 * sparklines must have been recording before the operator opens the view. Same rules as useLiveSync: subscribe
 * before loading, reload after the bridge comes back (pushes sent while it was down are lost).
 */
import { onScopeDispose, watch } from 'vue';
import { useBridgeConnection, useClient } from '../bridge/use-bridge';
import { subscribeLatencyHistory } from '../providers/use-latency-history';
import { useLatencyHistoryStore } from '../providers/use-latency-history-store';
import { loadHealth, loadOperator, subscribeHealth } from './use-health';
import { useHealthStore } from './use-health-store';

export function useHealthSync(): { reload(): Promise<void> } {
  const client = useClient();
  const { showDisconnected } = useBridgeConnection();
  const health = useHealthStore();
  const latency = useLatencyHistoryStore();

  const unsubscribers = [...subscribeHealth(client, health), subscribeLatencyHistory(client, latency)];

  async function reload(): Promise<void> {
    await Promise.all([loadHealth(client, health), loadOperator(client, health)]);
  }

  const stopWatching = watch(showDisconnected, (down, wasDown) => {
    if (wasDown && !down) void reload();
  });

  onScopeDispose(() => {
    stopWatching();
    for (const unsubscribe of unsubscribers) unsubscribe();
  });

  void reload();
  return { reload };
}

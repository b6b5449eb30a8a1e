/**
 * An in-memory RawBridge over the router and the event bus: the same handlers as Electron and the WebSocket bridge,
 * without a transport. Used by tests of the contract and of the renderer's client (in the manner of VS Code's
 * in-memory IPC protocol pair).
 */
import type { RawBridge } from '../../shared/bridge';
import type { EventBus } from './events';
import type { Router } from './router';

export function createMemoryBridge(router: Router, events: EventBus): RawBridge & { close(): void } {
  const unsubscribers = new Set<() => void>();
  return {
    invoke(channel, input) {
      // Round-trip through JSON as a real transport would, so nothing non-serialisable slips through in tests.
      return router
        .invoke(channel, JSON.parse(JSON.stringify(input)), { transport: 'memory' })
        .then((envelope) => JSON.parse(JSON.stringify(envelope)));
    },
    on(event, listener) {
      const unsubscribe = events.subscribe((name, payload) => {
        if (name === event) listener(JSON.parse(JSON.stringify(payload)));
      });
      unsubscribers.add(unsubscribe);
      return () => {
        unsubscribe();
        unsubscribers.delete(unsubscribe);
      };
    },
    close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      unsubscribers.clear();
    },
  };
}

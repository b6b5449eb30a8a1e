/** The bridge is built once in main.ts and provided to the component tree; views reach it only through here. */
import { computed, inject, readonly, type App, type ComputedRef, type InjectionKey, type Ref } from 'vue';
import type { SteadfastClient } from '../../../../shared/bridge';
import type { ConnectionState } from './connection';
import type { BridgeContext } from './select-bridge';

export const bridgeKey: InjectionKey<BridgeContext> = Symbol('steadfast-bridge');

export function provideBridge(app: App, bridge: BridgeContext): void {
  app.provide(bridgeKey, bridge);
}

function useBridgeContext(): BridgeContext {
  const bridge = inject(bridgeKey, null);
  if (bridge === null) throw new Error('no Steadfast bridge provided: call provideBridge in main.ts');
  return bridge;
}

export function useClient(): SteadfastClient {
  return useBridgeContext().client;
}

export interface BridgeConnection {
  state: Readonly<Ref<ConnectionState>>;
  connected: ComputedRef<boolean>;
  /**
   * True once the link has failed at least once. The very first connect is not "disconnected": showing a banner for
   * the few milliseconds a local socket takes to open would only flash.
   */
  showDisconnected: ComputedRef<boolean>;
  /** See BridgeContext.access. */
  access: ComputedRef<'ok' | 'no-token' | 'never-connected'>;
}

export function useBridgeConnection(): BridgeConnection {
  const { connection, access } = useBridgeContext();
  return {
    access: computed(() => access.value),
    state: readonly(connection) as Readonly<Ref<ConnectionState>>,
    connected: computed(() => connection.value.connected),
    showDisconnected: computed(() => !connection.value.connected && connection.value.attempt > 0),
  };
}

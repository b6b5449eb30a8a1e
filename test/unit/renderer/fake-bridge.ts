/**
 * A RawBridge fake for renderer tests: answers invokes from per-channel handlers and pushes events on demand. Both
 * directions go through the real wire encoding and a JSON round trip, as over IPC or the WebSocket.
 */
import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { shallowRef, type Component } from 'vue';
import { createClient, type Envelope, type RawBridge } from '../../../src/shared/bridge';
import type { ChannelName, EventName } from '../../../src/shared/channels';
import type { ChannelInput, ChannelOutput, EventPayload } from '../../../src/shared/contract';
import { toErrorData } from '../../../src/shared/errors';
import { decode, encode, type Wire } from '../../../src/shared/wire';
import type { ConnectionState } from '../../../src/renderer/src/modules/bridge/connection';
import type { BridgeContext } from '../../../src/renderer/src/modules/bridge/select-bridge';
import { bridgeKey } from '../../../src/renderer/src/modules/bridge/use-bridge';

export type FakeHandlers = {
  [C in ChannelName]?: (input: ChannelInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

export interface FakeBridge {
  raw: RawBridge;
  handlers: FakeHandlers;
  calls: Array<{ channel: ChannelName; input: unknown }>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(): number;
}

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function createFakeBridge(handlers: FakeHandlers = {}): FakeBridge {
  const listeners = new Map<EventName, Set<(payload: Wire) => void>>();
  const calls: FakeBridge['calls'] = [];
  const fake: FakeBridge = {
    handlers,
    calls,
    raw: {
      async invoke(channel, input): Promise<Envelope> {
        const decoded = decode(roundTrip(input));
        calls.push({ channel, input: decoded });
        const handler = fake.handlers[channel] as ((input: unknown) => unknown) | undefined;
        if (handler === undefined) {
          return { ok: false, error: { code: 'NOT_AVAILABLE', message: `no fake for ${channel}`, retryable: false } };
        }
        try {
          return roundTrip({ ok: true, value: encode(await handler(decoded)) });
        } catch (error) {
          return { ok: false, error: toErrorData(error) };
        }
      },
      on(event, listener) {
        let set = listeners.get(event);
        if (!set) listeners.set(event, (set = new Set()));
        set.add(listener);
        return () => {
          set.delete(listener);
        };
      },
    },
    emit(event, payload) {
      const wire = roundTrip(encode(payload));
      for (const listener of [...(listeners.get(event) ?? [])]) listener(wire);
    },
    listenerCount() {
      let count = 0;
      for (const set of listeners.values()) count += set.size;
      return count;
    },
  };
  return fake;
}

export function connectedState(): ConnectionState {
  return { connected: true, since: 0, reason: null, attempt: 0, nextRetryAt: null };
}

export function bridgeContextFor(fake: FakeBridge, state: ConnectionState = connectedState()) {
  const connection = shallowRef(state);
  const access = shallowRef<'ok' | 'no-token' | 'never-connected'>('ok');
  const context: BridgeContext = { kind: 'electron', client: createClient(fake.raw), connection, access, dispose() {} };
  return { context, connection, access };
}

/** Mounts with a fresh Pinia and the fake bridge provided, as main.ts does with the real one. */
export function mountWithBridge<C extends Component>(
  component: C,
  fake: FakeBridge,
  options: ComponentMountingOptions<C> = {},
  state?: ConnectionState,
) {
  const { context, connection, access } = bridgeContextFor(fake, state);
  const wrapper = mount(component, {
    ...options,
    global: { plugins: [createPinia()], provide: { [bridgeKey as symbol]: context } },
  } as ComponentMountingOptions<C>);
  return { wrapper, connection, access };
}

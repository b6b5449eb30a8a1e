/**
 * The bridge the renderer talks through, in two layers:
 *
 * - `RawBridge` is what a transport carries: wire-encoded inputs in, envelopes out, never a rejected promise for an
 *   application error. The Electron preload exposes exactly this over contextBridge (class instances and bigint
 *   semantics do not survive contextBridge reliably, plain data does); the headless WebSocket client implements it
 *   too.
 * - `SteadfastClient` is the typed API the renderer uses, built once over either raw bridge by `createClient`: it
 *   encodes inputs, decodes outputs (bigint exact) and rebuilds `SteadfastError` from error data.
 */
import type { ChannelName, EventName } from './channels';
import type { ChannelInput, ChannelOutput, EventPayload } from './contract';
import { SteadfastError, type ErrorData } from './errors';
import { decode, encode, type Wire } from './wire';

export type Envelope = { ok: true; value: Wire } | { ok: false; error: ErrorData };

export interface RawBridge {
  invoke(channel: ChannelName, input: Wire): Promise<Envelope>;
  /** Subscribe to a pushed event; returns the unsubscribe function. */
  on(event: EventName, listener: (payload: Wire) => void): () => void;
}

export interface SteadfastClient {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(raw: RawBridge): SteadfastClient {
  return {
    async invoke(channel, input) {
      const envelope = await raw.invoke(channel, encode(input));
      if (!envelope.ok) throw new SteadfastError(envelope.error);
      return decode(envelope.value) as never;
    },
    on(event, listener) {
      return raw.on(event, (payload) => listener(decode(payload) as never));
    },
  };
}

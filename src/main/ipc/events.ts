/**
 * The main-side event hub. Services emit typed events; transport adapters subscribe and forward the wire-encoded
 * payload to their windows or sockets. Encoding happens once per event, not once per subscriber.
 */
import type { EventName } from '../../shared/channels';
import type { EventPayload } from '../../shared/contract';
import { encode, type Wire } from '../../shared/wire';

export type WireListener = (event: EventName, payload: Wire) => void;

export class EventBus {
  readonly #listeners = new Set<WireListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.#listeners.size === 0) return;
    const wire = encode(payload);
    for (const listener of [...this.#listeners]) listener(event, wire);
  }

  /** Returns the unsubscribe function; adapters call it when their window or socket closes. */
  subscribe(listener: WireListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}

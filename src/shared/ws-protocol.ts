/**
 * Messages of the headless WebSocket bridge (`/bridge`). Text frames, JSON, bigint-tagged by `wire.ts`.
 *
 * Client → server: `invoke` (the server answers exactly one `result` with the same id).
 * Server → client: `result`, and `event` for every pushed event (every authenticated connection receives all).
 */
import type { Envelope } from './bridge';
import type { Wire } from './wire';

export const WS_PATH = '/bridge';

export interface InvokeMessage {
  type: 'invoke';
  id: number;
  channel: string;
  input: Wire;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  envelope: Envelope;
}

export interface EventMessage {
  type: 'event';
  event: string;
  payload: Wire;
}

export type ServerMessage = ResultMessage | EventMessage;

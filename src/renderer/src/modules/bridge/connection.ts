/** What the UI knows about the link to main: always up over Electron IPC, may drop over the WebSocket bridge. */
export interface ConnectionState {
  connected: boolean;
  /** Epoch ms of the last change. */
  since: number;
  /** Why the link is down (null while connected). */
  reason: string | null;
  /** Reconnect attempts since the link was last up. */
  attempt: number;
  /** Epoch ms of the next reconnect attempt, null while connected or connecting. */
  nextRetryAt: number | null;
}

export type ConnectionListener = (state: ConnectionState) => void;

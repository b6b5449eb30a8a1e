/**
 * The Electron transport for the router: one `ipcMain.handle` for every invoke, one `webContents.send` per window
 * for every pushed event. `ipcMain` and the windows are injected as the few members used, so this file never imports
 * `electron` and its tests run in plain Node.
 */
import type { Envelope } from '../../shared/bridge';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/channels';
import type { Wire } from '../../shared/wire';
import type { Logger } from '../log';
import type { EventBus } from './events';
import type { Router } from './router';

/** The members of Electron's `WebFrameMain` the sender check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: SenderFrame | null;
}

/** The members of Electron's `IpcMainInvokeEvent` the adapter reads. */
export interface InvokeEvent {
  /** Null when the frame navigated away or was destroyed before the message was handled. */
  readonly senderFrame: SenderFrame | null;
}

/** The members of Electron's `ipcMain` the adapter uses. */
export interface IpcMainLike {
  // `any[]` because Electron types the rest arguments so; they are treated as untrusted below.
  handle(channel: string, listener: (event: InvokeEvent, ...args: any[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The members of Electron's `WebContents` that events are pushed through. */
export interface EventSink {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface ElectronIpcOptions {
  ipcMain: IpcMainLike;
  router: Router;
  events: EventBus;
  /** Decides whether an invoke comes from the app's own renderer; see `createSenderCheck`. */
  isTrustedSender: (event: InvokeEvent) => boolean;
  /** The web contents of the app's windows, read at each event (windows come and go, e.g. macOS re-activation). */
  windows: () => Iterable<EventSink>;
  log?: Logger;
}

/**
 * Wire the router and the event bus to Electron IPC.
 * @returns dispose: removes the invoke handler and stops forwarding events. Safe to call twice.
 */
export function attachElectronIpc(options: ElectronIpcOptions): () => void {
  const { ipcMain, router, events, isTrustedSender, windows, log } = options;

  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown): Promise<Envelope> => {
    if (!isTrustedSender(event)) {
      log?.warn('refused IPC from an untrusted sender', {
        channel: String(channel).slice(0, 80),
        frame: event.senderFrame?.url.slice(0, 200) ?? null,
      });
      // An envelope, not a throw: Electron would strip a thrown error to its message anyway.
      return forbidden();
    }
    // The router validates both: the channel against the contract, the input against the channel's schema.
    return router.invoke(channel, (input ?? null) as Wire, { transport: 'electron' });
  });

  const unsubscribe = events.subscribe((name, payload) => {
    for (const contents of windows()) {
      if (contents.isDestroyed()) continue;
      try {
        contents.send(IPC_EVENT, name, payload);
      } catch (error) {
        // A renderer that is mid-reload can refuse a message; the next event reaches it, others still get this one.
        log?.warn('could not push an event to a window', { event: name, error });
      }
    }
  });

  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}

/**
 * The trusted-sender rule (after VS Code's validated ipcMain): the message must come from a top-level frame — never
 * an iframe, which could host foreign content — whose current URL is the app's own page.
 * @param isAppUrl the app-page predicate from `shell/app-url.ts`.
 */
export function createSenderCheck(isAppUrl: (url: string) => boolean): (event: InvokeEvent) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    // Null means the frame is gone: nobody left to answer, and nothing to vouch for it.
    if (frame === null) return false;
    return frame.parent === null && isAppUrl(frame.url);
  };
}

function forbidden(): Envelope {
  return {
    ok: false,
    error: { code: 'FORBIDDEN', message: "IPC is only accepted from the app's own main frame", retryable: false },
  };
}

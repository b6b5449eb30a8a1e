/**
 * The preload: exposes `window.steadfast`, exactly the `RawBridge` contract and nothing else.
 *
 * Runs sandboxed as CommonJS (see electron.vite.config.ts), so it stays tiny and imports only the zod-free channel
 * list. Main validates everything again; the allowlists here keep a compromised page from even reaching IPC with a
 * made-up channel (as element-desktop does), and no Electron object (ipcRenderer, the IPC event) ever crosses into
 * the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Envelope, RawBridge } from '../shared/bridge';
import { IPC_EVENT, IPC_INVOKE, isChannelName, isEventName } from '../shared/channels';
import type { Wire } from '../shared/wire';

const bridge = {
  async invoke(channel, input) {
    if (!isChannelName(channel)) throw new Error(`steadfast: unknown channel ${describe(channel)}`);
    return (await ipcRenderer.invoke(IPC_INVOKE, channel, input)) as Envelope;
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`steadfast: unknown event ${describe(event)}`);
    if (typeof listener !== 'function') throw new TypeError('steadfast: the listener must be a function');
    // One IPC listener per subscription, so unsubscribing removes exactly this one and nothing else.
    const forward = (_ipcEvent: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as Wire);
    };
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward);
    };
  },
} satisfies RawBridge;

function describe(value: unknown): string {
  return JSON.stringify(String(value)).slice(0, 80);
}

contextBridge.exposeInMainWorld('steadfast', bridge);

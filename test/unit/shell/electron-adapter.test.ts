import { CHANNELS } from '../../../src/shared/channels';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../../src/shared/channels';
import type { AppInfo, PortfolioSnapshot } from '../../../src/shared/domain';
import { SteadfastError } from '../../../src/shared/errors';
import {
  attachElectronIpc,
  createSenderCheck,
  type EventSink,
  type InvokeEvent,
  type SenderFrame,
} from '../../../src/main/ipc/electron-adapter';
import { EventBus } from '../../../src/main/ipc/events';
import { createRouter, type Handlers } from '../../../src/main/ipc/router';
import { isAppUrl, rendererTarget } from '../../../src/main/shell/app-url';

const APP_URL = 'file:///app/out/renderer/index.html';
const info: AppInfo = { version: '1.2.3', mode: 'electron', demo: true, chains: [] };

const notAvailable = (): never => {
  throw new SteadfastError({ code: 'NOT_AVAILABLE', message: 'not in this test', retryable: false });
};
const handlers: Handlers = {
  ...(Object.fromEntries(CHANNELS.map((channel) => [channel, notAvailable])) as unknown as Handlers),
  'app.info': () => info,
  'portfolio.get': notAvailable,
  'portfolio.refresh': notAvailable,
  'providers.list': () => [],
  'features.list': notAvailable,
  'settings.get': notAvailable,
  'addresses.add': notAvailable,
  'addresses.remove': notAvailable,
  'demo.status': notAvailable,
  'demo.setFault': notAvailable,
};

type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** An ipcMain stand-in that keeps the registered handler so the test can call it as Electron would. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: vi.fn((channel: string, listener: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
}

function frame(url: string, parent: SenderFrame | null = null): SenderFrame {
  return { url, parent };
}

function sink(destroyed = false) {
  return { isDestroyed: () => destroyed, send: vi.fn<EventSink['send']>() };
}

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

function setup(windows: EventSink[] = []) {
  const ipcMain = fakeIpcMain();
  const events = new EventBus();
  const router = createRouter(handlers);
  const routed = vi.spyOn(router, 'invoke');
  dispose = attachElectronIpc({
    ipcMain,
    router,
    events,
    isTrustedSender: createSenderCheck(isAppUrl(rendererTarget(undefined, '/app/out/main'))),
    windows: () => windows,
  });
  const invoke = (senderFrame: SenderFrame | null, channel: unknown, input: unknown) =>
    ipcMain.handlers.get(IPC_INVOKE)!({ senderFrame }, channel, input);
  return { ipcMain, events, routed, invoke };
}

const FORBIDDEN = {
  ok: false,
  error: { code: 'FORBIDDEN', message: "IPC is only accepted from the app's own main frame", retryable: false },
};

describe('attachElectronIpc', () => {
  it("routes a call from the app's main frame to the router, tagged as the electron transport", async () => {
    const { invoke, routed } = setup();
    await expect(invoke(frame(`${APP_URL}#/providers`), 'app.info', {})).resolves.toEqual({
      ok: true,
      value: { version: '1.2.3', mode: 'electron', demo: true, chains: [] },
    });
    expect(routed).toHaveBeenCalledWith('app.info', {}, { transport: 'electron' });
  });

  it('lets the router refuse unknown channels and invalid input with typed envelopes', async () => {
    const { invoke } = setup();
    const unknown = await invoke(frame(APP_URL), 'shell.exec', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const invalid = await invoke(frame(APP_URL), 'providers.list', { extra: 1 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('answers FORBIDDEN to a sub-frame, even one showing the app page, without reaching the router', async () => {
    const { invoke, routed } = setup();
    await expect(invoke(frame(APP_URL, frame(APP_URL)), 'app.info', {})).resolves.toEqual(FORBIDDEN);
    expect(routed).not.toHaveBeenCalled();
  });

  it('answers FORBIDDEN to a foreign origin, another local file, or a frame that is gone', async () => {
    const { invoke, routed } = setup();
    await expect(invoke(frame('https://evil.example/'), 'app.info', {})).resolves.toEqual(FORBIDDEN);
    await expect(invoke(frame('file:///tmp/downloaded.html'), 'app.info', {})).resolves.toEqual(FORBIDDEN);
    await expect(invoke(null, 'app.info', {})).resolves.toEqual(FORBIDDEN);
    expect(routed).not.toHaveBeenCalled();
  });

  it('pushes every event to each live window, wire-encoded, and skips destroyed ones', () => {
    const live = sink();
    const other = sink();
    const dead = sink(true);
    const { events } = setup([live, dead, other]);
    const snapshot = { totalUsd: 12_345_678_901n } as unknown as PortfolioSnapshot;
    events.emit('portfolio.updated', snapshot);
    for (const window of [live, other]) {
      expect(window.send).toHaveBeenCalledExactlyOnceWith(IPC_EVENT, 'portfolio.updated', {
        totalUsd: { $bigint: '12345678901' },
      });
    }
    expect(dead.send).not.toHaveBeenCalled();
  });

  it('keeps pushing to other windows when one throws', () => {
    const broken = sink();
    broken.send.mockImplementation(() => {
      throw new Error('Render frame was disposed');
    });
    const live = sink();
    const { events } = setup([broken, live]);
    events.emit('providers.updated', []);
    expect(live.send).toHaveBeenCalledExactlyOnceWith(IPC_EVENT, 'providers.updated', []);
  });

  it('on dispose removes the handler and stops forwarding, leaving no listener behind', () => {
    const window = sink();
    const { events, ipcMain } = setup([window]);
    expect(events.listenerCount).toBe(1);
    dispose?.();
    dispose?.();
    expect(ipcMain.removeHandler).toHaveBeenCalledExactlyOnceWith(IPC_INVOKE);
    expect(ipcMain.handlers.size).toBe(0);
    expect(events.listenerCount).toBe(0);
    events.emit('providers.updated', []);
    expect(window.send).not.toHaveBeenCalled();
  });
});

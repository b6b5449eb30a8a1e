import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RawBridge } from '../../../src/shared/bridge';
import { IPC_EVENT, IPC_INVOKE } from '../../../src/shared/channels';

const electron = vi.hoisted(() => ({ ipcRenderer: undefined as unknown, exposeInMainWorld: undefined as unknown }));
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { vi: v } = await import('vitest');
  const ipcRenderer = Object.assign(new Emitter(), {
    invoke: v.fn(async () => ({ ok: true, value: 'pong' })),
  });
  electron.ipcRenderer = ipcRenderer;
  electron.exposeInMainWorld = v.fn();
  return { ipcRenderer, contextBridge: { exposeInMainWorld: electron.exposeInMainWorld } };
});

await import('../../../src/preload/index');
const ipcRenderer = electron.ipcRenderer as EventEmitter & { invoke: ReturnType<typeof vi.fn> };
// Captured at import: the preload exposes once, when it loads (and mocks may be cleared between tests).
const exposed = [...(electron.exposeInMainWorld as ReturnType<typeof vi.fn>).mock.calls];
const bridge = exposed[0]![1] as RawBridge;

beforeEach(() => ipcRenderer.invoke.mockClear());

describe('preload', () => {
  it('exposes exactly invoke and on, once, as window.steadfast', () => {
    expect(exposed).toHaveLength(1);
    expect(exposed[0]![0]).toBe('steadfast');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards a contract channel over the single invoke channel and returns the envelope', async () => {
    await expect(bridge.invoke('portfolio.get', {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(IPC_INVOKE, 'portfolio.get', {});
  });

  it('rejects a channel outside the contract without touching IPC', async () => {
    await expect(bridge.invoke('shell.openExternal' as never, {})).rejects.toThrow(
      'steadfast: unknown channel "shell.openExternal"',
    );
    await expect(bridge.invoke('__proto__' as never, {})).rejects.toThrow('unknown channel');
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('rejects subscribing to an event outside the contract', () => {
    expect(() => bridge.on('app.crashed' as never, () => undefined)).toThrow('steadfast: unknown event "app.crashed"');
    expect(ipcRenderer.listenerCount(IPC_EVENT)).toBe(0);
  });

  it('delivers only the subscribed event, without the IPC event object', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.on('providers.updated', listener);
    ipcRenderer.emit(IPC_EVENT, { sender: 'ipc internals' }, 'portfolio.updated', { a: 1 });
    ipcRenderer.emit(IPC_EVENT, { sender: 'ipc internals' }, 'providers.updated', [{ id: '1:a' }]);
    expect(listener.mock.calls).toEqual([[[{ id: '1:a' }]]]);
    unsubscribe();
  });

  it('unsubscribe removes exactly that listener', () => {
    const kept = vi.fn();
    const dropped = vi.fn();
    const unsubscribeKept = bridge.on('features.updated', kept);
    const unsubscribeDropped = bridge.on('features.updated', dropped);
    expect(ipcRenderer.listenerCount(IPC_EVENT)).toBe(2);

    unsubscribeDropped();
    unsubscribeDropped();
    ipcRenderer.emit(IPC_EVENT, {}, 'features.updated', []);
    expect(kept).toHaveBeenCalledOnce();
    expect(dropped).not.toHaveBeenCalled();
    expect(ipcRenderer.listenerCount(IPC_EVENT)).toBe(1);

    unsubscribeKept();
    expect(ipcRenderer.listenerCount(IPC_EVENT)).toBe(0);
  });
});

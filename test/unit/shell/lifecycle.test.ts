import { afterEach, describe, expect, it, vi } from 'vitest';
import { disposeBeforeQuit } from '../../../src/main/shell/lifecycle';
import { guardAllWebContents } from '../../../src/main/shell/security';
import { claimSingleInstance } from '../../../src/main/shell/single-instance';
import { FakeApp, FakeWebContents } from './fake-electron';

function quitEvent() {
  return { preventDefault: vi.fn() };
}

afterEach(() => {
  vi.useRealTimers();
  process.exitCode = undefined;
});

describe('claimSingleInstance', () => {
  it('quits when another instance holds the lock, without listening for second instances', () => {
    const app = new FakeApp();
    app.requestSingleInstanceLock.mockReturnValue(false);
    const focus = vi.fn();
    expect(claimSingleInstance(app as never, focus)).toBe(false);
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('keeps running with the lock and focuses the window when a second launch is attempted', () => {
    const app = new FakeApp();
    const focus = vi.fn();
    expect(claimSingleInstance(app as never, focus)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.emit('second-instance', {}, ['steadfast'], '/home/user');
    expect(focus).toHaveBeenCalledOnce();
  });
});

describe('disposeBeforeQuit', () => {
  it('holds the quit back, disposes exactly once, then exits', async () => {
    const app = new FakeApp();
    let finish!: () => void;
    const dispose = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    disposeBeforeQuit(app, dispose);

    const first = quitEvent();
    const second = quitEvent();
    app.emit('before-quit', first);
    app.emit('before-quit', second);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(second.preventDefault).toHaveBeenCalled();
    expect(dispose).toHaveBeenCalledOnce();
    expect(app.exit).not.toHaveBeenCalled();

    finish();
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledExactlyOnceWith(0));
  });

  it('still exits when dispose fails, and keeps a failed start-up exit code', async () => {
    const app = new FakeApp();
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    process.exitCode = 1;
    disposeBeforeQuit(app, () => Promise.reject(new Error('anvil would not die')), log);
    app.emit('before-quit', quitEvent());
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledExactlyOnceWith(1));
    expect(log.error).toHaveBeenCalledWith('dispose failed', { error: new Error('anvil would not die') });
  });

  it('exits after the timeout when dispose hangs', async () => {
    vi.useFakeTimers();
    const app = new FakeApp();
    disposeBeforeQuit(app, () => new Promise<void>(() => undefined), undefined, 1_000);
    app.emit('before-quit', quitEvent());
    await vi.advanceTimersByTimeAsync(999);
    expect(app.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(app.exit).toHaveBeenCalledExactlyOnceWith(0);
  });
});

describe('guardAllWebContents', () => {
  it('refuses <webview> and window.open on any web contents the app creates', () => {
    const app = new FakeApp();
    guardAllWebContents(app as never);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    const attach = quitEvent();
    contents.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalledOnce();
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

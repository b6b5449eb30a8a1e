/**
 * The headless process' last-resort policy: a stray rejection is logged and the process keeps going; an uncaught
 * exception stops the server and the app (anvil) within a deadline, then exits 1.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { installCrashPolicy } from '../../../src/main/headless/crash-policy';
import type { Logger } from '../../../src/main/log';

function recordingLog() {
  const lines: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const log: Logger = {
    info: (message, fields) => lines.push({ message, fields }),
    warn: (message, fields) => lines.push({ message, fields }),
    error: (message, fields) => lines.push({ message, fields }),
  };
  return { log, lines };
}

describe('crash policy', () => {
  it('logs an unhandled rejection and does not exit', () => {
    const target = new EventEmitter();
    const exit = vi.fn();
    const { log, lines } = recordingLog();
    const dispose = vi.fn(async () => {});
    installCrashPolicy({ log, running: { app: { dispose } }, target: target as never, exit });
    target.emit('unhandledRejection', new Error('one request broke'));
    expect(lines[0]?.message).toMatch(/unhandled rejection/);
    expect(exit).not.toHaveBeenCalled();
    expect(dispose).not.toHaveBeenCalled();
  });

  it('stops the server and the app on an uncaught exception, then exits 1', async () => {
    const target = new EventEmitter();
    const order: string[] = [];
    const exited = new Promise<number>((resolve) => {
      installCrashPolicy({
        log: recordingLog().log,
        running: {
          server: { close: async () => void order.push('server') },
          app: { dispose: async () => void order.push('app') },
        },
        target: target as never,
        exit: resolve,
      });
    });
    target.emit('uncaughtException', new Error('state unknown'));
    expect(await exited).toBe(1);
    expect(order).toEqual(['server', 'app']);
  });

  it('exits after the deadline when disposing hangs', async () => {
    const target = new EventEmitter();
    const started = Date.now();
    const exited = new Promise<number>((resolve) => {
      installCrashPolicy({
        log: recordingLog().log,
        running: { app: { dispose: () => new Promise<void>(() => {}) } },
        target: target as never,
        exit: resolve,
        disposeTimeoutMs: 50,
      });
    });
    target.emit('uncaughtException', new Error('boom'));
    expect(await exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('removes exactly its own listeners', () => {
    const before = [process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')];
    const remove = installCrashPolicy({ log: recordingLog().log, running: {}, exit: () => {} });
    expect(process.listenerCount('unhandledRejection')).toBe(before[0]! + 1);
    remove();
    expect([process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')]).toEqual(before);
  });
});

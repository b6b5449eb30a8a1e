/**
 * Shutting down cleanly: the embedded demo runs an anvil child process and proxies on local ports, and Electron
 * quits without waiting for promises. So the first quit request is held back until the app is disposed.
 */
import type { Logger } from '../log';

/** The part of Electron's `app` this needs (structural, so tests pass a plain emitter). */
export interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  exit(exitCode?: number): void;
}

/** Long enough for anvil to exit on SIGTERM; short enough that a stuck dispose does not leave a zombie window. */
export const DISPOSE_TIMEOUT_MS = 5_000;

/**
 * On the first `before-quit`, cancel the quit, dispose once, then exit. Later quit requests while disposing are
 * swallowed, so Cmd+Q pressed twice cannot cut the disposal short.
 */
export function disposeBeforeQuit(
  app: QuittingApp,
  dispose: () => Promise<void>,
  log?: Logger,
  timeoutMs = DISPOSE_TIMEOUT_MS,
): void {
  let disposing = false;
  app.on('before-quit', (event) => {
    event.preventDefault();
    if (disposing) return;
    disposing = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log?.warn('dispose did not finish in time; exiting anyway', { timeoutMs });
        resolve();
      }, timeoutMs);
    });
    Promise.race([dispose().catch((error: unknown) => log?.error('dispose failed', { error })), timeout])
      .finally(() => {
        clearTimeout(timer);
        // exit(), not quit(): quit() would emit before-quit again. Keeps a failed start-up's exit code.
        app.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      });
  });
}

/**
 * The headless process' last-resort error policy.
 *
 * - An unhandled rejection is logged and the process keeps serving. Code is expected to handle its own rejections;
 *   one that slips through is one operation's bug, and the rest of the app (other tabs, the refresh loop) is intact.
 *   Node's default (throw, i.e. exit) would take everything down for it.
 * - An uncaught exception is logged and the process exits with status 1: after an arbitrary synchronous throw the
 *   state is unknown, so continuing is not safe. Before exiting it tries to stop the server and the app (which
 *   stops anvil and its proxies, so no orphaned children stay behind), bounded by a short deadline.
 */
import type { Logger } from '../log';

export interface Running {
  app?: { dispose(): Promise<void> };
  server?: { close(): Promise<void> };
}

export interface CrashPolicyOptions {
  log: Logger;
  /** Filled in by the caller as things start, so a crash at any point stops what exists. */
  running: Running;
  /** How long a crash waits for the server and app to stop before exiting anyway. */
  disposeTimeoutMs?: number;
  /** For tests: the emitter to listen on and the exit to call. */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
  exit?: (code: number) => void;
}

export const CRASH_DISPOSE_MS = 3_000;

/** Installs both listeners; returns a function removing them. */
export function installCrashPolicy(options: CrashPolicyOptions): () => void {
  const { log, running } = options;
  const target = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.disposeTimeoutMs ?? CRASH_DISPOSE_MS;

  const onRejection = (reason: unknown) => {
    log.error('unhandled rejection (kept running)', describe(reason));
  };
  let crashing = false;
  const onException = (error: unknown) => {
    if (crashing) {
      log.error('uncaught exception while stopping', describe(error));
      return;
    }
    crashing = true;
    log.error('uncaught exception: stopping', describe(error));
    const stopAll = async () => {
      await running.server?.close().catch(() => {});
      await running.app?.dispose();
    };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    void Promise.race([stopAll(), deadline])
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        exit(1);
      });
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}

function describe(value: unknown): Record<string, unknown> {
  return value instanceof Error ? { error: value, stack: value.stack } : { error: String(value) };
}

/**
 * One anvil process: spawned from the platform package's binary (never through npx, whose wrapper process would be
 * the one we kill while anvil lives on), on 127.0.0.1 with a port the OS picks, stopped with its owner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { SteadfastError } from '../../shared/errors';
import { DEMO_MNEMONIC, DEV_ACCOUNT_COUNT } from './accounts';

export interface AnvilOptions {
  chainId: number;
  /** Genesis block timestamp (seconds), so seeded history can lie in the past. */
  genesisTimestamp: number;
}

export interface AnvilProcess {
  url: string;
  pid: number;
  /** Kills anvil and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 15_000;
const LISTENING = /Listening on (127\.0\.0\.1:\d+)/;

/** Children to kill if this process exits without stopping them (uncaught error, process.exit). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** Path of the anvil binary from `@foundry-rs/anvil-<os>-<cpu>`, the optional dependency npm picked for this host. */
export function anvilBinary(): string {
  const os = process.platform === 'linux' || process.platform === 'darwin' ? process.platform : undefined;
  const cpu = process.arch === 'x64' ? 'amd64' : process.arch === 'arm64' ? 'arm64' : undefined;
  if (os === undefined || cpu === undefined) {
    throw new SteadfastError({ code: 'NOT_AVAILABLE', message: `no anvil build for ${process.platform}/${process.arch}`, retryable: false });
  }
  const name = `@foundry-rs/anvil-${os}-${cpu}`;
  try {
    const binary = join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'bin', 'anvil');
    // In a packaged app the module resolves inside app.asar, which spawn cannot execute from; electron-builder
    // unpacks @foundry-rs next to it (electron-builder.yml asarUnpack).
    return binary.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
  } catch (cause) {
    throw new SteadfastError({ code: 'NOT_AVAILABLE', message: `${name} is not installed (it comes with @foundry-rs/anvil)`, retryable: false }, { cause });
  }
}

/** Starts anvil and resolves when it answers eth_chainId with the requested chain id. */
export async function startAnvil(options: AnvilOptions): Promise<AnvilProcess> {
  const args = [
    '--host', '127.0.0.1',
    // Port 0: the OS picks a free port and anvil prints it, so there is no window in which another process takes it.
    '--port', '0',
    '--chain-id', String(options.chainId),
    '--mnemonic', DEMO_MNEMONIC,
    '--accounts', String(DEV_ACCOUNT_COUNT),
    '--timestamp', String(options.genesisTimestamp),
    '--no-cors',
    '--color', 'never',
  ];
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit').catch(() => undefined);
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    process.once('exit', killAllOnExit);
    exitHookInstalled = true;
  }
  // The 'exit' hook does not run when this process is killed by a signal; the watchdog covers that.
  const watchdog = startWatchdog(child.pid);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      watchdog?.kill('SIGKILL');
      // No pid means the spawn itself failed: there is nothing to kill and no 'exit' will come.
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
    })();
    return stopping;
  };

  try {
    const address = await waitForListening(child);
    const url = `http://${address}`;
    await waitForChainId(url, options.chainId);
    if (child.pid === undefined) throw new Error('anvil has no pid');
    return { url, pid: child.pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Reads anvil's banner up to the "Listening on" line; afterwards its log output is drained and dropped. */
async function waitForListening(child: ChildProcess): Promise<string> {
  const stdout = child.stdout;
  const stderr = child.stderr;
  if (stdout === null || stderr === null) throw new Error('anvil has no output pipes');
  let banner = '';
  let errors = '';
  stderr.setEncoding('utf8');
  stderr.on('data', (chunk: string) => {
    errors = (errors + chunk).slice(-4_000);
  });
  stdout.setEncoding('utf8');
  return new Promise<string>((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      reject(new SteadfastError({ code: 'NOT_AVAILABLE', message: `anvil did not start: ${reason}`, retryable: true, details: { stderr: errors } }));
    };
    const timer = setTimeout(() => fail(`no "Listening on" within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`exited with ${signal ?? code}`));
    stdout.on('data', (chunk: string) => {
      banner += chunk;
      const match = LISTENING.exec(banner);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      banner = '';
      // Keep draining: a full pipe would block anvil on its next log line.
      stdout.removeAllListeners('data');
      stdout.resume();
      resolve(match[1]);
    });
  });
}

async function waitForChainId(url: string, chainId: number): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let answer: unknown;
  for (;;) {
    try {
      answer = await rpc(url, 'eth_chainId', []);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  if (typeof answer !== 'string' || Number(answer) !== chainId) {
    throw new Error(`anvil answered chain id ${String(answer)}, expected ${chainId}`);
  }
  // Per-request logging only costs anvil time and fills a pipe nobody reads.
  await rpc(url, 'anvil_setLoggingEnabled', [false]);
}

export async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/**
 * A tiny shell that waits for its stdin to close, which happens when this process dies however it dies (even
 * SIGKILL), and then kills anvil. POSIX sh exists on every platform anvil is resolved for (linux, darwin).
 */
function startWatchdog(pid: number | undefined): ChildProcess | undefined {
  if (pid === undefined) return undefined;
  const watchdog = spawn('/bin/sh', ['-c', 'read _; kill -9 "$1" 2>/dev/null', 'steadfast-anvil-watchdog', String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => undefined);
  // Neither the watchdog nor its pipe may keep this process's event loop alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  live.add(watchdog);
  watchdog.once('exit', () => live.delete(watchdog));
  return watchdog;
}

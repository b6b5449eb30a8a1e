/**
 * Starts the built headless server (out/main/headless.js) on a free port with a throw-away data folder, the way a
 * user would with `npm start`, and stops it (and with it anvil and the proxies) afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HeadlessApp {
  /** The URL to open, token included. */
  url: string;
  token: string;
  origin: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

const ENTRY = join(import.meta.dirname, '../../../out/main/headless.js');

export async function startHeadlessApp(): Promise<HeadlessApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'steadfast-e2e-'));
  const child = spawn(process.execPath, [ENTRY, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await waitForUrl(child, () => output);
  const parsed = new URL(url);
  return {
    url,
    token: parsed.searchParams.get('token') ?? '',
    origin: parsed.origin,
    dataDir,
    output: () => output,
    async stop() {
      await stopProcess(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`headless app did not print its URL in 60 s:\n${output()}`)), 60_000);
    const poll = setInterval(() => {
      const match = /Open: (http:\/\/\S+)/.exec(output());
      if (match?.[1]) {
        cleanup();
        resolve(match[1]);
      }
    }, 50);
    const onExit = (code: number | null) => fail(new Error(`headless app exited (${code}) before it was ready:\n${output()}`));
    child.once('exit', onExit);
    function cleanup() {
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onExit);
    }
    function fail(error: Error) {
      cleanup();
      child.kill('SIGKILL');
      reject(error);
    }
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

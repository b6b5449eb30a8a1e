/**
 * Headless entry (plain Node, no Electron): the same composition root as the desktop app, served to a browser.
 * Prints the URL to open, with its token. Stops everything it started on SIGINT/SIGTERM.
 *
 * Process-level error policy (`headless/crash-policy.ts`): an unhandled rejection is logged and the server keeps going,
 * since it is one operation's bug and the rest of the app is intact; an uncaught exception is logged and the process
 * exits after a bounded attempt to stop anvil and the server, because the state after an arbitrary throw is unknown.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSteadfast } from './app';
import { parseHeadlessArgs, USAGE, UsageError } from './headless/args';
import { installCrashPolicy, type Running } from './headless/crash-policy';
import { startHeadlessServer } from './headless/server';
import { createLogger } from './log';
import { openConfBackend } from './settings/conf-backend';

async function main(): Promise<void> {
  let args;
  try {
    args = parseHeadlessArgs(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message ? `${message}\n\n` : ''}${USAGE}\n`);
    process.exit(error instanceof UsageError && !message ? 0 : 2);
  }
  const log = createLogger('headless');
  // Filled in as things start, so a crash at any point stops what exists.
  const running: Running = {};
  installCrashPolicy({ log, running });
  // A folder it creates is the user's alone (settings, history and secrets inside are private too).
  mkdirSync(args.dataDir, { recursive: true, mode: 0o700 });
  const app = await createSteadfast({
    mode: 'headless',
    version: packageVersion(),
    settings: openConfBackend(args.dataDir, log),
    dataDir: args.dataDir,
    log,
  });
  running.app = app;
  const server = await startHeadlessServer({
    app,
    rendererDir: join(import.meta.dirname, '../renderer'),
    host: args.host,
    port: args.port,
    token: args.token ?? randomBytes(24).toString('base64url'),
    log,
  }).catch(async (error: unknown) => {
    await app.dispose();
    throw error;
  });
  running.server = server;
  if (!isLoopback(args.host)) {
    log.warn('listening beyond loopback: anyone with the token on this network can read the portfolio', { host: args.host });
  }
  process.stdout.write(`Steadfast is running (${app.info().demo ? 'embedded local chain' : 'your providers'}).\n`);
  process.stdout.write(`Open: ${server.url}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    await server.close();
    await app.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  if (process.env.STEADFAST_STOP_WITH_PARENT === '1') stopWithParent(() => void stop('parent exited'));
}

/**
 * `npm start` runs this process under npm and a shell. A process manager or an IDE's stop button signals npm alone,
 * and neither npm nor the shell passes the signal on: npm exits and this process, with both anvils, would run on,
 * holding the port. So, started that way (scripts/steadfast.sh sets the variable), it stops when its parent is gone.
 */
function stopWithParent(stop: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop();
  }, PARENT_CHECK_MS);
  timer.unref();
}

const PARENT_CHECK_MS = 1_000;

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

main().catch((error: unknown) => {
  const inUse = (error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
  const hint = inUse ? '\nAnother Steadfast (or another program) is using that port: stop it, or pass --port 0 for a free one.' : '';
  process.stderr.write(`Steadfast could not start: ${error instanceof Error ? error.message : String(error)}${hint}\n`);
  process.exit(1);
});

/**
 * Command line of the headless mode. Each instance takes its own data folder so several can run side by side.
 */
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface HeadlessArgs {
  dataDir: string;
  host: string;
  port: number;
  token: string | null;
}

export const USAGE = `Usage: steadfast-headless [--data-dir DIR] [--port N] [--host 127.0.0.1] [--token T]

  --data-dir DIR  settings and caches (default: $XDG_DATA_HOME/steadfast, else ~/.local/share/steadfast)
  --port N        HTTP port on the host; 0 picks a free one (default 4780)
  --host ADDR     IP address to bind (default 127.0.0.1; anything but loopback exposes your portfolio to the network)
  --token T       the access token (default: a new random one each start)`;

export function parseHeadlessArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): HeadlessArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  const port = Number(values.port ?? '4780');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${values.port}`);
  if (values.token !== undefined && values.token.length < 16) throw new UsageError('--token must be at least 16 characters');
  // An address, not a name: a name would be looked up (traffic beyond this machine) and could change under us.
  const host = values.host ?? '127.0.0.1';
  if (host !== 'localhost' && isIP(host) === 0) throw new UsageError(`--host must be an IP address or localhost, got ${host}`);
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return {
    dataDir: resolve(values['data-dir'] ?? join(dataHome, 'steadfast')),
    host,
    port,
    token: values.token ?? null,
  };
}

export class UsageError extends Error {}

/**
 * A tiny structured logger: one JSON line per entry on stderr. Callers pass facts, never provider URLs (they may
 * hold API keys); the engine masks URLs before anything reaches here.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(scope: string, write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const entry = (level: string) => (message: string, fields: Record<string, unknown> = {}) => {
    const safe: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      safe[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
    }
    write(`${JSON.stringify({ time: new Date().toISOString(), level, scope, message, ...safe }, bigintSafe)}\n`);
  };
  return { info: entry('info'), warn: entry('warn'), error: entry('error') };
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** For tests and quiet modes. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * The transport-neutral router: one place that turns an untrusted (channel, wire input) pair into an envelope.
 *
 * Every adapter (Electron ipcMain, the headless WebSocket bridge, the in-memory pair used by tests) calls `invoke`
 * and nothing else, so validation, error shaping and logging are identical whichever way a call arrives.
 */
import type { Envelope } from '../../shared/bridge';
import { isChannelName, type ChannelName } from '../../shared/channels';
import { contract, type ChannelOutput, type ParsedInput } from '../../shared/contract';
import { SteadfastError, toErrorData } from '../../shared/errors';
import { decode, encode, type Wire } from '../../shared/wire';
import type { Logger } from '../log';

export interface CallContext {
  transport: 'electron' | 'websocket' | 'memory';
}

export type Handler<C extends ChannelName> = (
  input: ParsedInput<C>,
  context: CallContext,
) => Promise<ChannelOutput<C>> | ChannelOutput<C>;

export type Handlers = { [C in ChannelName]: Handler<C> };

export interface Router {
  invoke(channel: unknown, input: Wire, context: CallContext): Promise<Envelope>;
}

export function createRouter(handlers: Handlers, log?: Logger): Router {
  return {
    async invoke(channel, input, context) {
      try {
        if (!isChannelName(channel)) {
          throw new SteadfastError({
            code: 'UNKNOWN_CHANNEL',
            message: `unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`,
            retryable: false,
          });
        }
        const parsed = parseInput(channel, input);
        const handler = handlers[channel] as Handler<typeof channel>;
        const output = await handler(parsed as never, context);
        return { ok: true, value: encode(output) };
      } catch (error) {
        const data = toErrorData(error);
        if (data.code === 'INTERNAL') log?.error('handler failed', { channel: String(channel), error });
        return { ok: false, error: data };
      }
    },
  };
}

function parseInput(channel: ChannelName, input: Wire): unknown {
  let value: unknown;
  try {
    value = decode(input);
  } catch (error) {
    throw invalid(`malformed input for ${channel}: ${(error as Error).message}`, {});
  }
  // `{}` stands for "no input" so that callers may omit it.
  const result = contract[channel].input.safeParse(value ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
    const first = issues[0];
    const summary = first ? `${first.path || 'input'}: ${first.message}` : 'does not match the schema';
    throw invalid(`invalid input for ${channel}: ${summary}`, { issues });
  }
  return result.data;
}

function invalid(message: string, details: Record<string, unknown>): SteadfastError {
  return new SteadfastError({ code: 'INVALID_INPUT', message, retryable: false, details });
}

/**
 * Placeholder handlers for channels whose feature is being built (issue 4). They answer NOT_AVAILABLE, honestly,
 * rather than pretend; each feature's own handlers replace them. This file disappears when the last one lands.
 */
import type { ChannelName } from '../shared/channels';
import { SteadfastError } from '../shared/errors';
import type { Handlers } from './ipc/router';

export function notBuilt<C extends ChannelName>(...channels: C[]): Pick<Handlers, C> {
  const handlers = {} as Record<C, () => never>;
  for (const channel of channels) {
    handlers[channel] = () => {
      throw new SteadfastError({ code: 'NOT_AVAILABLE', message: `${channel} is not available yet`, retryable: false });
    };
  }
  return handlers as unknown as Pick<Handlers, C>;
}

/** Fault injection channels: only the embedded demo chain has proxies to break. */
import { SteadfastError } from '../../shared/errors';
import type { AppContext } from '../app-context';
import type { Handlers } from '../ipc/router';

export function demoHandlers(ctx: AppContext): Pick<Handlers, 'demo.status' | 'demo.setFault'> {
  return {
    'demo.status': () => ctx.demo?.status() ?? { running: false, providers: [] },
    'demo.setFault': ({ provider, fault }) => {
      const demo = ctx.demo;
      if (!demo) {
        throw new SteadfastError({
          code: 'NOT_AVAILABLE',
          message: 'fault injection exists only on the embedded demo chain',
          retryable: false,
        });
      }
      demo.setFault(provider, fault);
      ctx.log?.info('fault injected', { provider, fault: fault.kind });
      return demo.status();
    },
  };
}

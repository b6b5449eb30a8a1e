/** The history channels and its CSV export, over one HistoryService per app. */
import type { AppContext } from '../../app-context';
import type { Handlers } from '../../ipc/router';
import { historyCsv } from '../export/history-csv';
import { HistoryService } from './history-service';

export function historyHandlers(ctx: AppContext): Pick<Handlers, 'history.page' | 'history.refresh' | 'export.history'> {
  const service = new HistoryService(ctx);
  return {
    'history.page': ({ address, chainId, offset, limit }) => service.page(address, chainId, offset, limit),
    'history.refresh': ({ address, chainId }) => service.refresh(address, chainId),
    'export.history': async ({ address, chainId }) => {
      const { page, chain } = await service.all(address, chainId);
      return historyCsv(page.rows, { chainId, address: page.address, nativeDecimals: chain.nativeDecimals, now: Date.now() });
    },
  };
}

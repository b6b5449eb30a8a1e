/**
 * Wiring of analytics, alerts and the holdings export into the app: their channels, and their subscription to the
 * pushed portfolio snapshots (ended by the app's dispose).
 */
import type { PortfolioSnapshot } from '../../../shared/domain';
import { decode } from '../../../shared/wire';
import type { AppContext } from '../../app-context';
import type { Handlers } from '../../ipc/router';
import { AlertsService } from '../alerts/alerts-service';
import { holdingsCsv } from '../export/holdings-csv';
import { AnalyticsService } from './analytics-service';

export function analyticsFeature(ctx: AppContext): {
  analytics: Pick<Handlers, 'analytics.get' | 'export.holdings'>;
  alerts: Pick<Handlers, 'alerts.list' | 'alerts.add' | 'alerts.remove'>;
  service: AnalyticsService;
} {
  const service = new AnalyticsService(ctx);
  const alerts = new AlertsService(ctx);
  const chainName = (chainId: number): string =>
    ctx.runtime().chains.find((c) => c.chainId === chainId)?.name ?? `Chain ${chainId}`;

  ctx.onDispose(
    ctx.events.subscribe((event, payload) => {
      if (event !== 'portfolio.updated') return;
      // The bus carries wire data; the pushed snapshot (not portfolio.get(), which would report `refreshing` for
      // the last push of a refresh) is what tells a complete reading from a partial one.
      const snapshot = decode(payload) as PortfolioSnapshot;
      try {
        // Health may switch these off (the feature gate): no snapshots recorded, alerts neither fire nor re-arm
        // (they stay as they are and resume with health).
        if (ctx.features.mode('analytics') !== 'disabled') service.observe(snapshot);
        if (ctx.features.mode('alerts') !== 'disabled') alerts.observe(snapshot);
      } catch (error) {
        ctx.log?.error('analytics/alerts could not process a snapshot', { error });
      }
    }),
  );
  ctx.onDispose(() => service.dispose());

  return {
    service,
    analytics: {
      // Served while analytics is paused too: reading what SQLite holds costs no provider anything, and the view says
      // that nothing new is recorded meanwhile (the feature's state, pushed beside it).
      'analytics.get': ({ range }) => service.get(range),
      'export.holdings': () => holdingsCsv(ctx.runtime().portfolio.get(), chainName, Date.now()),
    },
    alerts: alerts.handlers(),
  };
}

/**
 * Channel and event names of the main ⇄ renderer contract.
 *
 * Kept free of zod and of any runtime dependency so that the sandboxed preload can bundle it for its allowlist
 * without pulling the schemas in. `contract.ts` checks at compile time that every name here has a schema there.
 */
export const CHANNELS = [
  'app.info',
  'portfolio.get',
  'portfolio.refresh',
  'providers.list',
  'features.list',
  'settings.get',
  'addresses.add',
  'addresses.remove',
  'demo.status',
  'demo.setFault',
  'chains.catalog',
  'chains.list',
  'chains.setEnabled',
  'providers.test',
  'providers.save',
  'indexer.save',
  'tokens.list',
  'tokens.add',
  'tokens.setHidden',
  'tokens.discover',
  'prices.settings',
  'prices.save',
  'history.page',
  'history.refresh',
  'analytics.get',
  'alerts.list',
  'alerts.add',
  'alerts.remove',
  'export.holdings',
  'export.history',
  'health.get',
  'operator.snapshot',
  'providers.setEnabled',
  'providers.probe',
  'budgets.reportRender',
] as const;

export type ChannelName = (typeof CHANNELS)[number];

export const EVENTS = [
  'portfolio.updated',
  'providers.updated',
  'features.updated',
  'refresh.progress',
  'chains.updated',
  'tokens.updated',
  'alerts.fired',
  'health.updated',
  'operator.updated',
  'budgets.breached',
] as const;

export type EventName = (typeof EVENTS)[number];

const channelSet: ReadonlySet<string> = new Set(CHANNELS);
const eventSet: ReadonlySet<string> = new Set(EVENTS);

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && channelSet.has(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && eventSet.has(value);
}

/** The single Electron IPC channel that carries every invoke, and the one that carries every pushed event. */
export const IPC_INVOKE = 'steadfast:invoke';
export const IPC_EVENT = 'steadfast:event';

/**
 * Page object for the Steadfast renderer: tests speak of totals, holdings, providers and faults, never of selectors.
 * The data-testid names are the renderer's stable contract with these tests.
 */
import type { Locator, Page } from '@playwright/test';
import type { HeadlessApp } from './headless-app';

const DEMO_PROVIDERS = ['primary', 'secondary', 'public'] as const;
/** The embedded demo's first chain (see src/main/demo). */
export const LOCAL_CHAIN = 31337;
export type DemoProviderName = (typeof DEMO_PROVIDERS)[number];
export type FaultButton = 'none' | 'refuse' | 'hang' | 'delay' | 'http429' | 'http503' | 'html';

export class SteadfastPage {
  constructor(
    readonly page: Page,
    readonly app: HeadlessApp,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(this.app.url);
  }

  get total(): Locator {
    return this.page.getByTestId('portfolio-total');
  }

  addressCard(address: string): Locator {
    return this.page.locator(`[data-testid="address-card"][data-address="${address}"]`);
  }

  holding(address: string, symbol: string): Locator {
    return this.addressCard(address).locator(`[data-testid="holding-row"][data-symbol="${symbol}"]`);
  }

  holdingAmount(address: string, symbol: string): Locator {
    return this.holding(address, symbol).getByTestId('holding-amount');
  }

  holdingFreshness(address: string, symbol: string): Locator {
    return this.holding(address, symbol).getByTestId('holding-freshness');
  }

  /** `via primary`, `via secondary`... or `via cache` when stale. */
  holdingSource(address: string, symbol: string): Locator {
    return this.holding(address, symbol).getByTestId('holding-source');
  }

  /** A provider's card; the demo runs the same provider names on each of its chains, so say which chain. */
  provider(name: string, chainId = LOCAL_CHAIN): Locator {
    return this.providerOn(chainId, name);
  }

  breakerState(name: string, chainId = LOCAL_CHAIN): Locator {
    return this.provider(name, chainId).getByTestId('breaker-state');
  }

  faultState(name: string): Locator {
    return this.page.locator(`[data-testid="fault-state"][data-provider="${name}"]`);
  }

  feature(name: string): Locator {
    return this.page.locator(`[data-testid="feature-row"][data-feature="${name}"]`);
  }

  /**
   * Injects a fault through the demo's fault controls, as an operator would. One control per provider name: main
   * applies a fault set by name to that provider on every demo chain.
   */
  async injectFault(provider: DemoProviderName, fault: FaultButton): Promise<void> {
    await this.page.getByTestId(`fault-${provider}-${fault}`).click();
  }

  /** Puts every demo provider back to normal if the page is still open (teardown of each test). */
  async clearFaults(): Promise<void> {
    if (this.page.isClosed() || !(await this.page.getByTestId('fault-controls').isVisible().catch(() => false))) return;
    for (const provider of DEMO_PROVIDERS) await this.injectFault(provider, 'none');
  }

  /** Opens the Settings tab. */
  async openSettings(): Promise<void> {
    await this.page.getByTestId('tab-settings').click();
  }

  /** A chain's card on the Settings tab (`builtIn` tells the demo chain from a configured one with the same id). */
  settingsChain(chainId: number, builtIn = false): Locator {
    return this.page.locator(`[data-testid="settings-chain"][data-chain-id="${chainId}"][data-built-in="${builtIn}"]`);
  }

  /** Provider rows of a chain's card, in order. */
  providerRows(chain: Locator): Locator {
    return chain.getByTestId('provider-row');
  }

  /** A built-in (read-only) provider's masked URL as shown. */
  async builtInProviderUrl(chainId: number, name: string): Promise<string> {
    const url = this.settingsChain(chainId, true).locator(`[data-testid="provider-row"][data-provider="${name}"]`).getByTestId('provider-url');
    return ((await url.textContent()) ?? '').trim();
  }

  /** Adds a provider row to a configured chain and fills it in. Returns the new row. */
  async addProvider(chain: Locator, fields: { name: string; url: string; rank?: number; weight?: number; wsUrl?: string }): Promise<Locator> {
    await chain.getByTestId('provider-add').click();
    const row = this.providerRows(chain).last();
    await row.getByTestId('provider-name').fill(fields.name);
    await row.getByTestId('provider-url').fill(fields.url);
    if (fields.rank !== undefined) await row.getByTestId('provider-rank').fill(String(fields.rank));
    if (fields.weight !== undefined) await row.getByTestId('provider-weight').fill(String(fields.weight));
    if (fields.wsUrl !== undefined) await row.getByTestId('provider-ws').fill(fields.wsUrl);
    return row;
  }

  /** Opens the History tab and picks an address (and chain, when given) in its selectors. */
  async openHistory(address: string, chainId?: number): Promise<void> {
    await this.page.getByTestId('tab-history').click();
    await this.page.getByTestId('history-address').selectOption(address);
    if (chainId !== undefined) await this.page.getByTestId('history-chain').selectOption(String(chainId));
  }

  get historyRows(): Locator {
    return this.page.getByTestId('history-row');
  }

  historyRow(hash: string): Locator {
    return this.page.locator(`[data-testid="history-row"][data-hash="${hash}"]`);
  }

  /** `71 entries`: the row count main reports for the whole history. */
  get historyTotal(): Locator {
    return this.page.getByTestId('history-total');
  }

  get historySource(): Locator {
    return this.page.getByTestId('history-source');
  }

  /** Scrolls the virtual list to its end, as a user dragging the scrollbar down would. */
  async scrollHistoryToEnd(): Promise<void> {
    await this.page.getByTestId('history-scroller').evaluate((element) => {
      element.scrollTop = element.scrollHeight;
      element.dispatchEvent(new Event('scroll'));
    });
  }

  /** Switches to a tab of the top bar (`overview`, `analytics`, `alerts`...). */
  async openTab(id: string): Promise<void> {
    await this.page.getByTestId(`tab-${id}`).click();
  }

  /** Clicks "Export holdings CSV" and returns the downloaded file's name and text. */
  async exportHoldings(): Promise<{ filename: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('export-holdings').click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { filename: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  /** An asset's row in the analytics allocation, by `chainId:address|native`. */
  allocationAsset(key: string): Locator {
    return this.page.locator(`[data-testid="allocation-asset"][data-key="${key}"]`);
  }

  /** Adds a price alert through the form; `asset` is `chainId:address|native`, `threshold` a USD decimal string. */
  async addAlert(asset: string, direction: 'above' | 'below', threshold: string): Promise<void> {
    await this.page.getByTestId('alert-asset').selectOption(asset);
    await this.page.getByTestId('alert-direction').selectOption(direction);
    await this.page.getByTestId('alert-threshold').fill(threshold);
    await this.page.getByTestId('alert-add').click();
  }

  get alertRows(): Locator {
    return this.page.getByTestId('alert-row');
  }

  get alertToasts(): Locator {
    return this.page.getByTestId('alert-toast');
  }

  // --- Operator view and app health (issue 5) ---------------------------------------------------------------

  /** The top bar's health badge: its text is the level, also in `data-level`. */
  get appHealth(): Locator {
    return this.page.getByTestId('app-health');
  }

  get appHealthReason(): Locator {
    return this.page.getByTestId('app-health-reason');
  }

  get operatorView(): Locator {
    return this.page.getByTestId('operator-view');
  }

  /** A provider's card on one chain (the demo runs the same provider names on every chain). */
  providerOn(chainId: number, name: string): Locator {
    return this.page.locator(`[data-testid="provider-card"][data-chain-id="${chainId}"][data-provider="${name}"]`);
  }

  /** A chain's merged incident timeline on the operator view (newest first). */
  chainIncidents(chainId: number): Locator {
    return this.page.locator(`[data-testid="incident-timeline"][data-scope="chain"][data-chain-id="${chainId}"]`);
  }

  /** Disables a provider from its card, confirming the question the card asks. */
  async disableProvider(chainId: number, name: string): Promise<void> {
    const card = this.providerOn(chainId, name);
    await card.getByTestId('provider-disable').click();
    await card.getByTestId('provider-disable-confirm').click();
  }

  async enableProvider(chainId: number, name: string): Promise<void> {
    await this.providerOn(chainId, name).getByTestId('provider-enable').click();
  }

  async probeProvider(chainId: number, name: string): Promise<Locator> {
    const card = this.providerOn(chainId, name);
    await card.getByTestId('provider-probe').click();
    return card.getByTestId('probe-result');
  }

  /** A feature's mode badge (`normal`, `degraded`, `disabled`) and its reason. */
  featureMode(name: string): Locator {
    return this.feature(name).getByTestId('feature-mode');
  }

  featureReason(name: string): Locator {
    return this.feature(name).getByTestId('feature-reason');
  }

  /** The block number a figure's freshness text names (`block #123 · 2 s ago`). */
  static blockOf(text: string): bigint {
    const match = /block #([\d,]+)/.exec(text);
    if (!match?.[1]) throw new Error(`no block number in ${JSON.stringify(text)}`);
    return BigInt(match[1].replaceAll(',', ''));
  }
}

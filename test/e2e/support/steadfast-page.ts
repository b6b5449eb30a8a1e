/**
 * Page object for the Steadfast renderer: tests speak of totals, holdings, providers and faults, never of selectors.
 * The data-testid names are the renderer's stable contract with these tests.
 */
import type { Locator, Page } from '@playwright/test';
import type { HeadlessApp } from './headless-app';

const DEMO_PROVIDERS = ['primary', 'secondary', 'public'] as const;
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

  provider(name: string): Locator {
    return this.page.locator(`[data-testid="provider-card"][data-provider="${name}"]`);
  }

  breakerState(name: string): Locator {
    return this.provider(name).getByTestId('breaker-state');
  }

  faultState(name: string): Locator {
    return this.page.locator(`[data-testid="fault-state"][data-provider="${name}"]`);
  }

  feature(name: string): Locator {
    return this.page.locator(`[data-testid="feature-row"][data-feature="${name}"]`);
  }

  /** Injects a fault through the demo's fault controls, as an operator would. */
  async injectFault(provider: DemoProviderName, fault: FaultButton): Promise<void> {
    await this.page.getByTestId(`fault-${provider}-${fault}`).click();
  }

  /** Puts every demo provider back to normal if the page is still open (teardown of each test). */
  async clearFaults(): Promise<void> {
    if (this.page.isClosed() || !(await this.page.getByTestId('fault-controls').isVisible().catch(() => false))) return;
    for (const provider of DEMO_PROVIDERS) await this.injectFault(provider, 'none');
  }

  /** The block number a figure's freshness text names (`block #123 · 2 s ago`). */
  static blockOf(text: string): bigint {
    const match = /block #([\d,]+)/.exec(text);
    if (!match?.[1]) throw new Error(`no block number in ${JSON.stringify(text)}`);
    return BigInt(match[1].replaceAll(',', ''));
  }
}

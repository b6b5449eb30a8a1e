/**
 * The walking skeleton end to end: the headless app on the embedded chain, the real renderer in Chromium.
 * Expected figures are the seed plan's literals (src/main/demo/seed-plan.ts).
 */
import { SteadfastPage } from './support/steadfast-page';
import { expect, test } from './support/fixtures';

const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const COLD_STORAGE = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

// Both demo chains, every token found: expected.overall.totalUsdWithDiscovery = $82,658.30096803 (seed-plan.ts), shown
// to the cent. Discovery runs in the background 15 s after start; the test asks for it at once, as a user can.
const TOTAL_WITH_DISCOVERED = '$82,658.30';

test('shows the seeded portfolio with exact amounts and its total', async ({ steadfast }) => {
  await steadfast.open();
  await steadfast.page.getByTestId('tokens-discover').click();
  await expect(steadfast.total).toHaveText(TOTAL_WITH_DISCOVERED);
  // GOV has no on-chain feed: priced by the price API ($12.50); NOPE has no price anywhere and says so.
  await expect(steadfast.holdingAmount(TREASURY, 'GOV')).toHaveText('200');
  await expect(steadfast.holding(TREASURY, 'GOV').getByTestId('holding-price-source')).toHaveText('price-api');
  await expect(steadfast.holding(TREASURY, 'NOPE').getByTestId('holding-value')).toHaveText('no price');
  await expect(steadfast.holdingAmount(TREASURY, 'ETH')).toHaveText('12.5');
  await expect(steadfast.holdingAmount(TREASURY, 'USDC')).toHaveText('2,500');
  await expect(steadfast.holdingAmount(COLD_STORAGE, 'ETH')).toHaveText('0.12345678901');
  await expect(steadfast.holdingAmount(COLD_STORAGE, 'WBTC')).toHaveText('0.00000001');
  await expect(steadfast.holdingAmount(COLD_STORAGE, 'USDC')).toHaveText('0.000001');
  await expect(steadfast.addressCard(TREASURY).getByTestId('address-total')).toHaveText('$70,700.00');
  await expect(steadfast.holdingSource(TREASURY, 'ETH')).toHaveText('via primary');
  await expect(steadfast.breakerState('primary')).toHaveText('closed');
});

test('fails over when the primary refuses connections, and recovers', async ({ steadfast }) => {
  await steadfast.open();
  await steadfast.page.getByTestId('tokens-discover').click();
  await expect(steadfast.total).toHaveText(TOTAL_WITH_DISCOVERED);
  const before = SteadfastPage.blockOf((await steadfast.holdingFreshness(TREASURY, 'ETH').textContent()) ?? '');

  await steadfast.injectFault('primary', 'refuse');
  await expect(steadfast.faultState('primary')).toHaveText('refuse');
  // Three consecutive refusals open the breaker; refreshes run every 2 s.
  await expect(steadfast.breakerState('primary')).toHaveText('open', { timeout: 15_000 });
  await expect(steadfast.provider('primary').getByTestId('provider-error')).toHaveAttribute('data-code', 'PROVIDER_ERROR');

  // Fresh values keep arriving through the secondary: newer blocks, not stale, same total.
  await expect(steadfast.holdingSource(TREASURY, 'ETH')).toHaveText('via secondary', { timeout: 15_000 });
  await expect
    .poll(async () => SteadfastPage.blockOf((await steadfast.holdingFreshness(TREASURY, 'ETH').textContent()) ?? ''), {
      timeout: 15_000,
    })
    .toBeGreaterThan(before);
  await expect(steadfast.holding(TREASURY, 'ETH').getByTestId('stale-badge')).toHaveCount(0);
  await expect(steadfast.total).toHaveText(TOTAL_WITH_DISCOVERED);
  await expect(steadfast.breakerState('secondary')).toHaveText('closed');

  await steadfast.injectFault('primary', 'none');
  // After the half-open delay one probe succeeds and the breaker closes again, without a restart.
  await expect(steadfast.breakerState('primary')).toHaveText('closed', { timeout: 20_000 });
  await expect(steadfast.holdingSource(TREASURY, 'ETH')).toHaveText('via primary', { timeout: 15_000 });
});

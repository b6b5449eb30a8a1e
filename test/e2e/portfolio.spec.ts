/**
 * The walking skeleton end to end: the headless app on the embedded chain, the real renderer in Chromium.
 * Expected figures are the seed plan's literals (src/main/demo/seed-plan.ts).
 */
import { SteadfastPage } from './support/steadfast-page';
import { expect, test } from './support/fixtures';

const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const COLD_STORAGE = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

test('shows the seeded portfolio with exact amounts and its total', async ({ steadfast }) => {
  await steadfast.open();
  // $67,813.29096803 seeded (see seed-plan.ts), shown to the cent.
  await expect(steadfast.total).toHaveText('$67,813.29');
  await expect(steadfast.holdingAmount(TREASURY, 'ETH')).toHaveText('12.5');
  await expect(steadfast.holdingAmount(TREASURY, 'USDC')).toHaveText('2,500');
  await expect(steadfast.holdingAmount(COLD_STORAGE, 'ETH')).toHaveText('0.12345678901');
  await expect(steadfast.holdingAmount(COLD_STORAGE, 'WBTC')).toHaveText('0.00000001');
  await expect(steadfast.holdingAmount(COLD_STORAGE, 'USDC')).toHaveText('0.000001');
  await expect(steadfast.addressCard(TREASURY).getByTestId('address-total')).toHaveText('$56,000.00');
  await expect(steadfast.holdingSource(TREASURY, 'ETH')).toHaveText('via primary');
  await expect(steadfast.breakerState('primary')).toHaveText('closed');
});

test('fails over when the primary refuses connections, and recovers', async ({ steadfast }) => {
  await steadfast.open();
  await expect(steadfast.total).toHaveText('$67,813.29');
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
  await expect(steadfast.total).toHaveText('$67,813.29');
  await expect(steadfast.breakerState('secondary')).toHaveText('closed');

  await steadfast.injectFault('primary', 'none');
  // After the half-open delay one probe succeeds and the breaker closes again, without a restart.
  await expect(steadfast.breakerState('primary')).toHaveText('closed', { timeout: 20_000 });
  await expect(steadfast.holdingSource(TREASURY, 'ETH')).toHaveText('via primary', { timeout: 15_000 });
});

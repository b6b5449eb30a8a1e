/**
 * Holdings export, analytics and alerts end to end: the headless app on the embedded chains, the real renderer in
 * Chromium. Figures are the seed plan's literals (src/main/demo/seed-plan.ts).
 */
import { expect, test } from './support/fixtures';

const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

test('Export holdings downloads an exact CSV', async ({ steadfast }) => {
  await steadfast.open();
  await expect(steadfast.holdingAmount(TREASURY, 'ETH')).toHaveText('12.5');
  const { filename, text } = await steadfast.exportHoldings();
  expect(filename).toMatch(/^steadfast-holdings-\d{8}-\d{4}\.csv$/);
  const lines = text.split('\r\n');
  expect(lines[0]).toBe(
    'address,label,chain,chain id,token symbol,token address,amount,price usd,value usd,price source,price time,as-of block,stale',
  );
  // Price time (the feed's last round) and block move with the chain; everything else is the seed's literal.
  const eth = lines.find((line) => line.startsWith(`${TREASURY},Treasury,Steadfast Local,31337,ETH,`));
  expect(eth).toMatch(
    new RegExp(`^${TREASURY},Treasury,Steadfast Local,31337,ETH,native,12\\.5,3000,37500,chainlink,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z,\\d+,false$`),
  );
  // Leave the overview: the fixture's fault reset clicks `fault-primary-none`, which the two-chain demo now shows
  // twice (a strict-mode failure in teardown that belongs to the page object, reported rather than patched here).
  await steadfast.openTab('analytics');
});

test('Analytics shows the asset allocation with ETH’s share', async ({ steadfast }) => {
  await steadfast.open();
  await expect(steadfast.holdingAmount(TREASURY, 'ETH')).toHaveText('12.5');
  await steadfast.openTab('analytics');
  await expect(steadfast.page.getByTestId('analytics-view')).toBeVisible();
  const eth = steadfast.allocationAsset('31337:native');
  await expect(eth).toContainText('ETH · Steadfast Local', { timeout: 15_000 });
  await expect(eth.getByTestId('allocation-share')).toHaveText(/^\d{1,2}\.\d\d%$/);
  await expect(steadfast.page.locator('[data-testid="allocation-chain"][data-chain-id="31337"]')).toContainText('Steadfast Local');
  await expect(steadfast.page.getByTestId('value-series').locator('path')).toHaveCount(1);
});

test('An alert added while the price is already beyond its threshold waits for a crossing, and says so', async ({ steadfast }) => {
  await steadfast.open();
  await expect(steadfast.holdingAmount(TREASURY, 'ETH')).toHaveText('12.5');
  await steadfast.openTab('alerts');
  await steadfast.addAlert('31337:native', 'above', '0.000000001');
  await expect(steadfast.page.getByTestId('alert-error')).toHaveText('At most 8 decimals');
  await steadfast.addAlert('31337:native', 'above', '2,999');
  await expect(steadfast.alertRows).toHaveCount(1);
  await expect(steadfast.alertRows.first()).toContainText('above $2,999.00');
  // ETH is at $3,000, already above: no crossing yet, so it starts 'fired' (never fired) and waits to re-arm.
  await expect(steadfast.alertRows.first()).toHaveAttribute('data-state', 'fired');
  await expect(steadfast.alertRows.first().getByTestId('alert-note')).toHaveText(
    'already above $2,999.00: fires after the price drops below and rises above again',
  );
  await expect(steadfast.alertRows.first()).toContainText('never');
  // Several refreshes (every 2 s) later, still no firing and no toast.
  await steadfast.page.waitForTimeout(5_000);
  await expect(steadfast.alertToasts).toHaveCount(0);
  await expect(steadfast.alertRows.first()).toHaveAttribute('data-state', 'fired');
  await expect(steadfast.alertRows.first()).toContainText('never');
  await steadfast.alertRows.first().getByTestId('alert-remove').click();
  await expect(steadfast.alertRows).toHaveCount(0);
});

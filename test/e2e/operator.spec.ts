/**
 * Issue 5 end to end: the app health badge, the operator view and the provider actions, against the real headless
 * app on the embedded demo chains (each with the proxies `primary`, `secondary`, `public`).
 *
 * Main's rules (src/main/health/aggregate.ts, feature-gate.ts): a chain is DEGRADED when any of its providers is not
 * HEALTHY, so breaking the primary (secondary and public keep answering) makes every demo chain, and the app,
 * DEGRADED. At DEGRADED real-time prices stay normal (the others still serve live figures), while analytics and
 * alerts pause and say so; features come back only after health has held for the gate's hysteresis (10 s).
 */
import { expect, test } from './support/fixtures';

const CHAIN = 31337;
const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

test('a failing provider makes its card UNHEALTHY and the app DEGRADED honestly; recovery brings it back to HEALTHY', async ({ steadfast }) => {
  test.setTimeout(120_000);
  await steadfast.open();
  await expect(steadfast.appHealth).toHaveText('HEALTHY', { timeout: 20_000 });
  await expect(steadfast.appHealth).toHaveAttribute('data-level', 'HEALTHY');

  await steadfast.openTab('operator');
  await expect(steadfast.operatorView).toBeVisible();
  await expect(steadfast.page.locator(`[data-testid="lane-gauge"][data-chain-id="${CHAIN}"][data-lane="critical"]`)).toBeVisible();
  await expect(steadfast.page.getByTestId('memory-gauge')).toHaveAttribute('data-pressure', /normal|elevated|critical/);

  // The fault controls live on the overview.
  await steadfast.openTab('overview');
  await steadfast.injectFault('primary', 'refuse');
  await steadfast.openTab('operator');

  const primary = steadfast.providerOn(CHAIN, 'primary');
  await expect(primary.getByTestId('breaker-state')).toHaveText('open', { timeout: 20_000 });
  await expect(primary.getByTestId('provider-health')).toHaveText('UNHEALTHY', { timeout: 20_000 });
  await expect(primary.getByTestId('provider-open-since')).toContainText('Breaker open since');
  await expect(steadfast.appHealth).toHaveText('DEGRADED', { timeout: 20_000 });
  await expect(steadfast.appHealthReason).not.toBeEmpty();
  // The incident timeline has the opening, newest first.
  const chainTimeline = steadfast.chainIncidents(CHAIN);
  await expect(chainTimeline.locator('[data-testid="incident"][data-provider="primary"][data-to="open"]').first()).toBeVisible();

  // Features say why they stepped down; prices stay live through the secondary.
  await expect(steadfast.featureMode('analytics')).toHaveText('disabled', { timeout: 10_000 });
  await expect(steadfast.featureReason('analytics')).toContainText('provider health is DEGRADED');
  await expect(steadfast.featureMode('realtimePrices')).toHaveText('normal');

  await steadfast.openTab('overview');
  await expect(steadfast.holdingSource(TREASURY, 'ETH')).toHaveText('via secondary', { timeout: 20_000 });
  await expect(steadfast.holding(TREASURY, 'ETH').getByTestId('stale-badge')).toHaveCount(0);
  await expect(steadfast.appHealth).toHaveText('DEGRADED');

  await steadfast.injectFault('primary', 'none');
  await steadfast.openTab('operator');
  await expect(steadfast.appHealth).toHaveText('HEALTHY', { timeout: 45_000 });
  await expect(steadfast.providerOn(CHAIN, 'primary').getByTestId('breaker-state')).toHaveText('closed', { timeout: 30_000 });
  await expect(steadfast.featureMode('analytics')).toHaveText('normal', { timeout: 30_000 });
});

test('disabling a provider from its card isolates it, probing reports, enabling brings it back', async ({ steadfast }) => {
  test.setTimeout(150_000);
  await steadfast.open();
  await steadfast.openTab('operator');
  const secondary = steadfast.providerOn(CHAIN, 'secondary');
  // After an earlier test's outage the secondary may still be cooling down: no user request reaches it while the
  // primary is healthy, so the health monitor's next head poll serves as its half-open probe and closes it.
  await expect(secondary.getByTestId('breaker-state')).toHaveText('closed', { timeout: 90_000 });

  const probe = await steadfast.probeProvider(CHAIN, 'secondary');
  await expect(probe).toHaveAttribute('data-ok', 'true', { timeout: 15_000 });
  await expect(probe).toContainText(`chain ${CHAIN}`);

  await steadfast.disableProvider(CHAIN, 'secondary');
  await expect(secondary.getByTestId('breaker-state')).toHaveText('isolated');
  // The probe described the provider before it was isolated: it goes; the card explains what isolation means.
  await expect(secondary.getByTestId('probe-result')).toHaveCount(0);
  await expect(secondary.getByTestId('provider-isolated')).toContainText('gets no traffic');
  await expect(secondary.getByTestId('provider-enable')).toBeVisible();
  await expect(secondary.getByTestId('provider-disable')).toHaveCount(0);
  await expect(secondary.getByTestId('provider-probe')).toHaveCount(0);
  await expect(
    steadfast.chainIncidents(CHAIN).locator('[data-testid="incident"][data-provider="secondary"][data-to="isolated"]').first(),
  ).toBeVisible();

  await steadfast.enableProvider(CHAIN, 'secondary');
  await expect(secondary.getByTestId('breaker-state')).toHaveText(/^(closed|half-open)$/, { timeout: 20_000 });
  await expect(secondary.getByTestId('provider-action-feedback')).toContainText('secondary is enabled');
  await expect(secondary.getByTestId('provider-disable')).toBeVisible();
});

test('every provider down: UNHEALTHY, offline notice, cached figures with their age; recovery clears it', async ({ steadfast }) => {
  test.setTimeout(120_000);
  await steadfast.open();
  await expect(steadfast.appHealth).toHaveText('HEALTHY', { timeout: 20_000 });
  await expect(steadfast.holdingSource(TREASURY, 'ETH')).toHaveText(/via (primary|secondary|public)/);

  for (const name of ['primary', 'secondary', 'public'] as const) await steadfast.injectFault(name, 'refuse');
  await expect(steadfast.appHealth).toHaveText('UNHEALTHY', { timeout: 30_000 });
  await expect(steadfast.page.getByTestId('app-offline')).toBeVisible({ timeout: 20_000 });
  // Figures stay on screen, from the cache, saying so and how old they are.
  await expect(steadfast.holdingSource(TREASURY, 'ETH')).toHaveText('via cache', { timeout: 20_000 });
  await expect(steadfast.holding(TREASURY, 'ETH').getByTestId('stale-badge')).toHaveCount(1);
  await expect(steadfast.holdingFreshness(TREASURY, 'ETH')).toHaveText(/block #[\d,]+ · \d+ (s|min) ago/);
  await expect(steadfast.featureMode('realtimePrices')).toHaveText('degraded');
  await expect(steadfast.featureReason('realtimePrices')).toContainText('cached prices');

  for (const name of ['primary', 'secondary', 'public'] as const) await steadfast.injectFault(name, 'none');
  await expect(steadfast.appHealth).toHaveText('HEALTHY', { timeout: 45_000 });
  await expect(steadfast.page.getByTestId('app-offline')).toHaveCount(0);
  await expect(steadfast.holding(TREASURY, 'ETH').getByTestId('stale-badge')).toHaveCount(0, { timeout: 20_000 });
  await expect(steadfast.featureMode('realtimePrices')).toHaveText('normal', { timeout: 30_000 });
  // Faults are already cleared; leave the overview so the fixture's clearFaults (whose single-row fault buttons are
  // ambiguous with two demo chains) has nothing to do.
  await steadfast.openTab('operator');
});

/**
 * The settings screen against the headless app on a fresh data folder: the demo chain built in, the public presets
 * switched off. Providers are only ever tested and saved on a switched-off preset, pointed at the demo's own
 * loopback proxies, so nothing leaves the machine.
 */
import { expect, test } from './support/fixtures';

/** OP Mainnet: a preset that stays switched off throughout. */
const PRESET = 10;

test('lists the built-in demo chain first, on, with its providers testable', async ({ steadfast }) => {
  await steadfast.open();
  await steadfast.openSettings();
  const demo = steadfast.settingsChain(31337, true);
  await expect(steadfast.page.getByTestId('settings-chain').first()).toHaveAttribute('data-chain-id', '31337');
  await expect(demo.getByTestId('chain-enabled')).toBeChecked();
  await expect(demo.getByTestId('chain-enabled')).toBeDisabled();
  await expect(steadfast.providerRows(demo)).toHaveCount(3);
  await expect(steadfast.settingsChain(PRESET).getByTestId('chain-enabled')).not.toBeChecked();

  const primary = demo.locator('[data-testid="provider-row"][data-provider="primary"]');
  await primary.getByTestId('provider-test').click();
  await expect(primary.getByTestId('provider-probe')).toHaveAttribute('data-state', 'matches');
  await expect(primary.getByTestId('provider-probe')).toContainText(/^chain 31337 · matches · block #[\d,]+ · \d+ ms$/);
});

test('adds, tests and saves a provider on a switched-off chain; shows a typed error without losing edits', async ({ steadfast }) => {
  await steadfast.open();
  await steadfast.openSettings();
  const proxyUrl = await steadfast.builtInProviderUrl(31337, 'secondary');
  expect(proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const chain = steadfast.settingsChain(PRESET);
  const before = await steadfast.providerRows(chain).count();

  const row = await steadfast.addProvider(chain, { name: 'local', url: proxyUrl, rank: 0, weight: 2 });
  await row.getByTestId('provider-test').click();
  // The proxy answers as the demo chain, not as OP Mainnet: the test says so.
  await expect(row.getByTestId('provider-probe')).toHaveAttribute('data-state', 'mismatch');
  await expect(row.getByTestId('provider-probe')).toContainText('chain 31337 · does not match chain 10');

  // An invalid URL: main refuses the whole list, the rows stay as typed.
  const bad = await steadfast.addProvider(chain, { name: 'broken', url: 'ftp://127.0.0.1/' });
  await chain.getByTestId('providers-save').click();
  await expect(chain.getByTestId('providers-error')).toHaveText('provider "broken": the URL must be a URL starting with http:// or https://');
  await expect(chain.getByTestId('providers-error')).toHaveAttribute('data-code', 'INVALID_INPUT');
  await expect(bad.getByTestId('provider-url')).toHaveValue('ftp://127.0.0.1/');
  await expect(steadfast.providerRows(chain)).toHaveCount(before + 2);

  await bad.getByTestId('provider-remove').click();
  await row.getByTestId('provider-up').click();
  await chain.getByTestId('providers-save').click();
  await expect(chain.getByTestId('providers-error')).toHaveCount(0);
  await expect(chain.getByTestId('providers-save')).toBeDisabled();
  const saved = steadfast.providerRows(chain);
  await expect(saved).toHaveCount(before + 1);
  const local = chain.locator('[data-testid="provider-row"][data-provider="local"]');
  await expect(local.getByTestId('provider-url')).toHaveValue(proxyUrl);
  await expect(local.getByTestId('provider-weight')).toHaveValue('2');
  // Moved up one place: just above the last preset provider.
  await expect(saved.nth(before - 1)).toHaveAttribute('data-provider', 'local');
  await expect(chain.getByTestId('chain-enabled')).not.toBeChecked();

  // Still there after a reload: it was stored, not just drawn.
  await steadfast.page.reload();
  await expect(steadfast.settingsChain(PRESET).locator('[data-testid="provider-row"][data-provider="local"]')).toHaveCount(1);
});

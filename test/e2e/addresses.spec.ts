/**
 * Watching an address from the overview: a valid one (typed in lower case) is checksummed, listed and read; a
 * mistyped checksum and garbage are refused with a message, and what was typed stays in the field.
 */
import { expect, test } from './support/fixtures';

/** A well-known burn address: never watched by the seed, holds nothing on the demo chains. */
const DAVE = '0x000000000000000000000000000000000000dEaD';

test('adds a valid address (checksummed), refuses a wrong checksum and garbage without losing the input, removes it', async ({
  steadfast,
}) => {
  const { page } = steadfast;
  await steadfast.open();
  const input = page.getByTestId('address-input');
  const label = page.getByTestId('label-input');

  // A mistyped checksum: refused with the exact reason, the typed text kept for correction.
  const mistyped = DAVE.replace('dEaD', 'DeaD');
  await input.fill(mistyped);
  await label.fill('Burn');
  await page.getByTestId('address-add').click();
  await expect(page.getByTestId('address-error')).toContainText(`${mistyped} has a wrong checksum: check it for a typo`);
  await expect(input).toHaveValue(mistyped);
  await expect(label).toHaveValue('Burn');

  // Garbage: refused, still not lost.
  await input.fill('not an address');
  await page.getByTestId('address-add').click();
  await expect(page.getByTestId('address-error')).toBeVisible();
  await expect(input).toHaveValue('not an address');
  await expect(steadfast.addressCard(DAVE)).toHaveCount(0);

  // Valid, typed in lower case: stored checksummed, its card appears with the balance read from the chain.
  await input.fill(DAVE.toLowerCase());
  await page.getByTestId('address-add').click();
  await expect(page.getByTestId('address-error')).toHaveCount(0);
  await expect(input).toHaveValue('');
  await expect(page.locator(`[data-testid="address-remove"][data-address="${DAVE}"]`)).toBeVisible();
  await expect(steadfast.holdingAmount(DAVE, 'ETH')).toHaveText('0', { timeout: 15_000 });
  await expect(steadfast.addressCard(DAVE).getByTestId('address-total')).toHaveText('$0.00');

  // Removed again: the card goes with it.
  await page.locator(`[data-testid="address-remove"][data-address="${DAVE}"]`).click();
  await expect(steadfast.addressCard(DAVE)).toHaveCount(0);
});

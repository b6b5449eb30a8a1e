/**
 * History end to end: the headless app on the embedded demo (its local indexer), the real renderer in Chromium.
 * Treasury's history is the seed's: 61 token transfers and 10 native transfers (see test/integration/history.test.ts,
 * which checks those counts against anvil directly).
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './support/fixtures';

const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
/** Treasury's newest native send (block 14 of the seed). */
const NEWEST_SEND = '0xdf6f0a78c28b5ce2299b41f839ba5dc08dd51a8762c69d315e8384aa59e532d3';

test('lists an address’s history virtualised, loads more on scroll, and exports it as CSV', async ({ steadfast, page }) => {
  await steadfast.open();
  await steadfast.openHistory(TREASURY, 31337);

  await expect(steadfast.historyTotal).toHaveText('71 entries');
  await expect(steadfast.historySource).toHaveText('indexer');
  await expect(steadfast.historyRows.first()).toBeVisible();
  // The DOM holds a screenful plus the overscan, not the 71 rows.
  const shown = await steadfast.historyRows.count();
  expect(shown).toBeGreaterThan(10);
  expect(shown).toBeLessThan(30);

  const newest = await steadfast.historyRows.first().getAttribute('data-hash');

  const downloading = page.waitForEvent('download');
  await page.getByTestId('history-export').click();
  const download = await downloading;
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  expect(download.suggestedFilename()).toBe(`steadfast-history-31337-${TREASURY}-${today}.csv`);
  const lines = readFileSync(await download.path(), 'utf8').split('\r\n');
  expect(lines[0]).toBe('date,block,hash,kind,direction,counterparty,asset symbol,asset address,amount,fee,failed');
  expect(lines).toHaveLength(71 + 2);
  expect(lines.find((line) => line.includes(NEWEST_SEND))?.slice(25)).toBe(
    `14,${NEWEST_SEND},sent,out,0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc,ETH,native,0.5333,0.000025258126656,false`,
  );
  const oldest = lines.at(-2)?.split(',')[2] ?? '';

  // The oldest row is in the second page (rows 50..70): it shows only once the scroll has fetched that page.
  await expect(steadfast.historyRow(oldest)).toHaveCount(0);
  await steadfast.scrollHistoryToEnd();
  await expect(steadfast.historyRow(oldest)).toBeVisible();
  await expect(steadfast.historyRow(newest ?? '')).toHaveCount(0);
  await expect(page.getByTestId('history-placeholder')).toHaveCount(0);
  expect(await steadfast.historyRows.count()).toBeLessThan(30);
});

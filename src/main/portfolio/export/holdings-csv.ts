/**
 * 'export.holdings': the current holdings as CSV, written with the shared RFC 4180 writer (csv.ts: CRLF line ends,
 * a header row, quoting only where needed). Figures are exact decimal strings, never Numbers, so a spreadsheet gets
 * 0.12345678901 ETH and $370.37036703 as they are. Unpriced holdings leave price, value, source and time empty.
 */
import type { CsvFile, PortfolioSnapshot } from '../../../shared/domain';
import { USD_DECIMALS } from '../../../shared/domain';
import { decimalString, inertText, toCsv } from './csv';

export const HOLDINGS_CSV_HEADER = [
  'address',
  'label',
  'chain',
  'chain id',
  'token symbol',
  'token address',
  'amount',
  'price usd',
  'value usd',
  'price source',
  'price time',
  'as-of block',
  'stale',
] as const;

/** `steadfast-holdings-20261203-1942.csv`, in UTC like the ISO times inside the file. */
export function holdingsFilename(now: number): string {
  const iso = new Date(now).toISOString(); // 2026-12-03T19:42:07.123Z
  return `steadfast-holdings-${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}.csv`;
}

export function holdingsCsv(snapshot: PortfolioSnapshot, chainName: (chainId: number) => string, now: number): CsvFile {
  const records = snapshot.addresses.flatMap((entry) =>
    entry.holdings.map((h) => [
      entry.address,
      // Labels are typed by the user and symbols chosen by token deployers: neither may run as a formula.
      inertText(entry.label),
      inertText(chainName(h.token.chainId)),
      String(h.token.chainId),
      inertText(h.token.symbol),
      h.token.address,
      decimalString(h.amount, h.token.decimals),
      h.price ? decimalString(h.price.usd, USD_DECIMALS) : '',
      h.valueUsd === null ? '' : decimalString(h.valueUsd, USD_DECIMALS),
      h.price?.source ?? '',
      h.price ? new Date(h.price.at).toISOString() : '',
      h.freshness.blockNumber.toString(),
      String(h.freshness.stale),
    ]),
  );
  return { filename: holdingsFilename(now), csv: toCsv(HOLDINGS_CSV_HEADER, records) };
}

/**
 * The history as CSV: one record per history row, newest first, amounts exact in whole units of their asset and fees
 * in the native coin (both as decimal strings, never through a float).
 */
import type { CsvFile, HistoryRow } from '../../../shared/domain';
import { compactUtcDate, decimalString, inertText, toCsv } from './csv';

export const HISTORY_CSV_HEADER = [
  'date',
  'block',
  'hash',
  'kind',
  'direction',
  'counterparty',
  'asset symbol',
  'asset address',
  'amount',
  'fee',
  'failed',
] as const;

/** One row's record; the fee is empty when this address did not pay one on this row. */
export function historyRecord(row: HistoryRow, nativeDecimals: number): string[] {
  return [
    new Date(row.timestamp).toISOString(),
    row.blockNumber.toString(),
    row.hash,
    row.kind,
    row.direction,
    row.counterparty ?? '',
    inertText(row.asset?.symbol ?? ''),
    row.asset?.address ?? '',
    decimalString(row.amount, row.asset?.decimals ?? 0),
    row.fee === null ? '' : decimalString(row.fee, nativeDecimals),
    row.failed ? 'true' : 'false',
  ];
}

/** `steadfast-history-<chainId>-<address>-<yyyymmdd>.csv`, dated in UTC. */
export function historyCsv(
  rows: readonly HistoryRow[],
  meta: { chainId: number; address: `0x${string}`; nativeDecimals: number; now: number },
): CsvFile {
  return {
    filename: `steadfast-history-${meta.chainId}-${meta.address}-${compactUtcDate(meta.now)}.csv`,
    csv: toCsv(HISTORY_CSV_HEADER, rows.map((row) => historyRecord(row, meta.nativeDecimals))),
  };
}

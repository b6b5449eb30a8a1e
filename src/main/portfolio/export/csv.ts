/**
 * An RFC 4180 CSV writer, shared by the exports: fields separated by commas, records by CRLF, a field quoted when it
 * holds a comma, a double quote, CR or LF (a quote inside is doubled), and a CRLF after the last record too (the RFC
 * allows it; spreadsheets and `csv` parsers expect it).
 *
 * Values must already be text: callers format bigint amounts exactly themselves, because how many decimals an amount
 * has is the caller's knowledge, not the writer's.
 */

/** One field, quoted only when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A whole document: the header row, then every record, each line ending in CRLF. */
export function toCsv(header: readonly string[], records: Iterable<readonly string[]>): string {
  const lines = [header.map(csvField).join(',')];
  for (const record of records) {
    if (record.length !== header.length) {
      throw new RangeError(`a CSV record has ${record.length} fields, the header ${header.length}`);
    }
    lines.push(record.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Text that came from outside (a token's symbol or name is whatever its deployer chose) must not run as a formula
 * when the file is opened in a spreadsheet (CSV injection): a leading `=`, `+`, `-`, `@`, tab or CR gets a `'`.
 * Use it on such text only, never on numbers (it would turn `-1` into text).
 */
export function inertText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** `amount` smallest units with `decimals` decimals, exactly: `1500000` with 6 → `1.5`, trailing zeros dropped. */
export function decimalString(amount: bigint, decimals: number): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const base = 10n ** BigInt(decimals);
  const whole = (abs / base).toString();
  const fraction = decimals === 0 ? '' : (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  const text = fraction === '' ? whole : `${whole}.${fraction}`;
  return negative ? `-${text}` : text;
}

/** `yyyymmdd` of an epoch-ms instant in UTC, for file names. */
export function compactUtcDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10).replaceAll('-', '');
}

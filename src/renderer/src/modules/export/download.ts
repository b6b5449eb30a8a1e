/**
 * Saves a CSV produced in main through the browser's own download path (an object URL on a temporary link): the
 * same code works in Electron's renderer and in a browser on the headless bridge, with no file-system access.
 */
import type { CsvFile } from '../../../../shared/domain';

export function downloadCsv(file: CsvFile, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.rel = 'noopener';
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next tick: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

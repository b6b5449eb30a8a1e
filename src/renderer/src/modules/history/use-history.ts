/**
 * History data flow: page fetching as the list scrolls, Refresh, and the CSV export. The store stays thin; every
 * call here is a plain function of (client, store) so it can be tested without a component.
 */
import type { SteadfastClient } from '../../../../shared/bridge';
import type { HistoryPage } from '../../../../shared/domain';
import { toErrorData } from '../../../../shared/errors';
import type { HistorySelection, useHistoryStore } from './use-history-store';

type HistoryStore = ReturnType<typeof useHistoryStore>;

/** Rows per request: a few screens' worth (a 560 px list shows 14), well under the channel's limit of 500. */
export const PAGE_SIZE = 50;

function reset(store: HistoryStore): void {
  store.generation += 1;
  store.pages = new Map();
  store.pending = new Set();
}

function take(store: HistoryStore, page: HistoryPage): void {
  const index = Math.floor(page.offset / PAGE_SIZE);
  // New rows arrived since the pages held were read: every offset moved, so the held pages are wrong now.
  const keep = store.total === page.total ? store.pages : new Map();
  const next = new Map(keep);
  next.set(index, page.rows);
  store.pages = next;
  store.total = page.total;
  store.origin = { source: page.source, fromBlock: page.fromBlock, fetchedAt: page.fetchedAt };
  store.error = null;
}

export async function loadPage(client: SteadfastClient, store: HistoryStore, index: number): Promise<void> {
  const selection = store.selection;
  if (selection === null || store.pages.has(index) || store.pending.has(index)) return;
  const generation = store.generation;
  store.pending = new Set([...store.pending, index]);
  try {
    const page = await client.invoke('history.page', { ...selection, offset: index * PAGE_SIZE, limit: PAGE_SIZE });
    if (generation === store.generation) take(store, page);
  } catch (error) {
    if (generation === store.generation) store.error = toErrorData(error);
  } finally {
    if (generation === store.generation) {
      const pending = new Set(store.pending);
      pending.delete(index);
      store.pending = pending;
    }
  }
}

/** Fetches the pages covering rows `first..last` (inclusive) that are not held or asked for yet. */
export async function ensureRows(client: SteadfastClient, store: HistoryStore, first: number, last: number): Promise<void> {
  if (last < first) return;
  const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
  const to = Math.floor(Math.max(0, last) / PAGE_SIZE);
  const loads: Array<Promise<void>> = [];
  for (let index = from; index <= to; index++) loads.push(loadPage(client, store, index));
  await Promise.all(loads);
}

/** Shows `selection` from its first page; also on re-opening the view, so a history left open long is re-read. */
export async function selectHistory(client: SteadfastClient, store: HistoryStore, selection: HistorySelection): Promise<void> {
  store.selection = selection;
  store.total = null;
  store.origin = null;
  store.error = null;
  reset(store);
  await loadPage(client, store, 0);
}

export async function refreshHistory(client: SteadfastClient, store: HistoryStore): Promise<void> {
  const selection = store.selection;
  if (selection === null || store.refreshing) return;
  store.refreshing = true;
  try {
    const page = await client.invoke('history.refresh', selection);
    reset(store);
    store.total = null;
    take(store, page);
  } catch (error) {
    store.error = toErrorData(error);
  } finally {
    store.refreshing = false;
  }
}

/** Hands a file to the user: a Blob behind an `<a download>`, which browsers and Electron both save as a download. */
export function saveFile(filename: string, text: string, type: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download before the browser has read the Blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function exportHistory(client: SteadfastClient, store: HistoryStore): Promise<void> {
  const selection = store.selection;
  if (selection === null || store.exporting) return;
  store.exporting = true;
  try {
    const file = await client.invoke('export.history', selection);
    saveFile(file.filename, file.csv, 'text/csv;charset=utf-8');
  } catch (error) {
    store.error = toErrorData(error);
  } finally {
    store.exporting = false;
  }
}

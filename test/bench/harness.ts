/** Measuring and printing: wall time per operation, upstream requests counted at the demo's proxies. */
import type { Demo } from '../../src/main/demo/types';

export interface Measurement {
  /** Wall milliseconds per operation (an operation is one read, or one burst). */
  msPerOp: number;
  /** Upstream HTTP requests per operation, summed over every provider. */
  upstreamPerOp: number;
  /** Operations that threw or returned a wrong value. */
  failed: number;
}

export function upstreamRequests(demo: Demo): number {
  return demo.status().providers.reduce((sum, p) => sum + p.requests, 0);
}

/** An operation that has not settled by then counts as failed (some peers retry for minutes on their own). */
const OP_LIMIT_MS = 10_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

export async function measure(demo: Demo, ops: number, op: () => Promise<boolean>): Promise<Measurement> {
  const before = upstreamRequests(demo);
  let failed = 0;
  const started = performance.now();
  for (let i = 0; i < ops; i++) {
    const ok = await within(
      op().catch(() => false),
      OP_LIMIT_MS,
    );
    if (ok !== true) failed++;
  }
  const elapsed = performance.now() - started;
  return { msPerOp: elapsed / ops, upstreamPerOp: (upstreamRequests(demo) - before) / ops, failed };
}

export interface Row {
  scenario: string;
  results: Record<string, Measurement>;
}

function cell(m: Measurement | undefined, ops: number): string {
  if (!m) return '—';
  const time = `${m.msPerOp.toFixed(m.msPerOp < 10 ? 2 : 0)} ms`;
  const fails = m.failed > 0 ? ` ✗${m.failed}/${ops}` : '';
  return `${time} · ${m.upstreamPerOp.toFixed(1)} req${fails}`;
}

/**
 * One line per scenario: each path's time and upstream requests per operation, then Steadfast's time as a ratio of
 * the best peer that answered every operation correctly (below 1 means Steadfast is faster).
 */
export function formatTable(rows: Row[], peers: string[], ops: Record<string, number>): string {
  const header = ['scenario', ...peers, 'steadfast ÷ best correct peer'];
  const lines = rows.map((row) => {
    const mine = row.results.steadfast;
    const correctPeers = peers
      .filter((p) => p !== 'steadfast')
      .map((p) => [p, row.results[p]] as const)
      .filter((entry): entry is readonly [string, Measurement] => entry[1] !== undefined && entry[1].failed === 0);
    const best = correctPeers.sort((a, b) => a[1].msPerOp - b[1].msPerOp)[0];
    const ratio = mine && best ? `${(mine.msPerOp / best[1].msPerOp).toFixed(2)}× (${best[0]})` : 'no peer answered every read';
    return [row.scenario, ...peers.map((p) => cell(row.results[p], ops[row.scenario] ?? 1)), ratio];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

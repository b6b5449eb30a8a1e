/**
 * /metrics over HTTP from the headless server, with the app on the embedded demo: the token guard, and exact
 * counters against the fault proxies' own request counts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSteadfast } from '../../src/main/app';
import type { SteadfastApp } from '../../src/main/app-types';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/server';
import { createMemoryBridge } from '../../src/main/ipc/memory-bridge';
import { openConfBackend } from '../../src/main/settings/conf-backend';
import { createClient, type SteadfastClient } from '../../src/shared/bridge';

const TOKEN = 'metrics-token-0123456789';
let dir: string;
let app: SteadfastApp;
let server: HeadlessServer;
let client: SteadfastClient;
let close: () => void;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-metrics-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  app = await createSteadfast({ mode: 'headless', version: '0.0.0', settings: openConfBackend(dir), dataDir: dir });
  server = await startHeadlessServer({ app, rendererDir: dir, host: '127.0.0.1', port: 0, token: TOKEN });
  const bridge = createMemoryBridge(app.router, app.events);
  close = bridge.close;
  client = createClient(bridge);
});

afterAll(async () => {
  close?.();
  await server?.close();
  await app?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const url = (query = '') => `http://127.0.0.1:${server.port}/metrics${query}`;

async function scrape(): Promise<string> {
  const response = await fetch(url(), { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** Sum of every sample of `name` whose labels include all of `labels`. */
function sum(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && wanted.every((w) => line.includes(w)))
    .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

const proxyCount = async (chainId: number, name: string): Promise<number> =>
  (await client.invoke('demo.status', {})).providers.find((p) => p.chainId === chainId && p.name === name)?.requests ?? -1;

/** Everything the app sent to `provider`: user attempts (any outcome) and probes (any source). */
const sent = (text: string, provider: string, outcome?: { attempt: string; probe: string }) =>
  sum(text, 'steadfast_rpc_requests_total', { chain: '31337', provider, ...(outcome ? { outcome: outcome.attempt } : {}) }) +
  sum(text, 'steadfast_health_probes_total', { chain: '31337', provider, ...(outcome ? { outcome: outcome.probe } : {}) });

/** Metrics and proxy read consistently: the metrics did not move while the proxy was read. */
async function consistent(read: (text: string) => number, proxy: () => Promise<number>): Promise<[number, number]> {
  let last: [number, number] = [-1, -2];
  for (let i = 0; i < 50; i++) {
    const before = read(await scrape());
    const count = await proxy();
    const after = read(await scrape());
    last = [after, count];
    if (before === after && after === count) return last;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return last;
}

describe('/metrics', () => {
  it('needs the token: 401 without it or with a wrong one, 200 with ?token= or a Bearer header', async () => {
    const none = await fetch(url());
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="steadfast"');
    expect((await fetch(url('?token=wrong'))).status).toBe(401);
    expect((await fetch(url(), { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(url(), { headers: { authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    const byQuery = await fetch(url(`?token=${TOKEN}`));
    expect(byQuery.status).toBe(200);
    expect(byQuery.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await byQuery.text()).toContain('# TYPE steadfast_rpc_requests_total counter');
    expect((await fetch(url(), { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
  });

  it('counts exactly what reached the primary proxy, and every 503 it answered as a fault', async () => {
    await client.invoke('portfolio.refresh', {});
    const [metric, proxy] = await consistent((t) => sent(t, 'primary'), () => proxyCount(31337, 'primary'));
    expect(metric).toBeGreaterThan(0);
    expect(metric).toBe(proxy);

    await client.invoke('demo.setFault', { provider: 'primary', fault: { kind: 'http', status: 503 } });
    const failed = (t: string) => sent(t, 'primary', { attempt: 'fault', probe: 'failed' });
    await client.invoke('portfolio.refresh', {});
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const text = await scrape();
    const faults = sum(text, 'steadfast_rpc_requests_total', { chain: '31337', provider: 'primary', outcome: 'fault' });
    expect(faults).toBeGreaterThan(0);
    // A 503 is a provider fault: each one counted once under its class, and retried once on the same provider.
    expect(sum(text, 'steadfast_rpc_errors_total', { chain: '31337', provider: 'primary', code: 'PROVIDER_ERROR' })).toBe(faults);
    expect(sum(text, 'steadfast_retries_total', { chain: '31337', provider: 'primary' })).toBeGreaterThan(0);
    // Since the fault began, every request the primary proxy saw is a fault in the metrics (attempt or probe).
    const [faultSince, proxySince] = await consistent(failed, async () => (await proxyCount(31337, 'primary')) - proxy);
    expect(faultSince).toBe(proxySince);
    await client.invoke('demo.setFault', { provider: 'primary', fault: { kind: 'none' } });
  });

  it('exposes lanes, cache, memory and health gauges', async () => {
    const text = await scrape();
    expect(text).toMatch(/^steadfast_lane_active\{chain="31337",lane="critical"\} \d+$/m);
    expect(text).toMatch(/^steadfast_cache_entries\{chain="31337",tier="last-known-good"\} [1-9]\d*$/m);
    expect(text).toMatch(/^steadfast_heap_limit_bytes [1-9]\d*$/m);
    expect(text).toMatch(/^steadfast_health_level\{scope="app",target="app"\} [012]$/m);
    expect(text).toMatch(/^steadfast_rpc_request_latency_seconds\{quantile="0.95",chain="31337",provider="secondary",method="[a-z_A-Z]+"\} /m);
  });
});

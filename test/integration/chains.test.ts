/**
 * Chains, providers and secrets through the composition root on the embedded demo, driven as the renderer drives it
 * (in-memory bridge). A second chain (1337) is a tiny JSON-RPC server started here that only answers on a path
 * holding its API key, so a read proves the key reached the engine while the test checks it reached nothing else.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSteadfast } from '../../src/main/app';
import type { SteadfastApp } from '../../src/main/app-types';
import { createMemoryBridge } from '../../src/main/ipc/memory-bridge';
import { createLogger } from '../../src/main/log';
import { openConfBackend } from '../../src/main/settings/conf-backend';
import { presetChains } from '../../src/main/settings/presets';
import { createClient, type SteadfastClient } from '../../src/shared/bridge';
import type { ChainSettingsView } from '../../src/shared/domain';
import { SteadfastError } from '../../src/shared/errors';
import { post } from '../support/demo-http';

const KEY = 'Zx81kQ2LpP0vN7tY4wE9';
const INDEXER_KEY = 'idx_9f8e7d6c5b4a3210';
const PRESET_IDS = [1, 8453, 42161, 10, 137];

let dir: string;
let app: SteadfastApp;
let client: SteadfastClient;
let close: () => void;
let server: Server;
let origin: string;
const logLines: string[] = [];
/** Paths the chain-1337 server was asked on. */
const hits: string[] = [];
/** Everything the channels answered and pushed, to search for the key. */
const seen: string[] = [];

async function call<C extends Parameters<SteadfastClient['invoke']>[0]>(channel: C, input: Parameters<SteadfastClient['invoke']>[1]) {
  const value = await client.invoke(channel, input as never);
  seen.push(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  return value;
}

async function refusal(promise: Promise<unknown>): Promise<SteadfastError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SteadfastError);
  seen.push(JSON.stringify((error as SteadfastError).toData()));
  return error as SteadfastError;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url !== `/v2/${KEY}` && req.url !== '/open') return void res.writeHead(401).end('no key');
      const request = JSON.parse(body) as { id: number; method: string };
      const results: Record<string, string> = { eth_chainId: '0x539', eth_blockNumber: '0x64', eth_getBalance: '0x0' };
      const result = results[request.method];
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(result ? { jsonrpc: '2.0', id: request.id, result } : { jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'method not found' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  dir = mkdtempSync(join(tmpdir(), 'steadfast-chains-'));
  const settings = openConfBackend(dir);
  settings.store = {
    version: 2,
    demoChain: true,
    chains: [
      ...presetChains(),
      { chainId: 1337, name: 'Test Chain', enabled: false, providers: [{ name: 'open', url: `${origin}/open`, rank: 0 }] },
    ],
    addresses: [],
  };
  const log = createLogger('test', (line) => void logLines.push(line));
  app = await createSteadfast({ mode: 'headless', version: '0.0.0', settings, dataDir: dir, database: ':memory:', log });
  const bridge = createMemoryBridge(app.router, app.events);
  close = bridge.close;
  client = createClient(bridge);
  for (const event of ['chains.updated', 'providers.updated'] as const) {
    client.on(event, (payload) => void seen.push(JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))));
  }
});

afterAll(async () => {
  close?.();
  await app?.dispose();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const chain = (views: ChainSettingsView[], chainId: number) => views.find((v) => v.chainId === chainId && !v.builtIn)!;

describe('chains on the embedded demo', () => {
  it('lists the demo chain built in first, then the presets switched off', async () => {
    const views = await call('chains.list', {});
    const demo = views[0]!;
    expect(demo).toMatchObject({ chainId: 31337, builtIn: true, enabled: true, indexer: null });
    expect(demo.providers.map((p) => [p.name, p.hasSecret])).toEqual([['primary', false], ['secondary', false], ['public', false]]);
    expect(demo.providers.every((p) => /^http:\/\/127\.0\.0\.1:\d+\/$/.test(p.url))).toBe(true);
    const configured = views.filter((v) => !v.builtIn);
    expect(configured.map((v) => [v.chainId, v.enabled])).toEqual([...PRESET_IDS.map((id) => [id, false]), [1337, false]]);
    expect((await call('chains.catalog', {})).map((p) => p.chainId)).toEqual(PRESET_IDS);
  });

  it('tests a demo proxy: it answers as the chain, at the chain head', async () => {
    const primary = (await call('chains.list', {}))[0]!.providers[0]!.url;
    const headOf = async () => BigInt((JSON.parse((await post(primary, { jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] })).body.toString()) as { result: string }).result);
    const before = await headOf();
    const probe = await call('providers.test', { chainId: 31337, url: primary });
    const after = await headOf();
    expect(probe).toMatchObject({ chainId: 31337, matches: true });
    expect(probe.head >= before && probe.head <= after).toBe(true);
    expect((await call('providers.test', { chainId: 1, url: primary })).matches).toBe(false);
  });

  it('answers a refused URL with a typed error that never shows the key', async () => {
    const refused = `http://127.0.0.1:1/v2/${KEY}`;
    const error = await refusal(client.invoke('providers.test', { chainId: 1337, url: refused }));
    expect(error.toData()).toEqual({
      code: 'PROVIDER_ERROR',
      message: 'http://127.0.0.1:1/v2/*** refused the connection',
      retryable: true,
      details: { reason: 'refused' },
    });
  });

  it('refuses to edit or switch the built-in chain', async () => {
    const message = 'chain 31337 is the embedded demo chain: it is built in, always on and not editable';
    const edit = await refusal(client.invoke('providers.save', { chainId: 31337, providers: [{ name: 'x', url: origin, rank: 0, weight: 1, wsUrl: null }] }));
    expect([edit.code, edit.message]).toEqual(['INVALID_INPUT', message]);
    expect((await refusal(client.invoke('chains.setEnabled', { chainId: 31337, enabled: false }))).message).toBe(message);
  });

  it('saves a provider with an API key, runs it, and shows it only masked', async () => {
    const views = await call('providers.save', {
      chainId: 1337,
      providers: [
        { name: 'keyed', url: `${origin}/v2/${KEY}`, rank: 0, weight: 2, wsUrl: `ws://127.0.0.1:1/ws/${KEY}` },
        { name: 'open', url: `${origin}/open`, rank: 1, weight: 1, wsUrl: null },
      ],
    });
    expect(chain(views, 1337).providers).toEqual([
      { name: 'keyed', url: `${origin}/v2/***`, rank: 0, weight: 2, wsUrl: 'ws://127.0.0.1:1/ws/***', hasSecret: true },
      { name: 'open', url: `${origin}/open`, rank: 1, weight: 1, wsUrl: null, hasSecret: false },
    ]);

    // The masked URL tests the stored one, key filled in.
    expect(await call('providers.test', { chainId: 1337, url: `${origin}/v2/***` })).toMatchObject({ chainId: 1337, matches: true, head: 100n });

    await call('chains.setEnabled', { chainId: 1337, enabled: true });
    const providers = await call('providers.list', {});
    expect(providers.filter((p) => p.chainId === 1337).map((p) => [p.name, p.url])).toEqual([
      ['keyed', `${origin}/v2/***`],
      ['open', `${origin}/open`],
    ]);
    hits.length = 0;
    const info = await call('app.info', {});
    expect(info.chains.map((c) => c.chainId)).toContain(1337);
    await call('portfolio.refresh', {});
    await expect.poll(() => hits.includes(`/v2/${KEY}`), { timeout: 10_000 }).toBe(true);
    expect(hits).not.toContain('/v2/***');
  });

  it('keeps the stored key when the masked URL comes back, and drops a removed one', async () => {
    const views = await call('providers.save', {
      chainId: 1337,
      providers: [{ name: 'keyed', url: `${origin}/v2/***`, rank: 0, weight: 1, wsUrl: null }],
    });
    expect(chain(views, 1337).providers.map((p) => [p.name, p.hasSecret])).toEqual([['keyed', true]]);
    const secretsFile = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(Object.keys(JSON.parse(secretsFile) as object)).toEqual(['1337:keyed:0']);
    hits.length = 0;
    await call('portfolio.refresh', {});
    await expect.poll(() => hits.includes(`/v2/${KEY}`), { timeout: 10_000 }).toBe(true);
  });

  it('stores the indexer key apart and never shows it', async () => {
    let views = await call('indexer.save', { chainId: 1337, indexer: { kind: 'etherscan', baseUrl: `${origin}/api`, apiKey: INDEXER_KEY } });
    expect(chain(views, 1337).indexer).toEqual({ kind: 'etherscan', baseUrl: `${origin}/api`, hasApiKey: true });
    const leak = await refusal(client.invoke('indexer.save', { chainId: 1337, indexer: { kind: 'etherscan', baseUrl: `${origin}/api?apikey=${INDEXER_KEY}` } }));
    expect(leak.code).toBe('INVALID_INPUT');
    views = await call('chains.list', {});
    expect(chain(views, 1337).indexer?.hasApiKey).toBe(true);
  });

  it('switches the chain off again and leaves no key anywhere but the secret store', async () => {
    await call('chains.setEnabled', { chainId: 1337, enabled: false });
    expect((await call('providers.list', {})).some((p) => p.chainId === 1337)).toBe(false);
    await call('settings.get', {});
    const settingsFile = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(settingsFile).toContain('${secret:1337:keyed:0}');
    expect(logLines.length).toBeGreaterThan(0);
    for (const text of [settingsFile, ...seen, ...logLines]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(INDEXER_KEY);
    }
  });
});

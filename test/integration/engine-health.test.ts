/**
 * Health facts against the demo chain: a fourth provider that forwards to anvil but lies about the chain id (or
 * freezes its head) is quarantined (or demoted) and released; mined blocks move the heads; eth_blockNumber through
 * the engine never goes back.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo, type DemoChain } from '../../src/main/demo/index';
import { createEngine, type ChainEngine, type ManagedEngine } from '../../src/main/engine';
import type { ProviderStatus } from '../../src/shared/domain';

/** POST one JSON-RPC body to `url` on a fresh socket (no pooled socket outlives the test). */
function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A provider in front of anvil that can claim another chain id and freeze its head: what a misconfigured URL
 * (mainnet in the Sepolia slot) and a stuck node look like from outside. The demo's proxies cannot fake either.
 */
interface Forwarder {
  url: string;
  /** The chain id to claim (hex), or null to forward eth_chainId. */
  chainId: string | null;
  /** The head to claim (hex), or null to forward eth_blockNumber. */
  head: string | null;
  /** Requests per method. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

async function startForwarder(upstream: string): Promise<Forwarder> {
  const state = { chainId: null as string | null, head: null as string | null, calls: new Map<string, number>() };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const call = JSON.parse(body) as { id: unknown; method: string };
      state.calls.set(call.method, (state.calls.get(call.method) ?? 0) + 1);
      const fixed =
        call.method === 'eth_chainId' ? state.chainId : call.method === 'eth_blockNumber' ? state.head : null;
      const answer =
        fixed === null
          ? post(upstream, body)
          : Promise.resolve(JSON.stringify({ jsonrpc: '2.0', id: call.id, result: fixed }));
      answer.then(
        (text) => res.writeHead(200, { 'content-type': 'application/json' }).end(text),
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

let demo: Demo;
let demoChain: DemoChain;
let forwarder: Forwarder;
let engine: ManagedEngine | undefined;

beforeAll(async () => {
  demo = await startDemo();
  demoChain = demo.chains[0]!;
  forwarder = await startForwarder(demoChain.anvilUrl);
});

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  forwarder.chainId = null;
  forwarder.head = null;
  forwarder.calls.clear();
  for (const name of ['primary', 'secondary', 'public']) demo.setFault(name, { kind: 'none' });
});

afterAll(async () => {
  await forwarder?.close();
  await demo?.stop();
});

/** The demo's chain plus the forwarder as `extra`, ranked first: only health can keep traffic away from it. */
function chainEngine(maxLagBlocks = 2): ChainEngine {
  const extra = { name: 'extra', url: forwarder.url, rank: -1, weight: 1 };
  const config = { ...demoChain.config, providers: [...demoChain.config.providers, extra] };
  engine = createEngine([config], {
    timeouts: { connectionMs: 1_000, requestMs: 2_000 },
    health: { chainIdCheckMs: 150, headPollMs: 100, maxLagBlocks, maxLagMs: 60_000 },
  });
  return engine.chain(config.chainId);
}

const statusOf = (chain: ChainEngine, name: string): ProviderStatus => chain.status().find((s) => s.name === name)!;

async function until(check: () => boolean, what: string, deadlineMs = 15_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const anvil = async (method: string): Promise<unknown> =>
  (JSON.parse(await post(demoChain.anvilUrl, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }))) as {
    result: unknown;
  }).result;

async function mine(blocks: number): Promise<void> {
  for (let i = 0; i < blocks; i++) await anvil('evm_mine');
}

const anvilHead = async (): Promise<bigint> => BigInt((await anvil('eth_blockNumber')) as string);
const hex = (n: bigint): string => `0x${n.toString(16)}`;

const balanceFrom = async (chain: ChainEngine): Promise<string> =>
  (await chain.request('eth_getBalance', [demo.watched[0]!.address, 'latest'])).provider;

describe('engine health over the demo chain', () => {
  it('quarantines a provider that answers as another chain, keeps traffic off it, and releases it', async () => {
    forwarder.chainId = '0x1';
    const chain = chainEngine();
    await until(() => statusOf(chain, 'extra').quarantine !== null, 'the quarantine');
    expect(statusOf(chain, 'extra').quarantine).toEqual({
      reason: 'answers as chain 1, expected 31337',
      since: expect.any(Number),
    });
    const before = demo.status().providers.find((p) => p.name === 'primary')!.requests;
    expect([await balanceFrom(chain), await balanceFrom(chain)]).toEqual(['primary', 'primary']);
    expect(demo.status().providers.find((p) => p.name === 'primary')!.requests).toBeGreaterThanOrEqual(before + 2);
    expect(forwarder.calls.get('eth_getBalance') ?? 0).toBe(0);

    forwarder.chainId = null;
    await until(() => statusOf(chain, 'extra').quarantine === null, 'the release');
    expect(await balanceFrom(chain)).toBe('extra');
    expect(forwarder.calls.get('eth_getBalance')).toBe(1);
  });

  it('follows mined blocks, demotes a stuck head, and lets it back when it catches up', async () => {
    const chain = chainEngine();
    const start = await anvilHead();
    await until(() => chain.status().every((s) => s.head?.blockNumber === start), 'every head at the start');
    forwarder.head = hex(start);
    await mine(3);
    await until(() => statusOf(chain, 'extra').lagging, 'the demotion');
    expect(statusOf(chain, 'extra')).toMatchObject({ lagging: true, lagBlocks: 3, head: { blockNumber: start } });
    const primary = statusOf(chain, 'primary');
    expect(primary).toMatchObject({ lagging: false, lagBlocks: 0, head: { blockNumber: start + 3n } });
    expect(await balanceFrom(chain)).toBe('primary');

    forwarder.head = null;
    await until(() => !statusOf(chain, 'extra').lagging, 'the catch-up');
    expect(statusOf(chain, 'extra')).toMatchObject({ lagBlocks: 0, head: { blockNumber: start + 3n } });
    expect(await balanceFrom(chain)).toBe('extra');
  });

  it('a provider whose head polls fail is demoted once the others move on', async () => {
    const chain = chainEngine();
    await until(() => statusOf(chain, 'secondary').head !== null, 'the first head');
    demo.setFault('secondary', { kind: 'rpc-error', code: -32603, message: 'internal error' });
    await mine(3);
    await until(() => statusOf(chain, 'secondary').lagging, 'the demotion');
    // Probes are not user traffic: the breaker did not hear of them.
    expect(statusOf(chain, 'secondary')).toMatchObject({ breaker: 'closed', failures: 0 });
    demo.setFault('secondary', { kind: 'none' });
    await until(() => !statusOf(chain, 'secondary').lagging, 'the catch-up');
  });

  it('never moves eth_blockNumber back when a lagging provider answers after a fresh one', async () => {
    const chain = chainEngine(1_000);
    const start = await anvilHead();
    await mine(2);
    const fresh = { provider: 'extra', result: hex(start + 2n) };
    expect(await chain.request('eth_blockNumber', [])).toMatchObject(fresh);
    // The forwarder now answers as a node stuck two blocks back: its lower head is held at start + 2.
    forwarder.head = hex(start);
    expect(await chain.request('eth_blockNumber', [])).toMatchObject(fresh);
    expect(statusOf(chain, 'extra').head?.blockNumber).toBe(start);
  });
});

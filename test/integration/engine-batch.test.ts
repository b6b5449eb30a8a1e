/**
 * readChain without Multicall3, over the demo chain: every figure in ONE JSON-RPC batch (requestBatch), values
 * exactly the seed plan's, and exactly two upstream requests per reading (the head, then the batch).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/main/demo/index';
import { createEngine, type ManagedEngine } from '../../src/main/engine';
import { readChain } from '../../src/main/portfolio/read-chain';

let demo: Demo;
let engine: ManagedEngine | undefined;

beforeAll(async () => {
  demo = await startDemo();
});

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
});

afterAll(async () => {
  await demo?.stop();
});

describe('readChain through a JSON-RPC batch', () => {
  it('reads the exact balances and prices in two upstream requests on a chain without Multicall3', async () => {
    const [demoChain] = demo.chains;
    if (demoChain === undefined) throw new Error('the demo has no chain');
    const { multicall3: _dropped, ...config } = demoChain.config;
    const { chainId } = config;
    // Health probes and hedging off: nothing but the reading reaches the proxies, so the count is exact.
    engine = createEngine([config], {
      timeouts: { connectionMs: 1_000, requestMs: 5_000 },
      health: { enabled: false },
      hedging: { enabled: false },
    });
    const chain = engine.chain(chainId);
    expect(chain.config.multicall3).toBeUndefined();
    const requestsOf = (name: string): number =>
      demo.status().providers.find((p) => p.chainId === chainId && p.name === name)?.requests ?? NaN;
    const before = requestsOf('primary');

    const reading = await readChain(chain, demo.watched.map((w) => w.address));

    expect(requestsOf('primary') - before).toBe(2);
    expect(reading).toMatchObject({ chainId, source: 'primary', stale: false });
    const balances: Record<string, Record<string, bigint>> = {};
    for (const { address } of demo.watched) {
      const holder = address.toLowerCase();
      balances[address] = { [config.nativeSymbol]: reading.native.get(holder)! };
      for (const token of config.tokens) {
        balances[address]![token.symbol] = reading.tokens.get(`${token.address.toLowerCase()}:${holder}`)!;
      }
    }
    expect(balances).toEqual(demo.expected.balances);
    const prices: Record<string, bigint> = {};
    const native = reading.prices.get('native');
    if (native !== undefined) prices[config.nativeSymbol] = native.usd;
    for (const token of config.tokens) {
      const price = reading.prices.get(token.address.toLowerCase());
      if (price !== undefined) prices[token.symbol] = price.usd;
    }
    expect(prices).toEqual(demo.expected.pricesUsd);
  });
});

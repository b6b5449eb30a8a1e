import { connect } from 'node:net';
import { createPublicClient, http, parseAbi, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../src/shared/domain';
import { SteadfastError } from '../../src/shared/errors';
import { demoPriceFeedAbi, demoTokenAbi, MULTICALL3_ADDRESS } from '../../src/main/demo/abi';
import { GARBAGE_BODIES } from '../../src/main/demo/faults';
import { startDemo, type RunningDemo } from '../../src/main/demo/index';
import { failureCode, post, rpc } from '../support/demo-http';

let demo: RunningDemo;
let anvil: PublicClient;
const urlOf = (name: string): string => demo.chains[0]!.providers.find((p) => p.name === name)!.url;
const requestsOf = (name: string): number => demo.status().providers.find((p) => p.name === name)!.requests;

/** Runs `fn` under `fault` on `name`, then clears the fault whatever happened. */
async function under(name: string, fault: Fault, fn: (url: string) => Promise<void>): Promise<void> {
  demo.setFault(name, fault);
  try {
    await fn(urlOf(name));
  } finally {
    demo.setFault(name, { kind: 'none' });
  }
}

beforeAll(async () => {
  demo = await startDemo({ l2: true });
  anvil = createPublicClient({ transport: http(demo.chains[0]!.anvilUrl) });
});

afterAll(async () => {
  await demo?.stop();
});

describe('seeded chain', () => {
  it('states the plan: labels, prices, the exact total and the chain config', () => {
    expect(demo.watched.map((w) => w.label)).toEqual(['Treasury', 'Trading', 'Cold storage']);
    expect(demo.expected.totalUsd).toBe(6_781_329_096_803n); // $67,813.29096803
    expect(demo.expected.chains[31337]).toMatchObject({ totalUsd: 6_781_329_096_803n, totalUsdWithPriceApi: 6_781_329_096_803n, totalUsdWithDiscovery: 7_040_704_096_803n, unlistedTransfers: 10 });
    expect(demo.expected.chains[31338]).toMatchObject({ totalUsd: 1_122_041_000_000n, totalUsdWithPriceApi: 1_225_126_000_000n, totalUsdWithDiscovery: 1_225_126_000_000n, transfers: 226, unlistedTransfers: 0 });
    expect(demo.expected.overall).toEqual({ totalUsd: 7_903_370_096_803n, totalUsdWithPriceApi: 8_006_455_096_803n, totalUsdWithDiscovery: 8_265_830_096_803n });
    expect(demo.expected.pricesUsd).toEqual({ ETH: 300_000_000_000n, USDC: 100_000_000n, WBTC: 6_000_000_000_000n, DAI: 100_000_000n });
    expect(demo.expected.balances[demo.watched[2]!.address]).toEqual({ ETH: 123_456_789_010_000_000n, USDC: 1n, WBTC: 1n, DAI: 0n });
    const config = demo.chains[0]!.config;
    expect(config).toMatchObject({ chainId: 31337, name: 'Steadfast Local', nativeSymbol: 'ETH', nativeDecimals: 18, multicall3: MULTICALL3_ADDRESS });
    expect(config.tokens.map((t) => [t.symbol, t.decimals])).toEqual([['USDC', 6], ['WBTC', 8], ['DAI', 18]]);
    expect(config.providers).toEqual(
      ['primary', 'secondary', 'public'].map((name, rank) => ({ name, url: urlOf(name), rank, weight: 1 })),
    );
    // Deterministic deployment: the deployer's first nonce always yields the same address.
    expect(config.tokens[0]!.address).toBe('0x5FbDB2315678afecb367f032d93F642f64180aa3');
  });

  it('holds exactly the expected balances, prices and decimals, read straight from anvil', async () => {
    const config = demo.chains[0]!.config;
    let totalUsd = 0n;
    for (const { address } of demo.watched) {
      const wanted = demo.expected.balances[address]!;
      const eth = await anvil.getBalance({ address });
      expect(eth).toBe(wanted.ETH);
      totalUsd += (eth * demo.expected.pricesUsd.ETH!) / 10n ** 18n;
      for (const token of config.tokens) {
        const amount = await anvil.readContract({ address: token.address, abi: demoTokenAbi, functionName: 'balanceOf', args: [address] });
        expect(amount, `${token.symbol} of ${address}`).toBe(wanted[token.symbol]);
        totalUsd += (amount * demo.expected.pricesUsd[token.symbol]!) / 10n ** BigInt(token.decimals);
      }
    }
    expect(totalUsd).toBe(demo.expected.totalUsd);
    for (const token of config.tokens) {
      expect(await anvil.readContract({ address: token.address, abi: demoTokenAbi, functionName: 'decimals' })).toBe(token.decimals);
      expect(await anvil.readContract({ address: token.address, abi: demoTokenAbi, functionName: 'symbol' })).toBe(token.symbol);
    }
    const feeds = [['ETH', config.nativePriceFeed!] as const, ...config.tokens.map((t) => [t.symbol, t.priceFeed!] as const)];
    const latest = await anvil.getBlock();
    for (const [symbol, feed] of feeds) {
      const [roundId, answer, , updatedAt, answeredInRound] = await anvil.readContract({ address: feed, abi: demoPriceFeedAbi, functionName: 'latestRoundData' });
      expect(answer, symbol).toBe(demo.expected.pricesUsd[symbol]);
      expect(answeredInRound).toBe(roundId);
      expect(roundId).toBeGreaterThan(1n); // a price history, not a single round
      expect(updatedAt).toBeLessThanOrEqual(latest.timestamp);
      expect(await anvil.readContract({ address: feed, abi: demoPriceFeedAbi, functionName: 'decimals' })).toBe(8);
      expect(await anvil.readContract({ address: feed, abi: demoPriceFeedAbi, functionName: 'description' })).toBe(`${symbol} / USD`);
    }
  });

  it('has a working Multicall3 at the canonical address', async () => {
    const [holder] = demo.watched;
    const [usdc] = demo.chains[0]!.config.tokens;
    const results = await anvil.multicall({
      multicallAddress: MULTICALL3_ADDRESS,
      contracts: [
        { address: usdc!.address, abi: demoTokenAbi, functionName: 'balanceOf', args: [holder!.address] },
        { address: usdc!.address, abi: demoTokenAbi, functionName: 'transfer', args: [holder!.address, 10n ** 30n] },
      ],
    });
    expect(results[0]).toEqual({ status: 'success', result: demo.expected.balances[holder!.address]!.USDC });
    expect(results[1]!.status).toBe('failure'); // allowFailure: the reverting call does not sink the batch
    const helpers = parseAbi(['function getEthBalance(address) view returns (uint256)', 'function getBlockNumber() view returns (uint256)']);
    expect(await anvil.readContract({ address: MULTICALL3_ADDRESS, abi: helpers, functionName: 'getEthBalance', args: [holder!.address] })).toBe(
      demo.expected.balances[holder!.address]!.ETH,
    );
    expect(await anvil.readContract({ address: MULTICALL3_ADDRESS, abi: helpers, functionName: 'getBlockNumber' })).toBe(await anvil.getBlockNumber());
  });

  it('has exactly the expected number of Transfer events', async () => {
    const logs = await anvil.getLogs({
      address: demo.chains[0]!.config.tokens.map((t) => t.address),
      event: demoTokenAbi.find((item) => item.type === 'event' && item.name === 'Transfer')!,
      fromBlock: 0n,
    });
    expect(demo.expected.transfers).toBe(339);
    expect(logs).toHaveLength(demo.expected.transfers);
  });
});

describe('fault proxies', () => {
  it('forward JSON-RPC, count a batch once, and work as viem transports', async () => {
    const before = requestsOf('primary');
    const single = await post(urlOf('primary'), rpc('eth_chainId', 11));
    expect(JSON.parse(single.body.toString())).toEqual({ jsonrpc: '2.0', id: 11, result: '0x7a69' });
    const batch = await post(urlOf('primary'), [rpc('eth_chainId', 1), rpc('net_version', 2)]);
    expect(JSON.parse(batch.body.toString())).toEqual([{ jsonrpc: '2.0', id: 1, result: '0x7a69' }, { jsonrpc: '2.0', id: 2, result: '31337' }]);
    expect(requestsOf('primary')).toBe(before + 2);
    const viaProxy = createPublicClient({ transport: http(urlOf('secondary')) });
    expect(await viaProxy.getBalance({ address: demo.watched[0]!.address })).toBe(demo.expected.balances[demo.watched[0]!.address]!.ETH);
  });

  it('refuse: connections are refused, then the same URL answers again', async () => {
    const before = requestsOf('primary');
    await under('primary', { kind: 'refuse' }, async (url) => {
      expect(await failureCode(post(url, rpc('eth_chainId')))).toBe('ECONNREFUSED');
      expect(await failureCode(post(url, rpc('eth_chainId')))).toBe('ECONNREFUSED');
      // Other providers are unaffected.
      expect((await post(urlOf('secondary'), rpc('eth_chainId'))).status).toBe(200);
    });
    expect((await post(urlOf('primary'), rpc('eth_chainId'))).status).toBe(200);
    expect(requestsOf('primary')).toBe(before + 1);
  });

  it('reset: the connection is reset', async () => {
    const before = requestsOf('secondary');
    await under('secondary', { kind: 'reset' }, async (url) => {
      expect(await failureCode(post(url, rpc('eth_chainId')))).toBe('ECONNRESET');
    });
    expect((await post(urlOf('secondary'), rpc('eth_chainId'))).status).toBe(200);
    expect(requestsOf('secondary')).toBe(before + 2);
  });

  it('hang: no answer; the hung socket is cut when the fault changes', async () => {
    const before = requestsOf('public');
    demo.setFault('public', { kind: 'hang' });
    expect(await failureCode(post(urlOf('public'), rpc('eth_chainId'), 300))).toBe('TIMEOUT');
    const pending = failureCode(post(urlOf('public'), rpc('eth_chainId'), 10_000));
    await new Promise((resolve) => setTimeout(resolve, 100));
    demo.setFault('public', { kind: 'none' });
    expect(await pending).toBe('ECONNRESET');
    expect((await post(urlOf('public'), rpc('eth_chainId'))).status).toBe(200);
    expect(requestsOf('public')).toBe(before + 3);
  });

  it('delay: answers correctly, late', async () => {
    await under('primary', { kind: 'delay', ms: 300 }, async (url) => {
      const answer = await post(url, rpc('eth_chainId', 3));
      expect(answer.elapsedMs).toBeGreaterThanOrEqual(290);
      expect(JSON.parse(answer.body.toString())).toEqual({ jsonrpc: '2.0', id: 3, result: '0x7a69' });
    });
    expect((await post(urlOf('primary'), rpc('eth_chainId'))).elapsedMs).toBeLessThan(290);
  });

  it('http: the status, Retry-After when given, a short text body', async () => {
    await under('primary', { kind: 'http', status: 429, retryAfterSeconds: 7 }, async (url) => {
      const answer = await post(url, rpc('eth_chainId'));
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBe('7');
      expect(answer.body.toString()).toBe('429 Too Many Requests\n');
    });
    await under('primary', { kind: 'http', status: 503 }, async (url) => {
      const answer = await post(url, rpc('eth_chainId'));
      expect([answer.status, answer.headers['retry-after'], answer.body.toString()]).toEqual([503, undefined, '503 Service Unavailable\n']);
    });
  });

  it('garbage: html, text and empty bodies with status 200, exactly', async () => {
    const cases = [['html', 'text/html; charset=utf-8'], ['text', 'text/plain; charset=utf-8'], ['empty', 'application/json']] as const;
    for (const [body, type] of cases) {
      await under('secondary', { kind: 'garbage', body }, async (url) => {
        const answer = await post(url, rpc('eth_chainId'));
        expect([answer.status, answer.headers['content-type'], answer.body.toString()]).toEqual([200, type, GARBAGE_BODIES[body]]);
      });
    }
  });

  it('garbage truncated: the first half of the real answer', async () => {
    const real = await post(demo.chains[0]!.anvilUrl, rpc('eth_getBlockByNumber', 9, ['0x1', false]));
    await under('secondary', { kind: 'garbage', body: 'truncated' }, async (url) => {
      const answer = await post(url, rpc('eth_getBlockByNumber', 9, ['0x1', false]));
      expect(answer.status).toBe(200);
      expect(answer.body.length).toBe(Math.floor(real.body.length / 2));
      expect(answer.body.equals(real.body.subarray(0, answer.body.length))).toBe(true);
    });
  });

  it('rpc-error: a JSON-RPC error carrying the request id, per batch element', async () => {
    const fault: Fault = { kind: 'rpc-error', code: -32005, message: 'limit exceeded' };
    const before = requestsOf('public');
    await under('public', fault, async (url) => {
      const error = { code: -32005, message: 'limit exceeded' };
      expect(JSON.parse((await post(url, rpc('eth_blockNumber', 42))).body.toString())).toEqual({ jsonrpc: '2.0', id: 42, error });
      const batch = await post(url, [rpc('eth_chainId', 1), rpc('eth_blockNumber', 'b')]);
      expect(JSON.parse(batch.body.toString())).toEqual([{ jsonrpc: '2.0', id: 1, error }, { jsonrpc: '2.0', id: 'b', error }]);
    });
    expect(requestsOf('public')).toBe(before + 2);
  });

  it('wrong-id: the real answer under another id', async () => {
    await under('primary', { kind: 'wrong-id' }, async (url) => {
      expect(JSON.parse((await post(url, rpc('eth_chainId', 5))).body.toString())).toEqual({ jsonrpc: '2.0', id: 1_000_005, result: '0x7a69' });
      const batch = JSON.parse((await post(url, [rpc('eth_chainId', 'x'), rpc('net_version', 2)])).body.toString()) as Array<{ id: unknown }>;
      expect(batch.map((item) => item.id)).toEqual(['x-wrong', 1_000_002]);
    });
  });

  it('rejects unknown providers and malformed faults; reports the state', () => {
    const codeOf = (fn: () => void): string | undefined => {
      try {
        fn();
      } catch (error) {
        return error instanceof SteadfastError ? error.code : 'not a SteadfastError';
      }
      return undefined;
    };
    expect(codeOf(() => demo.setFault('tertiary', { kind: 'none' }))).toBe('INVALID_INPUT');
    expect(codeOf(() => demo.setFault('1:primary', { kind: 'none' }))).toBe('INVALID_INPUT');
    expect(codeOf(() => demo.setFault('primary', { kind: 'delay', ms: -1 }))).toBe('INVALID_INPUT');
    demo.setFault('31337:secondary', { kind: 'http', status: 500 });
    const status = demo.status();
    expect(status.running).toBe(true);
    expect(status.providers.map((p) => [p.name, p.role, p.chainId, p.fault.kind])).toEqual([
      ['primary', 'primary', 31337, 'none'],
      ['secondary', 'secondary', 31337, 'http'],
      ['public', 'public', 31337, 'none'],
      ['primary', 'primary', 31338, 'none'],
      ['secondary', 'secondary', 31338, 'none'],
      ['public', 'public', 31338, 'none'],
    ]);
    // A bare name reaches that provider on every chain.
    demo.setFault('public', { kind: 'hang' });
    expect(demo.status().providers.filter((p) => p.fault.kind === 'hang').map((p) => `${p.chainId}:${p.name}`)).toEqual(['31337:public', '31338:public']);
    demo.setFault('public', { kind: 'none' });
    demo.setFault('secondary', { kind: 'none' });
  });
});

describe('stop', () => {
  it('kills anvil, closes every listener and socket, and may be called twice', async () => {
    const urls = [
      ...demo.chains.flatMap((chain) => [chain.anvilUrl, ...chain.providers.map((p) => p.url)]),
      demo.services.priceApi.baseUrl,
      demo.services.indexers[31337]!.baseUrl,
    ];
    expect(urls).toHaveLength(10);
    const pids = demo.anvilPids;
    expect(pids).toHaveLength(2);
    demo.setFault('public', { kind: 'hang' });
    const hung = failureCode(post(urlOf('public'), rpc('eth_chainId'), 10_000));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all([demo.stop(), demo.stop()]);
    expect(await hung).toBe('ECONNRESET');
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    for (const url of urls) {
      const { port } = new URL(url);
      const code = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'unknown'));
      });
      expect(code, url).toBe('ECONNREFUSED');
    }
    expect(demo.status().running).toBe(false);
    expect(() => demo.setFault('primary', { kind: 'none' })).toThrow(expect.objectContaining({ code: 'NOT_AVAILABLE' }));
    expect(() => demo.setServiceFault('indexer', { kind: 'none' })).toThrow(expect.objectContaining({ code: 'NOT_AVAILABLE' }));
  });
});

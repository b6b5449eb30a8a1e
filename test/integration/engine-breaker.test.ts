/**
 * A burst of concurrent failures larger than the breaker's threshold, then recovery without a restart, against the
 * demo chain. Every read in the burst must still arrive (from the secondary), with the exact seeded value.
 */
import { encodeFunctionData, erc20Abi } from 'viem';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/main/demo/index';
import { createEngine, type ChainEngine, type ManagedEngine } from '../../src/main/engine';

const HALF_OPEN_MS = 400;
const BURST = 24; // 8 × the breaker's threshold of 3

let demo: Demo;
let engine: ManagedEngine | undefined;

beforeAll(async () => {
  demo = await startDemo();
});

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  demo.setFault('primary', { kind: 'none' });
});

afterAll(async () => {
  await demo?.stop();
});

const requestsAt = (name: string): number => demo.status().providers.find((p) => p.name === name)?.requests ?? -1;
const primaryOf = (chain: ChainEngine) => chain.status().find((s) => s.name === 'primary')!;

function chainEngine(): ChainEngine {
  const config = demo.chains[0]!.config;
  engine = createEngine([config], {
    timeouts: { connectionMs: 1_000, requestMs: 2_000 },
    breaker: { consecutiveFailures: 3, halfOpenAfterMs: HALF_OPEN_MS, halfOpenMaxMs: 4 * HALF_OPEN_MS },
    // No hedges and no background probes: every request counted at the proxies is one of the test's.
    hedging: { enabled: false },
    health: { enabled: false },
    retry: { maxRetries: 0 },
  });
  return engine.chain(config.chainId);
}

interface Read {
  method: string;
  params: unknown[];
  holder: `0x${string}`;
  symbol: string;
}

/**
 * 24 distinct reads, so that dedupe merges none: 3 watched addresses × 4 assets (the native coin and 3 tokens) ×
 * 2 ways of naming the head block. The chain is still (no interval mining in tests), so all read the final state.
 */
function burstReads(chain: ChainEngine, head: bigint): Read[] {
  const config = chain.config;
  const tags = ['latest', `0x${head.toString(16)}`];
  const reads: Read[] = [];
  for (const { address: holder } of demo.watched) {
    for (const tag of tags) {
      reads.push({ method: 'eth_getBalance', params: [holder, tag], holder, symbol: config.nativeSymbol });
      for (const token of config.tokens) {
        const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [holder] });
        reads.push({ method: 'eth_call', params: [{ to: token.address, data }, tag], holder, symbol: token.symbol });
      }
    }
  }
  return reads;
}

it('a burst of failures opens the breaker, every read still arrives, and recovery closes it again', async () => {
  const chain = chainEngine();
  const head = BigInt((await chain.request('eth_blockNumber', [])).result as string);
  const primaryBefore = requestsAt('primary');
  const secondaryBefore = requestsAt('secondary');

  demo.setFault('primary', { kind: 'http', status: 500 });
  const reads = burstReads(chain, head);
  expect(reads).toHaveLength(BURST);
  const answers = await Promise.all(reads.map((r) => chain.request(r.method, r.params)));

  // Every read answered with the exact seeded balance, by the secondary.
  answers.forEach((answer, i) => {
    const read = reads[i]!;
    expect(answer.provider).toBe('secondary');
    expect(BigInt(answer.result as string), `${read.symbol} of ${read.holder}`).toBe(demo.expected.balances[read.holder]![read.symbol]);
  });
  // The standard lane runs 20 at once: those 20 reached the primary while its breaker was still closed and failed
  // there; the last 4 waited in the lane's queue, were admitted after the breaker had opened, and skipped it.
  const LANE = 20;
  expect(requestsAt('primary') - primaryBefore).toBe(LANE);
  expect(requestsAt('secondary') - secondaryBefore).toBe(BURST);
  expect(primaryOf(chain)).toMatchObject({ breaker: 'open', health: 'UNHEALTHY', failures: LANE });

  // While open, nothing is sent to the primary.
  await chain.request('eth_getBalance', [demo.watched[0]!.address, 'latest']);
  expect(requestsAt('primary') - primaryBefore).toBe(LANE);

  // Recovery: after the cool-down one probe goes through, succeeds, and closes the breaker; no restart needed.
  demo.setFault('primary', { kind: 'none' });
  await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_MS * 1.5));
  expect(primaryOf(chain).breaker).toBe('half-open');
  const probe = await chain.request('eth_getBalance', [demo.watched[1]!.address, 'latest']);
  expect(probe.provider).toBe('primary');
  expect(primaryOf(chain).breaker).toBe('closed');
  expect(primaryOf(chain).transitions.map((t) => `${t.from}→${t.to}`)).toEqual([
    'closed→open',
    'open→half-open',
    'half-open→closed',
  ]);
  const after = await chain.request('eth_getBalance', [demo.watched[2]!.address, 'latest']);
  expect(after.provider).toBe('primary');
});

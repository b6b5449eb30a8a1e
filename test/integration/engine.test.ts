/**
 * The engine against the embedded demo: a real anvil chain behind fault-injecting proxies. Values are asserted
 * exactly against the seed plan; the fault path checks failover, the breaker opening, and recovery.
 */
import { erc20Abi } from 'viem';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/main/demo/index';
import { createEngine, type ChainEngine, type ManagedEngine } from '../../src/main/engine';

/** Short enough to keep the test quick, long enough that the reads below finish while the breaker is still open. */
const HALF_OPEN_AFTER_MS = 1_500;

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

function chainEngine(): ChainEngine {
  const [demoChain] = demo.chains;
  if (demoChain === undefined) throw new Error('the demo has no chain');
  engine = createEngine([demoChain.config], {
    timeouts: { connectionMs: 1_000, requestMs: 5_000 },
    breaker: { consecutiveFailures: 3, halfOpenAfterMs: HALF_OPEN_AFTER_MS },
  });
  return engine.chain(demoChain.config.chainId);
}

/** Every watched balance (native and each token) at one block, read through the engine's viem client. */
async function readBalances(chain: ChainEngine): Promise<Record<string, Record<string, bigint>>> {
  const { client, config } = chain;
  const blockNumber = await client.getBlockNumber();
  const out: Record<string, Record<string, bigint>> = {};
  for (const { address } of demo.watched) {
    const native = await client.getBalance({ address, blockNumber });
    const tokens = await client.multicall({
      allowFailure: false,
      blockNumber,
      contracts: config.tokens.map((token) => ({
        address: token.address,
        abi: erc20Abi,
        functionName: 'balanceOf' as const,
        args: [address] as const,
      })),
    });
    out[address] = { [config.nativeSymbol]: native };
    config.tokens.forEach((token, i) => {
      out[address]![token.symbol] = tokens[i] as bigint;
    });
  }
  return out;
}

function primaryStatus(chain: ChainEngine) {
  return chain.status().find((s) => s.name === 'primary');
}

describe('engine over the demo chain', () => {
  it('reads exact native and token balances from the primary', async () => {
    const chain = chainEngine();
    expect(chain.config.multicall3).toBeDefined();
    const { value, trace } = await chain.traced(() => readBalances(chain));
    expect(value).toEqual(demo.expected.balances);
    expect(trace.providers).toEqual(['primary']);
    expect(primaryStatus(chain)).toMatchObject({ breaker: 'closed', health: 'HEALTHY', failures: 0 });
  });

  it('fails over to the secondary when the primary refuses, opens its breaker, and recovers', async () => {
    const chain = chainEngine();
    demo.setFault('primary', { kind: 'refuse' });

    const failedOver = await chain.traced(() => readBalances(chain));
    expect(failedOver.value).toEqual(demo.expected.balances);
    expect(failedOver.trace.providers).toEqual(['secondary']);
    expect(primaryStatus(chain)).toMatchObject({
      breaker: 'open',
      health: 'UNHEALTHY',
      failures: 3,
      lastError: { code: 'PROVIDER_ERROR' },
    });

    demo.setFault('primary', { kind: 'none' });
    await new Promise((resolve) => setTimeout(resolve, HALF_OPEN_AFTER_MS + 100));
    expect(primaryStatus(chain)?.breaker).toBe('half-open');

    const recovered = await chain.traced(() => chain.client.getBlockNumber());
    expect(recovered.trace.providers).toEqual(['primary']);
    expect(primaryStatus(chain)).toMatchObject({ breaker: 'closed', health: 'HEALTHY' });
    const again = await chain.traced(() => readBalances(chain));
    expect(again.value).toEqual(demo.expected.balances);
    expect(again.trace.providers).toEqual(['primary']);
  });
});

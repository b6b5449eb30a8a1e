/**
 * Round trips of one chain reading on the embedded demo (Multicall3 deployed): the head, then every figure of every
 * holder in one aggregate3 eth_call, however many holders (within MULTICALL_BATCH_BYTES).
 */
import type { Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../src/main/demo/index';
import { createEngine, type ManagedEngine } from '../../src/main/engine';
import { readChain } from '../../src/main/portfolio/read-chain';

let demo: Demo;
let engine: ManagedEngine | undefined;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await engine?.dispose();
  await demo?.stop();
});

describe('one chain reading', () => {
  it('reads 40 holders’ native and token balances and the price feeds in one eth_call after the head', async () => {
    const [demoChain] = demo.chains;
    const methods: string[] = [];
    engine = createEngine([demoChain!.config], { health: { enabled: false } }, { onAttempt: (e) => methods.push(e.method) });
    const holders = [
      ...demo.watched.map((w) => w.address as Address),
      ...Array.from({ length: 37 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as Address),
    ];
    const reading = await readChain(engine.chain(demoChain!.config.chainId), holders);
    expect(methods).toEqual(['eth_blockNumber', 'eth_call']);
    expect(reading.native.size).toBe(40);
    // Each configured token for each holder, all in that one call.
    expect(reading.tokens.size).toBe(40 * demoChain!.config.tokens.length);
    expect(reading.native.get(`0x${(1).toString(16).padStart(40, '0')}`)).toBe(0n);
  });
});

/**
 * Answers that parse but cannot be true of the chain: another chain's id, or `null` for a block the chain is known to
 * have. And what a provider found answering as another chain leaves behind: neither its height nor its cached
 * answers outlive its quarantine.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, type ManagedEngine } from '../../../src/main/engine';
import type { ChainEngineImpl } from '../../../src/main/engine/chain-engine';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, sleep } from './fixtures';
import { json, startRpcServer, type Behaviour, type RpcServer } from './rpc-server';

let engine: ManagedEngine | undefined;
let servers: RpcServer[] = [];

cleanUpAndCheckLeaks(
  async () => {
    await engine?.dispose();
    engine = undefined;
  },
  async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  },
);

const HOLDER = '0x' + '11'.repeat(20);
const answer = (result: unknown): Behaviour => (call, res) => json(res, 200, { jsonrpc: '2.0', id: call.id, result });
/** A node of chain `chainId` at height `head`, whose balance answer is `balance`. */
function node(chainId: number, head: number, balance: string, chainIdDelayMs = 0): Behaviour {
  return (call, res, req) => {
    if (call.method === 'eth_chainId') {
      const reply = (): void => answer(`0x${chainId.toString(16)}`)(call, res, req);
      return void (chainIdDelayMs === 0 ? reply() : setTimeout(reply, chainIdDelayMs));
    }
    if (call.method === 'eth_blockNumber') return answer(`0x${head.toString(16)}`)(call, res, req);
    return answer(balance)(call, res, req);
  };
}

async function chainOver(behaviours: Behaviour[], health: boolean): Promise<ChainEngineImpl> {
  servers = await Promise.all(behaviours.map((b) => startRpcServer(b)));
  const names = ['primary', 'secondary', 'public'];
  engine = createEngine([chainOf(servers.map((s, i) => ({ name: names[i]!, url: s.url })))], {
    ...FAST,
    hedging: { enabled: false },
    health: health ? { enabled: true, chainIdCheckMs: 60_000, headPollMs: 60_000 } : { enabled: false },
  });
  return engine.chain(CHAIN_ID) as ChainEngineImpl;
}

describe('answers checked against the chain', () => {
  it('an eth_chainId answer of another chain is that provider’s fault: the request fails over', async () => {
    const chain = await chainOver([answer('0x1'), answer('0x7a69')], false);
    expect(await chain.request('eth_chainId', [])).toMatchObject({ result: '0x7a69', provider: 'secondary' });
    expect(chain.status()[0]).toMatchObject({
      failures: 1,
      lastError: { code: 'PROVIDER_ERROR', message: 'answers as chain 1, expected 31337' },
    });
  });

  it('null for a block at or below the known head is a lagging node’s fault; above the head it is the answer', async () => {
    const block = { number: '0x10', hash: '0x' + 'ab'.repeat(32) };
    const lagging: Behaviour = (call, res, req) => answer(call.method === 'eth_blockNumber' ? '0x10' : null)(call, res, req);
    const chain = await chainOver([lagging, answer(block)], false);
    expect((await chain.request('eth_blockNumber', [])).result).toBe('0x10');
    expect(await chain.request('eth_getBlockByNumber', ['0x10', false])).toMatchObject({ result: block, provider: 'secondary' });
    expect(chain.status()[0]).toMatchObject({ failures: 1, lastError: { message: 'no block 16, though the chain is at 16 (provider behind)' } });
    // Above every known height, "no such block yet" is a true answer.
    expect(await chain.request('eth_getBlockByNumber', ['0x11', false])).toMatchObject({ result: null, provider: 'primary' });
    expect(chain.status()[0]!.failures).toBe(1);
  });
});

describe('a provider found answering as another chain', () => {
  it('takes its height and its cached answers with it into quarantine', async () => {
    // The primary is chain 1 at height 21,000,000; its chain-id check answers only after the first reads.
    const chain = await chainOver([node(1, 21_000_000, '0x5', 150), node(CHAIN_ID, 16, '0x64')], true);
    expect(await chain.request('eth_blockNumber', [])).toMatchObject({ result: '0x1406f40', provider: 'primary' });
    expect(await chain.request('eth_getBalance', [HOLDER, 'latest'])).toMatchObject({ result: '0x5', provider: 'primary' });
    for (let i = 0; i < 100 && chain.status()[0]!.quarantine === null; i++) await sleep(10);
    expect(chain.status()[0]!.quarantine?.reason).toBe('answers as chain 1, expected 31337');
    // This chain's height again, not the other chain's held on to.
    expect(await chain.request('eth_blockNumber', [])).toMatchObject({ result: '0x10', provider: 'secondary' });
    // With the honest provider down, the quarantined one's cached balance is not served as this chain's.
    servers[1]!.behave((_call, res) => void res.writeHead(503).end());
    const error = await chain.request('eth_getBalance', [HOLDER, 'latest']).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'OFFLINE' });
  });
});

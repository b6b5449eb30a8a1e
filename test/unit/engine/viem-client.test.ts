/** The viem client rides the engine: results, viem's own error types for deterministic answers, tracing. */
import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeAbiParameters, parseAbi } from 'viem';
import { describe, expect, it } from 'vitest';
import { createEngine, findSteadfastError, type ManagedEngine } from '../../../src/main/engine';
import { underlyingError } from '../../../src/main/engine/last-known-good';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST } from './fixtures';
import { behaviours as b, json, startRpcServer, type RpcServer } from './rpc-server';

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

const abi = parseAbi(['function balanceOf(address) view returns (uint256)']);
const token = '0x1111111111111111111111111111111111111111';
const holder = '0x2222222222222222222222222222222222222222';
// Error(string) "nope": what a require(false, "nope") returns.
const revertData = `0x08c379a0${encodeAbiParameters([{ type: 'string' }], ['nope']).slice(2)}` as const;

async function engineOver(...behaviours: Parameters<typeof startRpcServer>[0][]): Promise<ManagedEngine> {
  servers = await Promise.all(behaviours.map((behaviour) => startRpcServer(behaviour)));
  const names = ['primary', 'secondary'];
  engine = createEngine([chainOf(servers.map((s, i) => ({ name: names[i] ?? `p${i}`, url: s.url })))], FAST);
  return engine;
}

describe('viem client over the engine', () => {
  it('reads a balance through the engine and traces who answered', async () => {
    const chain = (await engineOver(b.result('0xde0b6b3a7640000'))).chain(CHAIN_ID);
    const { value, trace } = await chain.traced(() => chain.client.getBalance({ address: holder }));
    expect(value).toBe(10n ** 18n);
    expect(trace.providers).toEqual(['primary']);
    expect(servers[0]?.calls[0]?.method).toBe('eth_getBalance');
  });

  it('traces the fallback provider when the primary fails, and nested traces see inner requests', async () => {
    const chain = (await engineOver(b.status(500), b.result('0x5'))).chain(CHAIN_ID);
    const { value, trace } = await chain.traced(async () => {
      const inner = await chain.traced(() => chain.client.getBalance({ address: holder }));
      expect(inner.trace.providers).toEqual(['secondary']);
      return inner.value;
    });
    expect(value).toBe(5n);
    expect(trace.providers).toEqual(['secondary']);
    // Outside traced(), nothing is collected and nothing breaks.
    expect(await chain.client.getBalance({ address: holder })).toBe(5n);
  });

  it('a revert surfaces as viem ContractFunctionExecutionError with the decoded reason, not failed over', async () => {
    const engine = await engineOver(b.rpcError(3, 'execution reverted: nope', revertData), b.result('0x'));
    const chain = engine.chain(CHAIN_ID);
    const error = await chain.client
      .readContract({ address: token, abi, functionName: 'balanceOf', args: [holder] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractFunctionExecutionError);
    const reverted = (error as ContractFunctionExecutionError).walk((e) => e instanceof ContractFunctionRevertedError);
    expect((reverted as ContractFunctionRevertedError).reason).toBe('nope');
    expect(findSteadfastError(error)?.code).toBe('RPC_ERROR');
    expect(servers[1]?.requests).toBe(0);
  });

  it('engine failures stay reachable as SteadfastError through viem wrapping', async () => {
    const chain = (await engineOver(b.status(500))).chain(CHAIN_ID); // 500: not retried (502 would be)
    const error = await chain.client.getBlockNumber().catch((e: unknown) => e);
    // Nothing was cached yet, so the engine says OFFLINE, keeping the provider's own fault as its cause.
    const offline = findSteadfastError(error);
    expect(offline).toMatchObject({ code: 'OFFLINE', details: { method: 'eth_blockNumber', cause: { code: 'PROVIDER_ERROR', provider: 'primary' } } });
    expect(underlyingError(offline!)).toMatchObject({ code: 'PROVIDER_ERROR', provider: 'primary' });
    expect(servers[0]?.requests).toBe(1);
  });

  it('client.multicall goes out as one eth_call to the configured multicall3', async () => {
    const multicall3 = '0xcA11bde05977b3631167028862bE2a173976CA11';
    const results = encodeAbiParameters(
      [{ type: 'tuple[]', components: [{ type: 'bool' }, { type: 'bytes' }] }],
      [[7n, 9n].map((n) => [true, encodeAbiParameters([{ type: 'uint256' }], [n])] as const)],
    );
    servers = [await startRpcServer((call, res) => json(res, 200, { jsonrpc: '2.0', id: call.id, result: results }))];
    engine = createEngine([{ ...chainOf([{ name: 'primary', url: servers[0]!.url }]), multicall3 }], FAST);
    const chain = engine.chain(CHAIN_ID);
    const balances = await chain.client.multicall({
      allowFailure: false,
      contracts: [
        { address: token, abi, functionName: 'balanceOf', args: [holder] },
        { address: token, abi, functionName: 'balanceOf', args: [token] },
      ],
    });
    expect(balances).toEqual([7n, 9n]);
    expect(servers[0]?.calls.map((c) => c.method)).toEqual(['eth_call']);
    expect((servers[0]?.calls[0]?.params[0] as { to: string }).to.toLowerCase()).toBe(multicall3.toLowerCase());
  });
});

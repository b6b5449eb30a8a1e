/** Hedged reads against real servers: who gets the hedge, who wins, the loser cancelled on the wire, the budget. */
import { describe, expect, it } from 'vitest';
import { HedgeBudget, hedgeDelayMs } from '../../../src/main/engine/hedge';
import { cleanUpAndCheckLeaks, rejection } from './fixtures';
import { pathOver, QUICK, type Path } from './failover-harness';
import { behaviours as b, startRpcServer, type RpcServer } from './rpc-server';

let path: Path | undefined;
let servers: RpcServer[] = [];

cleanUpAndCheckLeaks(
  async () => {
    await path?.dispose();
    path = undefined;
  },
  async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  },
);

async function two(input = QUICK): Promise<{ primary: RpcServer; secondary: RpcServer; path: Path }> {
  servers = await Promise.all([startRpcServer(b.result('0xa')), startRpcServer(b.result('0xb'))]);
  const [primary, secondary] = servers as [RpcServer, RpcServer];
  path = pathOver(
    [
      { name: 'primary', url: primary.url },
      { name: 'secondary', url: secondary.url },
    ],
    input,
  );
  return { primary, secondary, path };
}

describe('hedging', () => {
  it('a primary slower than the hedge delay loses to the hedge, and its request is cancelled on the wire', async () => {
    const { primary, secondary, path } = await two();
    primary.behave(b.delay(2_000, b.result('0xa')));
    const closed = primary.nextSocketClose();
    const started = performance.now();
    expect(await path.request('eth_blockNumber')).toMatchObject({ result: '0xb', provider: 'secondary' });
    // Answered long before the primary would have: the hedge went out at maxDelayMs (no p95 samples yet).
    expect(performance.now() - started).toBeLessThan(1_500);
    await closed;
    expect([primary.requests, secondary.requests]).toEqual([1, 1]);
    expect(path.status('secondary')).toMatchObject({ hedges: { sent: 1, won: 1 }, requests: 1, failures: 0 });
    // The cancelled loser is neither a fault nor an answer.
    expect(path.status('primary')).toMatchObject({ hedges: { sent: 0, won: 0 }, requests: 1, failures: 0 });
    expect(path.status('primary').latency).toBeNull();
  });

  it('a hedge that answers later than the primary loses and is cancelled; the primary is not slowed', async () => {
    const { primary, secondary, path } = await two();
    primary.behave(b.delay(200, b.result('0xa')));
    secondary.behave(b.delay(2_000, b.result('0xb')));
    const closed = secondary.nextSocketClose();
    expect(await path.request('eth_getBalance', ['0x0000000000000000000000000000000000000001', 'latest'])).toMatchObject({
      provider: 'primary',
    });
    await closed;
    expect(path.status('secondary').hedges).toEqual({ sent: 1, won: 0 });
    expect([primary.requests, secondary.requests]).toEqual([1, 1]);
  });

  it('a deterministic error answer from the hedge counts as the answer', async () => {
    const { primary, path } = await two();
    primary.behave(b.hang());
    servers[1]?.behave(b.rpcError(3, 'execution reverted: nope'));
    const error = await rejection(path.request('eth_call', [{}, 'latest']));
    expect(error).toMatchObject({ code: 'RPC_ERROR', provider: 'secondary', details: { rpcCode: 3 } });
    expect(path.status('secondary').hedges).toEqual({ sent: 1, won: 1 });
  });

  it('a healthy fast primary gets every request: zero hedges, zero requests to the others', async () => {
    const { primary, secondary, path } = await two();
    for (let i = 0; i < 30; i++) expect((await path.request('eth_blockNumber')).provider).toBe('primary');
    expect([primary.requests, secondary.requests]).toEqual([30, 0]);
    expect(path.status('secondary').hedges).toEqual({ sent: 0, won: 0 });
    expect(path.status('primary').latency?.samples).toBe(30);
  });

  it('no token, no hedge: with the budget spent a slow primary is waited for', async () => {
    // maxExtraLoad 0.05: the bucket holds 1 token and earns 0.05 per read, so the second slow read finds none.
    const { primary, secondary, path } = await two({ ...QUICK, hedging: { ...QUICK.hedging, maxExtraLoad: 0.05 } });
    primary.behave(b.delay(300, b.result('0xa')));
    expect((await path.request('eth_blockNumber')).provider).toBe('secondary');
    expect((await path.request('eth_blockNumber')).provider).toBe('primary');
    expect([primary.requests, secondary.requests]).toEqual([2, 1]);
    expect(path.status('secondary').hedges).toEqual({ sent: 1, won: 1 });
  });

  it('writes are never hedged', async () => {
    const { primary, secondary, path } = await two();
    primary.behave(b.delay(300, b.result('0xhash')));
    expect((await path.request('eth_sendRawTransaction', ['0x00'])).provider).toBe('primary');
    expect(secondary.requests).toBe(0);
    expect(primary.requests).toBe(1);
  });

  it('a primary failing before the hedge delay just fails over: no hedge counted', async () => {
    const { primary, path } = await two();
    primary.behave(b.raw('<html>bad gateway</html>', 'text/html'));
    expect((await path.request('eth_blockNumber')).provider).toBe('secondary');
    expect(path.status('secondary').hedges).toEqual({ sent: 0, won: 0 });
  });
});

describe('hedge rules', () => {
  const hedging = { enabled: true, minDelayMs: 100, maxDelayMs: 2_000, maxExtraLoad: 0.1 };

  it('hedges at the p95, clamped, and at the maximum until there are 20 samples', () => {
    expect(hedgeDelayMs(null, 0, hedging)).toBe(2_000);
    expect(hedgeDelayMs(300, 19, hedging)).toBe(2_000);
    expect(hedgeDelayMs(300, 20, hedging)).toBe(300);
    expect(hedgeDelayMs(5, 200, hedging)).toBe(100);
    expect(hedgeDelayMs(9_000, 200, hedging)).toBe(2_000);
  });

  it('the budget starts full (2 tokens at 10 %), then buys one hedge per ten reads', () => {
    const budget = new HedgeBudget(0.1);
    expect([budget.take(), budget.take(), budget.take()]).toEqual([true, true, false]);
    for (let i = 0; i < 9; i++) budget.earn();
    expect(budget.take()).toBe(false);
    budget.earn();
    expect(budget.take()).toBe(true);
    expect(new HedgeBudget(0).take()).toBe(false);
  });
});

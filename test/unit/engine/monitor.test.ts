/**
 * The health monitor through the engine: local servers that answer eth_chainId and eth_blockNumber as each test
 * scripts them. Quarantine, demotion and the monotonic head are asserted on status and on who gets the traffic.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, type ChainEngine, type EngineOptionsInput, type ManagedEngine } from '../../../src/main/engine';
import type { ProviderStatus } from '../../../src/shared/domain';
import { CHAIN_ID, chainOf, cleanUpAndCheckLeaks, FAST, rejection, sleep } from './fixtures';
import { json, startRpcServer, type RpcServer } from './rpc-server';

/** A scripted node: change its fields and the next answers change with them. */
interface Node {
  chainId: bigint;
  head: bigint;
  /** When set, health methods answer HTTP 503 (unreachable for the checks); user calls still answer. */
  down: boolean;
  /** When set, every call answers HTTP 500 (a fault that is not retried): user calls and probes alike. */
  broken: boolean;
  server: RpcServer;
}

const hex = (n: bigint): string => `0x${n.toString(16)}`;

async function startNode(chainId = BigInt(CHAIN_ID), head = 100n): Promise<Node> {
  const node = { chainId, head, down: false, broken: false } as Node;
  node.server = await startRpcServer((call, res) => {
    if (node.broken) return void res.writeHead(500).end();
    const health = call.method === 'eth_chainId' || call.method === 'eth_blockNumber';
    if (health && node.down) return void res.writeHead(503).end();
    const result =
      call.method === 'eth_chainId' ? hex(node.chainId) : call.method === 'eth_blockNumber' ? hex(node.head) : '0x0';
    json(res, 200, { jsonrpc: '2.0', id: call.id, result });
  });
  return node;
}

/** Calls other than the monitor's own probes: what selection sent to this node. */
const userCalls = (node: Node): number =>
  node.server.calls.filter((c) => c.method !== 'eth_chainId' && c.method !== 'eth_blockNumber').length;
const methodCalls = (node: Node, method: string): number => node.server.calls.filter((c) => c.method === method).length;

/** Short intervals so rounds come quickly; lag by time is tested on the tracker itself (monitor-heads.test.ts). */
const HEALTH: EngineOptionsInput = {
  ...FAST,
  health: { enabled: true, chainIdCheckMs: 100, headPollMs: 50, maxLagBlocks: 2, maxLagMs: 60_000 },
};

let engine: ManagedEngine | undefined;
let nodes: Node[] = [];

cleanUpAndCheckLeaks(
  async () => {
    await engine?.dispose();
    engine = undefined;
  },
  async () => {
    await Promise.all(nodes.map((n) => n.server.close()));
    nodes = [];
  },
);

async function chainOver(count: number, options: EngineOptionsInput = HEALTH): Promise<ChainEngine> {
  nodes = await Promise.all(Array.from({ length: count }, () => startNode()));
  const names = ['primary', 'secondary', 'public'];
  engine = createEngine([chainOf(nodes.map((n, i) => ({ name: names[i] ?? `p${i}`, url: n.server.url })))], options);
  return engine.chain(CHAIN_ID);
}

const statusOf = (chain: ChainEngine, name: string): ProviderStatus => {
  const found = chain.status().find((s) => s.name === name);
  if (found === undefined) throw new Error(`no provider ${name}`);
  return found;
};

/** Polls until `check` holds; generous deadline, no timing assertion. */
async function until(check: () => boolean, what: string, deadlineMs = 5_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function answeredBy(chain: ChainEngine, times: number): Promise<string[]> {
  const who: string[] = [];
  for (let i = 0; i < times; i++) who.push((await chain.request('eth_getBalance', ['0x0', 'latest'])).provider);
  return who;
}

describe('chain id quarantine', () => {
  it('quarantines a provider answering as another chain, sends it no traffic, and releases it on a match', async () => {
    const chain = await chainOver(2);
    const [primary] = nodes as [Node, Node];
    primary.chainId = 1n;
    await until(() => statusOf(chain, 'primary').quarantine !== null, 'the quarantine');
    expect(statusOf(chain, 'primary')).toMatchObject({
      quarantine: { reason: 'answers as chain 1, expected 31337', since: expect.any(Number) },
      head: null,
      lagging: false,
      health: 'UNHEALTHY',
      // The checks are not user traffic.
      requests: 0,
      failures: 0,
    });
    expect(await answeredBy(chain, 5)).toEqual(Array(5).fill('secondary'));
    expect(userCalls(primary)).toBe(0);

    primary.chainId = BigInt(CHAIN_ID);
    await until(() => statusOf(chain, 'primary').quarantine === null, 'the release');
    expect(await answeredBy(chain, 2)).toEqual(['primary', 'primary']);
    expect(statusOf(chain, 'primary').health).toBe('HEALTHY');
  });

  it('does not quarantine a provider it cannot reach, and keeps a quarantine while re-checks fail', async () => {
    const chain = await chainOver(1);
    const [primary] = nodes as [Node];
    primary.down = true;
    await until(() => methodCalls(primary, 'eth_chainId') >= 2, 'two chain-id rounds');
    expect(statusOf(chain, 'primary').quarantine).toBeNull();
    expect(await answeredBy(chain, 1)).toEqual(['primary']);

    primary.down = false;
    primary.chainId = 10n;
    await until(() => statusOf(chain, 'primary').quarantine !== null, 'the quarantine');
    const { since } = statusOf(chain, 'primary').quarantine!;
    primary.down = true;
    const checks = methodCalls(primary, 'eth_chainId');
    await until(() => methodCalls(primary, 'eth_chainId') >= checks + 2, 'two failed re-checks');
    expect(statusOf(chain, 'primary').quarantine).toEqual({ reason: 'answers as chain 10, expected 31337', since });
  });

  it('checks at start-up, before any request, and not at all with health probes off', async () => {
    const chain = await chainOver(1);
    await until(() => statusOf(chain, 'primary').head !== null, 'the first head poll');
    expect(methodCalls(nodes[0]!, 'eth_chainId')).toBeGreaterThanOrEqual(1);
    expect(statusOf(chain, 'primary').head).toMatchObject({ blockNumber: 100n });
    await engine!.dispose();
    await Promise.all(nodes.map((n) => n.server.close()));

    await chainOver(1, FAST);
    await sleep(100);
    expect(nodes[0]!.server.requests).toBe(0);
  });
});

describe('head tracking', () => {
  it('demotes a provider more than maxLagBlocks behind the best head until it catches up', async () => {
    const chain = await chainOver(2);
    const [primary, secondary] = nodes as [Node, Node];
    await until(() => statusOf(chain, 'primary').head?.blockNumber === 100n, 'the first head');
    secondary.head = 103n;
    await until(() => statusOf(chain, 'primary').lagging, 'the demotion');
    expect(statusOf(chain, 'primary')).toMatchObject({ lagging: true, lagBlocks: 3, head: { blockNumber: 100n } });
    expect(statusOf(chain, 'secondary')).toMatchObject({ lagging: false, lagBlocks: 0 });
    // Demoted: tried only after every eligible provider, whatever its rank.
    expect(await answeredBy(chain, 3)).toEqual(['secondary', 'secondary', 'secondary']);

    primary.head = 102n;
    await until(() => !statusOf(chain, 'primary').lagging, 'the catch-up');
    expect(statusOf(chain, 'primary')).toMatchObject({ lagging: false, lagBlocks: 1 });
    expect(await answeredBy(chain, 1)).toEqual(['primary']);
  });

  it('learns a head from an eth_blockNumber answer on the request path', async () => {
    const chain = await chainOver(1, { ...HEALTH, health: { ...HEALTH.health, headPollMs: 60_000 } });
    const [primary] = nodes as [Node];
    await until(() => statusOf(chain, 'primary').head?.blockNumber === 100n, 'the first poll');
    primary.head = 150n;
    expect((await chain.request('eth_blockNumber', [])).result).toBe('0x96');
    expect(statusOf(chain, 'primary').head?.blockNumber).toBe(150n);
  });

  it('aborts a hanging probe on dispose', async () => {
    nodes = [await startNode()];
    nodes[0]!.server.behave(() => undefined);
    engine = createEngine([chainOf([{ name: 'primary', url: nodes[0]!.server.url }])], {
      ...HEALTH,
      timeouts: { requestMs: 60_000 },
    });
    await until(() => nodes[0]!.server.requests === 1, 'the probe to arrive');
    // The leak check after the test proves the socket and the timers are gone.
  });
});

describe('half-open breakers and head polls', () => {
  /** Both nodes broken, three requests (each failing over primary → secondary): both breakers open. */
  async function outage(chain: ChainEngine): Promise<void> {
    for (const node of nodes) node.broken = true;
    for (let i = 0; i < 3; i++) await rejection(chain.request('eth_getBalance', ['0x0', 'latest']));
    expect(chain.status().map((s) => s.breaker)).toEqual(['open', 'open']);
  }

  it('a head poll of a backup due for its probe closes its breaker, without user traffic', async () => {
    const chain = await chainOver(2);
    const [primary, secondary] = nodes as [Node, Node];
    await until(() => statusOf(chain, 'secondary').head !== null, 'the first head poll');
    await outage(chain);
    primary.broken = false;
    secondary.broken = false;
    const before = userCalls(secondary);
    // The primary is closed by user traffic (its own half-open probe); the backup gets none after it.
    await until(() => statusOf(chain, 'primary').breaker !== 'open', 'the primary ready for its probe');
    expect((await chain.request('eth_getBalance', ['0x0', 'latest'])).provider).toBe('primary');
    await until(() => statusOf(chain, 'secondary').breaker === 'closed', 'the backup closed by a head poll');
    expect(userCalls(secondary)).toBe(before);
    expect(statusOf(chain, 'secondary')).toMatchObject({ breaker: 'closed', health: 'HEALTHY' });
    const states = statusOf(chain, 'secondary').transitions.map((t) => t.to);
    expect(states.slice(-3)).toEqual(['open', 'half-open', 'closed']);
    expect(userCalls(primary)).toBeGreaterThan(0);
  });

  it('a failed head poll re-opens the breaker with the grown cool-down; a healthy closed breaker is never touched', async () => {
    const chain = await chainOver(2);
    await outage(chain);
    const before = nodes.map(userCalls);
    // No user traffic from here on: only head polls act as probes.
    await until(() => {
      const to = statusOf(chain, 'secondary').transitions.map((t) => t.to);
      return to.filter((s) => s === 'open').length >= 2 && to.at(-1) === 'half-open';
    }, 'two cool-downs run out');
    const t = statusOf(chain, 'secondary').transitions;
    const opens = t.flatMap((x, i) => (x.to === 'open' && t[i + 1]?.to === 'half-open' ? [t[i + 1]!.at - x.at] : []));
    // First cool-down 150 ms exactly, the second 150 × 2 × U(0.8, 1.2) at least 240 ms: it grew.
    expect(opens[0]).toBeGreaterThanOrEqual(150);
    expect(opens[1]).toBeGreaterThanOrEqual(239);
    expect(nodes.map(userCalls)).toEqual(before);
    expect(statusOf(chain, 'secondary').requests).toBe(3);
  });
});

describe('monotonicHead', () => {
  it('never returns a lower eth_blockNumber than it already has: 10, 12, 11 → 10, 12, 12', async () => {
    const chain = await chainOver(1, FAST);
    const [primary] = nodes as [Node];
    const heads: unknown[] = [];
    for (const head of [10n, 12n, 11n]) {
      primary.head = head;
      heads.push((await chain.request('eth_blockNumber', [])).result);
    }
    expect(heads).toEqual(['0xa', '0xc', '0xc']);
    // The provider's own head is recorded as it answered: the hold is for callers, not for health.
    expect(statusOf(chain, 'primary').head?.blockNumber).toBe(11n);
  });

  it('holds the height when a lagging provider answers after a fresh one (failover)', async () => {
    const chain = await chainOver(2, FAST);
    const [primary, secondary] = nodes as [Node, Node];
    primary.head = 20n;
    secondary.head = 17n;
    expect(await chain.request('eth_blockNumber', [])).toMatchObject({ result: '0x14', provider: 'primary' });
    primary.server.behave((_call, res) => void res.writeHead(502).end());
    expect(await chain.request('eth_blockNumber', [])).toMatchObject({ result: '0x14', provider: 'secondary' });
  });
});

/**
 * History end to end on the embedded demo: createSteadfast driven through the in-memory bridge. Ground truth is read
 * straight from anvil (behind no proxy) with plain viem, independently of the app's sources: every Transfer log and
 * every transaction of every block.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, getAddress, http, parseAbiItem, type Hash, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSteadfast } from '../../src/main/app';
import type { SteadfastApp } from '../../src/main/app-types';
import type { RunningDemo } from '../../src/main/demo';
import { createMemoryBridge } from '../../src/main/ipc/memory-bridge';
import { openConfBackend } from '../../src/main/settings/conf-backend';
import { createClient, type SteadfastClient } from '../../src/shared/bridge';
import type { HistoryRow } from '../../src/shared/domain';

const started: RunningDemo[] = [];
// The app starts its own demo; the test keeps a handle on it for anvil's URL and the indexer's fault switch.
vi.mock('../../src/main/demo', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/main/demo')>();
  return {
    ...original,
    startDemo: async (...args: Parameters<typeof original.startDemo>) => {
      const demo = await original.startDemo(...args);
      started.push(demo);
      return demo;
    },
  };
});

const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const TRADING = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const CHAIN = 31337;
const TRANSFER = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');

let dir: string;
let app: SteadfastApp;
let client: SteadfastClient;
let close: () => void;
let demo: RunningDemo;
let anvil: PublicClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-history-'));
  app = await createSteadfast({ mode: 'headless', version: '0.0.0', settings: openConfBackend(dir), dataDir: dir, database: ':memory:' });
  const bridge = createMemoryBridge(app.router, app.events);
  close = bridge.close;
  client = createClient(bridge);
  demo = started[0]!;
  anvil = createPublicClient({ transport: http(demo.chains[0]!.anvilUrl) }) as PublicClient;
}, 120_000);

afterAll(async () => {
  close?.();
  await app?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

interface Truth {
  transfers: number;
  native: number;
  /** Transactions the address sent or received that moved neither native value nor a token of its. */
  calls: number;
  nativeSends: Hash[];
}

/** Counts from anvil itself: every Transfer log of the address, every block's transactions. */
async function groundTruth(address: string): Promise<Truth> {
  const head = await anvil.getBlockNumber({ cacheTime: 0 });
  const [out, into] = await Promise.all([
    anvil.getLogs({ event: TRANSFER, args: { from: address as `0x${string}` }, fromBlock: 0n, toBlock: head }),
    anvil.getLogs({ event: TRANSFER, args: { to: address as `0x${string}` }, fromBlock: 0n, toBlock: head }),
  ]);
  const logs = new Map([...out, ...into].map((l) => [`${l.transactionHash}:${l.logIndex}`, l]));
  const withTransfers = new Set([...logs.values()].map((l) => l.transactionHash));
  let native = 0;
  let calls = 0;
  const nativeSends: Hash[] = [];
  for (let n = 0n; n <= head; n++) {
    const block = await anvil.getBlock({ blockNumber: n, includeTransactions: true });
    for (const tx of block.transactions) {
      const mine = getAddress(tx.from) === address || (tx.to !== null && getAddress(tx.to) === address);
      if (!mine) continue;
      if (tx.value > 0n) {
        native += 1;
        if (getAddress(tx.from) === address) nativeSends.push(tx.hash);
      } else if (!withTransfers.has(tx.hash)) calls += 1;
    }
  }
  return { transfers: logs.size, native, calls, nativeSends };
}

async function allRows(address: string): Promise<HistoryRow[]> {
  const rows: HistoryRow[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await client.invoke('history.page', { address, chainId: CHAIN, offset, limit: 500 });
    rows.push(...page.rows);
    if (rows.length >= page.total) return rows;
  }
}

describe('history on the demo chain', () => {
  it('comes from the indexer, one row per seeded transfer, with the receipt’s amount, fee and counterparty', async () => {
    const truth = await groundTruth(TREASURY);
    const page = await client.invoke('history.page', { address: TREASURY, chainId: CHAIN, offset: 0, limit: 50 });
    expect(page.source).toBe('indexer');
    expect(page.fromBlock).toBeNull();
    expect(page.total).toBe(truth.transfers + truth.native + truth.calls);
    expect(page.rows).toHaveLength(50);
    // The seed plan's history for Treasury, as anvil has it: 61 token transfers and 10 native transfers, no calls.
    expect([truth.transfers, truth.native, truth.calls, page.total]).toEqual([61, 10, 0, 71]);

    const rows = await allRows(TREASURY);
    expect(rows.filter((r) => r.kind === 'token-transfer')).toHaveLength(truth.transfers);
    expect(rows.filter((r) => r.kind === 'sent' || r.kind === 'received')).toHaveLength(truth.native);
    // Newest first.
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.blockNumber >= rows[i]!.blockNumber).toBe(true);

    const hash = truth.nativeSends[0]!;
    const [tx, receipt] = await Promise.all([anvil.getTransaction({ hash }), anvil.getTransactionReceipt({ hash })]);
    const row = rows.find((r) => r.hash === hash && r.logIndex === null);
    expect(row).toMatchObject({
      kind: 'sent',
      direction: 'out',
      counterparty: getAddress(tx.to!),
      amount: tx.value,
      fee: receipt.gasUsed * receipt.effectiveGasPrice,
      failed: false,
      blockNumber: receipt.blockNumber,
    });
  });

  it('exports the stored history as CSV, exactly', async () => {
    const rows = await allRows(TREASURY);
    const file = await client.invoke('export.history', { address: TREASURY, chainId: CHAIN });
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    expect(file.filename).toBe(`steadfast-history-31337-${TREASURY}-${today}.csv`);
    const lines = file.csv.split('\r\n');
    expect(lines[0]).toBe('date,block,hash,kind,direction,counterparty,asset symbol,asset address,amount,fee,failed');
    expect(lines).toHaveLength(rows.length + 2);
    expect(lines.at(-1)).toBe('');
    const send = rows.find((r) => r.kind === 'sent')!;
    const sendLine = lines.find((l) => l.includes(send.hash) && l.includes(',sent,'));
    const token = rows.find((r) => r.kind === 'token-transfer' && r.direction === 'in')!;
    const tokenLine = lines.find((l) => l.includes(token.hash) && l.includes(',token-transfer,in,'));
    // Past the date (the seed stamps blocks relative to the start time), these are the seed's fixed transactions.
    expect(sendLine?.slice(25)).toBe(
      '14,0xdf6f0a78c28b5ce2299b41f839ba5dc08dd51a8762c69d315e8384aa59e532d3,sent,out,0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc,ETH,native,0.5333,0.000025258126656,false',
    );
    expect(tokenLine?.slice(25)).toBe(
      '34,0x1a94dfb49e7e98bc2455c5f9277f0b28b4e74067e8ff8b7a69fae1920d9dd0f7,token-transfer,in,0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266,WBTC,0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512,0.0906,,false',
    );
    expect(sendLine).toBe(
      [new Date(send.timestamp).toISOString(), send.blockNumber, send.hash, 'sent', 'out', send.counterparty, 'ETH', 'native',
        decimal(send.amount, 18), decimal(send.fee!, 18), 'false'].join(','),
    );
    expect(tokenLine).toBe(
      [new Date(token.timestamp).toISOString(), token.blockNumber, token.hash, 'token-transfer', 'in', token.counterparty,
        token.asset!.symbol, token.asset!.address, decimal(token.amount, token.asset!.decimals), '', 'false'].join(','),
    );
  });

  it('falls back to Transfer logs and blocks when the indexer is down, saying from which block', async () => {
    demo.setServiceFault('indexer', { kind: 'refuse' });
    try {
      const truth = await groundTruth(TRADING);
      const page = await client.invoke('history.refresh', { address: TRADING, chainId: CHAIN });
      expect(page.source).toBe('logs');
      // The demo chain is younger than the 1,000-block scan window: scanned from genesis.
      expect(page.fromBlock).toBe(0n);
      expect(page.total).toBe(truth.transfers + truth.native + truth.calls);
      const rows = await allRows(TRADING);
      const hash = truth.nativeSends[0]!;
      const receipt = await anvil.getTransactionReceipt({ hash });
      expect(rows.find((r) => r.hash === hash && r.logIndex === null)?.fee).toBe(receipt.gasUsed * receipt.effectiveGasPrice);
    } finally {
      demo.setServiceFault('indexer', { kind: 'none' });
    }
  });

  it('serves the stored history as cache, with its read time, when the indexer and every provider fail', async () => {
    const before = await client.invoke('history.page', { address: TRADING, chainId: CHAIN, offset: 0, limit: 10 });
    demo.setServiceFault('indexer', { kind: 'refuse' });
    for (const provider of ['primary', 'secondary', 'public']) demo.setFault(provider, { kind: 'refuse' });
    try {
      const page = await client.invoke('history.refresh', { address: TRADING, chainId: CHAIN });
      expect(page.source).toBe('cache');
      expect(page.fetchedAt).toBe(before.fetchedAt);
      expect(page.total).toBe(before.total);
      expect(page.rows.slice(0, 10)).toEqual(before.rows);
    } finally {
      demo.setServiceFault('indexer', { kind: 'none' });
      for (const provider of ['primary', 'secondary', 'public']) demo.setFault(provider, { kind: 'none' });
    }
  });
});

function decimal(amount: bigint, decimals: number): string {
  const base = 10n ** BigInt(decimals);
  const fraction = (amount % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return fraction ? `${amount / base}.${fraction}` : `${amount / base}`;
}

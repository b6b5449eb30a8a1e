/**
 * Source 2: the chain itself, through the engine, over a limited recent window (no node indexes by address).
 *
 * - Token transfers: eth_getLogs for ERC-20 Transfer with the address as `from`, then as `to`, over the last
 *   LOGS_WINDOW_BLOCKS blocks (the engine's logsRange stage splits ranges that providers refuse).
 * - Native transfers and calls: nothing indexes them, so the last NATIVE_SCAN_BLOCKS blocks are read in full
 *   (eth_getBlockByNumber with transactions) in the background lane, a few at a time. That window is much smaller
 *   because every block costs one request of tens to hundreds of kilobytes; it is also the point from which the
 *   history is complete, so it is what HistoryPage.fromBlock reports.
 * - Fees and failures: one receipt per transaction the address sent or received (receipts carry gasUsed,
 *   effectiveGasPrice and status).
 */
import { getAddress, parseAbiItem, type Block, type Transaction } from 'viem';
import type { ChainEngine } from '../../engine/types';
import { erc20Abi } from '../abis';
import type { TransferFacts, TxFacts } from './decode';

/** About a week on Ethereum (12 s blocks); Transfer logs of a week are cheap to ask for. */
export const LOGS_WINDOW_BLOCKS = 50_000n;
/** About 3.3 hours on Ethereum: each block is one full-body request. */
export const NATIVE_SCAN_BLOCKS = 1_000n;
/** Blocks read at once by the scan: the background lane's concurrency, leaving room for other background work. */
const SCAN_CONCURRENCY = 4;
/** A full window on a slow provider takes a while; it runs in the background, so it may (the default is 60 s). */
const SCAN_DEADLINE_MS = 180_000;

const TRANSFER = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)');

export interface LogsRead {
  txs: TxFacts[];
  transfers: TransferFacts[];
  head: bigint;
  /** Where the native scan started: the history is complete from this block on. */
  completeFrom: bigint;
  /** Whether any answer came from the engine's last-known-good cache (then the read is not trusted as fresh). */
  cached: boolean;
}

/** Reads `address`'s history from block `after + 1` (bounded by the windows) to the head. */
export async function readLogs(chain: ChainEngine, address: `0x${string}`, after: bigint | null): Promise<LogsRead> {
  const { value, trace } = await chain.traced(() => read(chain, address, after), { priority: 'background', deadlineMs: SCAN_DEADLINE_MS });
  return { ...value, cached: trace.oldestCachedAt !== null };
}

async function read(chain: ChainEngine, address: `0x${string}`, after: bigint | null): Promise<Omit<LogsRead, 'cached'>> {
  const { client } = chain;
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const floor = (window: bigint) => (head + 1n > window ? head + 1n - window : 0n);
  const next = after === null ? 0n : after + 1n;
  const logsFrom = next > floor(LOGS_WINDOW_BLOCKS) ? next : floor(LOGS_WINDOW_BLOCKS);
  const completeFrom = floor(NATIVE_SCAN_BLOCKS);
  const scanFrom = next > completeFrom ? next : completeFrom;

  const [sent, received] =
    logsFrom > head
      ? [[], []]
      : await Promise.all([
          client.getLogs({ event: TRANSFER, args: { from: address }, fromBlock: logsFrom, toBlock: head }),
          client.getLogs({ event: TRANSFER, args: { to: address }, fromBlock: logsFrom, toBlock: head }),
        ]);
  const logs = [...sent, ...received].filter((log) => log.transactionHash !== null && log.blockNumber !== null);

  const blocks = new Map<bigint, Block<bigint, true>>();
  const numbers: bigint[] = [];
  for (let n = scanFrom; n <= head; n++) numbers.push(n);
  await inBatches(numbers, async (blockNumber) => {
    blocks.set(blockNumber, await client.getBlock({ blockNumber, includeTransactions: true }));
  });

  const mine = (tx: Transaction) => same(tx.from, address) || (tx.to !== null && same(tx.to, address));
  const ownTxs = [...blocks.values()].flatMap((block) => block.transactions.filter(mine));
  // Transactions seen only through their logs (outside the scan): fetched one by one for their sender and fee.
  const logHashes = new Set(logs.map((log) => log.transactionHash as `0x${string}`));
  for (const tx of ownTxs) logHashes.delete(tx.hash);
  const outsideTxs = await mapBatched([...logHashes], (hash) => client.getTransaction({ hash }));
  const allTxs = [...ownTxs, ...outsideTxs];
  const receipts = new Map(
    (await mapBatched(allTxs, (tx) => client.getTransactionReceipt({ hash: tx.hash }))).map((r) => [r.transactionHash, r]),
  );

  const timestamps = new Map<bigint, number>();
  for (const [n, block] of blocks) timestamps.set(n, Number(block.timestamp) * 1000);
  const missing = [...new Set(logs.map((log) => log.blockNumber as bigint))].filter((n) => !timestamps.has(n));
  await inBatches(missing, async (blockNumber) => {
    const block = await client.getBlock({ blockNumber });
    timestamps.set(blockNumber, Number(block.timestamp) * 1000);
  });

  const txs: TxFacts[] = allTxs.map((tx) => {
    const receipt = receipts.get(tx.hash);
    return {
      hash: tx.hash,
      blockNumber: tx.blockNumber as bigint,
      txIndex: tx.transactionIndex ?? 0,
      timestamp: timestamps.get(tx.blockNumber as bigint) ?? 0,
      from: getAddress(tx.from),
      to: tx.to ? getAddress(tx.to) : null,
      value: tx.value,
      input: tx.input,
      functionName: null,
      fee: receipt ? receipt.gasUsed * receipt.effectiveGasPrice : null,
      failed: receipt?.status === 'reverted',
    };
  });
  const tokens = await tokenInfo(chain, [...new Set(logs.map((log) => getAddress(log.address)))]);
  const transfers: TransferFacts[] = logs.map((log) => ({
    hash: log.transactionHash as `0x${string}`,
    blockNumber: log.blockNumber as bigint,
    txIndex: log.transactionIndex ?? 0,
    logIndex: log.logIndex ?? 0,
    timestamp: timestamps.get(log.blockNumber as bigint) ?? 0,
    token: tokens.get(getAddress(log.address)) ?? { address: getAddress(log.address), symbol: '?', decimals: 0 },
    from: getAddress(log.args.from ?? '0x0000000000000000000000000000000000000000'),
    to: getAddress(log.args.to ?? '0x0000000000000000000000000000000000000000'),
    value: log.args.value ?? 0n,
  }));
  // A self-transfer matches both queries: keep one.
  const unique = new Map(transfers.map((t) => [`${t.hash}:${t.logIndex}`, t]));
  return { txs, transfers: [...unique.values()], head, completeFrom };
}

/** Symbol and decimals: the configured tokens first, else read from the contract (a token without them gets `?`/0). */
async function tokenInfo(chain: ChainEngine, addresses: Array<`0x${string}`>): Promise<Map<string, TransferFacts['token']>> {
  const out = new Map<string, TransferFacts['token']>();
  const unknown: Array<`0x${string}`> = [];
  for (const address of addresses) {
    const known = chain.config.tokens.find((t) => same(t.address, address));
    if (known) out.set(address, { address, symbol: known.symbol, decimals: known.decimals });
    else unknown.push(address);
  }
  await inBatches(unknown, async (address) => {
    const [symbol, decimals] = await Promise.all([
      chain.client.readContract({ address, abi: erc20Abi, functionName: 'symbol' }).catch(() => '?'),
      chain.client.readContract({ address, abi: erc20Abi, functionName: 'decimals' }).catch(() => 0),
    ]);
    out.set(address, { address, symbol: String(symbol), decimals: Number(decimals) });
  });
  return out;
}

async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += SCAN_CONCURRENCY) {
    await Promise.all(items.slice(i, i + SCAN_CONCURRENCY).map(work));
  }
}

async function mapBatched<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  await inBatches(items, async (item) => {
    out.push(await work(item));
  });
  return out;
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

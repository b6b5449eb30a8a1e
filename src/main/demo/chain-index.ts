/**
 * An index of one demo chain, built from anvil itself (blocks with their transactions, receipts, ERC-20 Transfer
 * logs), as an explorer's indexer builds it from a node: the demo indexer API answers from here, so its answers are
 * real data, consistent with what the chain's providers say. It catches up with the head before each query, so
 * blocks mined after the seed (interval mining, a test's transaction) are in it too.
 */
import { createPublicClient, http, toFunctionSelector, type Abi, type PublicClient } from 'viem';
import { formatAbiItem } from 'viem/utils';
import { demoTokenAbi } from './abi';
import { demoArtifacts } from './compile';

export interface IndexedTx {
  blockNumber: bigint;
  blockHash: `0x${string}`;
  /** Block timestamp, seconds. */
  timeStamp: bigint;
  hash: `0x${string}`;
  nonce: bigint;
  transactionIndex: number;
  /** Lower case, as explorers answer. */
  from: string;
  /** Lower case; '' for a contract creation. */
  to: string;
  value: bigint;
  gas: bigint;
  /** The effective gas price paid (receipt), so that gasUsed × gasPrice is the fee. */
  gasPrice: bigint;
  gasUsed: bigint;
  cumulativeGasUsed: bigint;
  failed: boolean;
  input: `0x${string}`;
  /** Lower case; the created contract, '' otherwise. */
  contractAddress: string;
}

export interface IndexedTransfer {
  tx: IndexedTx;
  /** Position of the log in its block, as `eth_getLogs` numbers it. */
  logIndex: number;
  /** The token contract, lower case. */
  token: string;
  from: string;
  to: string;
  value: bigint;
}

export interface TokenMeta {
  name: string;
  symbol: string;
  decimals: number;
}

/** keccak256("Transfer(address,address,uint256)"). */
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
/** Blocks per JSON-RPC batch while catching up: a few hundred keeps each answer a few megabytes at most. */
const BLOCKS_PER_BATCH = 200;

interface RpcBlock {
  number: `0x${string}`;
  hash: `0x${string}`;
  timestamp: `0x${string}`;
  transactions: Array<{ hash: `0x${string}`; nonce: `0x${string}`; transactionIndex: `0x${string}`; from: string; to: string | null; value: `0x${string}`; gas: `0x${string}`; input: `0x${string}` }>;
}
interface RpcReceipt {
  transactionHash: `0x${string}`;
  status: `0x${string}`;
  gasUsed: `0x${string}`;
  cumulativeGasUsed: `0x${string}`;
  effectiveGasPrice: `0x${string}`;
  contractAddress: string | null;
  logs: Array<{ address: string; topics: `0x${string}`[]; data: `0x${string}`; logIndex: `0x${string}` }>;
}

export class ChainIndex {
  readonly txs: IndexedTx[] = [];
  readonly transfers: IndexedTransfer[] = [];
  /** The last block indexed. */
  head = -1n;
  private readonly client: PublicClient;
  private readonly tokens = new Map<string, Promise<TokenMeta | null>>();
  private syncing: Promise<void> | undefined;

  constructor(
    readonly chainId: number,
    private readonly anvilUrl: string,
  ) {
    this.client = createPublicClient({ transport: http(anvilUrl, { batch: true }) }) as PublicClient;
  }

  /** Indexes every block up to anvil's head; concurrent callers share one catch-up. */
  sync(): Promise<void> {
    this.syncing ??= this.catchUp().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  /** The token's name, symbol and decimals (null when the contract does not answer them), read once. */
  tokenMeta(address: string): Promise<TokenMeta | null> {
    let meta = this.tokens.get(address);
    if (meta === undefined) {
      const token = address as `0x${string}`;
      const read = <F extends 'name' | 'symbol' | 'decimals'>(functionName: F) =>
        this.client.readContract({ address: token, abi: demoTokenAbi, functionName });
      meta = Promise.all([read('name'), read('symbol'), read('decimals')]).then(
        ([name, symbol, decimals]) => ({ name, symbol, decimals }),
        () => null,
      );
      this.tokens.set(address, meta);
    }
    return meta;
  }

  private async catchUp(): Promise<void> {
    const latest = BigInt((await this.rpc([{ method: 'eth_blockNumber', params: [] }]))[0] as string);
    for (let from = this.head + 1n; from <= latest; from += BigInt(BLOCKS_PER_BATCH)) {
      const to = from + BigInt(BLOCKS_PER_BATCH) - 1n < latest ? from + BigInt(BLOCKS_PER_BATCH) - 1n : latest;
      const numbers: string[] = [];
      for (let n = from; n <= to; n++) numbers.push(`0x${n.toString(16)}`);
      const answers = await this.rpc(
        numbers.flatMap((n) => [
          { method: 'eth_getBlockByNumber', params: [n, true] },
          { method: 'eth_getBlockReceipts', params: [n] },
        ]),
      );
      for (let i = 0; i < numbers.length; i++) {
        this.add(answers[2 * i] as RpcBlock, answers[2 * i + 1] as RpcReceipt[]);
      }
      this.head = to;
    }
  }

  private add(block: RpcBlock, receipts: RpcReceipt[]): void {
    const byHash = new Map(receipts.map((r) => [r.transactionHash, r]));
    for (const t of block.transactions) {
      const receipt = byHash.get(t.hash);
      if (receipt === undefined) throw new Error(`indexer: no receipt for ${t.hash}`);
      const tx: IndexedTx = {
        blockNumber: BigInt(block.number),
        blockHash: block.hash,
        timeStamp: BigInt(block.timestamp),
        hash: t.hash,
        nonce: BigInt(t.nonce),
        transactionIndex: Number(t.transactionIndex),
        from: t.from.toLowerCase(),
        to: t.to?.toLowerCase() ?? '',
        value: BigInt(t.value),
        gas: BigInt(t.gas),
        gasPrice: BigInt(receipt.effectiveGasPrice),
        gasUsed: BigInt(receipt.gasUsed),
        cumulativeGasUsed: BigInt(receipt.cumulativeGasUsed),
        failed: receipt.status !== '0x1',
        input: t.input,
        contractAddress: receipt.contractAddress?.toLowerCase() ?? '',
      };
      this.txs.push(tx);
      for (const log of receipt.logs) {
        // ERC-20 only: ERC-721 Transfer has the token id as a third indexed topic and no data.
        if (log.topics[0] !== TRANSFER_TOPIC || log.topics.length !== 3 || log.data.length !== 66) continue;
        this.transfers.push({
          tx,
          logIndex: Number(log.logIndex),
          token: log.address.toLowerCase(),
          from: topicAddress(log.topics[1]),
          to: topicAddress(log.topics[2]),
          value: BigInt(log.data),
        });
      }
    }
  }

  private async rpc(calls: Array<{ method: string; params: unknown[] }>): Promise<unknown[]> {
    const response = await fetch(this.anvilUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(calls.map((call, id) => ({ jsonrpc: '2.0', id, ...call }))),
    });
    const answers = (await response.json()) as Array<{ id: number; result?: unknown; error?: { message: string } }>;
    const results: unknown[] = new Array(calls.length);
    for (const answer of answers) {
      if (answer.error !== undefined) throw new Error(`indexer: ${calls[answer.id]?.method}: ${answer.error.message}`);
      results[answer.id] = answer.result;
    }
    return results;
  }
}

function topicAddress(topic: `0x${string}` | undefined): string {
  return `0x${(topic ?? '').slice(-40)}`.toLowerCase();
}

let signatures: Map<string, string> | undefined;

/**
 * The called function as explorers show it, `transfer(address to, uint256 value)`, for the demo contracts' functions
 * (an explorer knows verified contracts' ABIs; the demo's are its verified contracts). '' when unknown.
 */
export function functionNameOf(input: string): string {
  if (signatures === undefined) {
    signatures = new Map();
    for (const artifact of Object.values(demoArtifacts())) {
      for (const item of artifact.abi as Abi) {
        if (item.type !== 'function') continue;
        signatures.set(toFunctionSelector(item), formatAbiItem(item, { includeName: true }));
      }
    }
  }
  return input.length >= 10 ? (signatures.get(input.slice(0, 10)) ?? '') : '';
}

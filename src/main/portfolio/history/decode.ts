/**
 * Turns what a source knows about an address's transactions (the transactions themselves and the ERC-20 Transfer
 * events in them) into history rows. Pure: the indexer source and the logs source both normalise into these facts,
 * so one set of rules decides kinds, directions and fees whichever source answered.
 */
import type { HistoryRow } from '../../../shared/domain';

/** A transaction the address sent or received, as far as the source knows it. */
export interface TxFacts {
  hash: `0x${string}`;
  blockNumber: bigint;
  /** Position in the block; orders rows of one block newest first. */
  txIndex: number;
  /** Epoch ms of the block. */
  timestamp: number;
  from: `0x${string}`;
  /** Null for a contract creation. */
  to: `0x${string}` | null;
  value: bigint;
  /** Calldata, or at least its first 4 bytes; `0x` for a plain transfer. */
  input: string;
  /** The function name when the source decoded it (Etherscan's `functionName`), else null. */
  functionName: string | null;
  /** gasUsed × effective gas price, in wei; null when the source does not say. */
  fee: bigint | null;
  failed: boolean;
}

/** One ERC-20 Transfer event of a transaction. */
export interface TransferFacts {
  hash: `0x${string}`;
  blockNumber: bigint;
  txIndex: number;
  logIndex: number;
  timestamp: number;
  token: { address: `0x${string}`; symbol: string; decimals: number };
  from: `0x${string}`;
  to: `0x${string}`;
  value: bigint;
}

/** A row as stored: the public row plus what orders it within its block. */
export interface StoredRow extends HistoryRow {
  txIndex: number;
}

/** Selectors common enough to name without an ABI; anything else shows as its 4-byte selector. */
const KNOWN_METHODS: Readonly<Record<string, string>> = {
  '0xa9059cbb': 'transfer',
  '0x095ea7b3': 'approve',
  '0x23b872dd': 'transferFrom',
  '0x40c10f19': 'mint',
  '0x42966c68': 'burn',
  '0xd0e30db0': 'deposit',
  '0x2e1a7d4d': 'withdraw',
  '0x82ab890a': 'update',
  '0x99a88ec4': 'upgrade',
  '0xa22cb465': 'setApprovalForAll',
  '0x42842e0e': 'safeTransferFrom',
  '0x3593564c': 'execute',
  '0x252dba42': 'aggregate',
  '0x82ad56cb': 'aggregate3',
};

/** `approve(address spender, uint256 amount)` → `approve`; otherwise the selector's known name or the selector. */
export function methodOf(input: string, functionName: string | null): string | null {
  const named = functionName?.trim().split('(')[0];
  if (named) return named;
  if (input.length < 10) return null;
  const selector = input.slice(0, 10).toLowerCase();
  return KNOWN_METHODS[selector] ?? selector;
}

const same = (a: string | null, b: string): boolean => a !== null && a.toLowerCase() === b.toLowerCase();

function directionOf(address: string, from: string, to: string | null): HistoryRow['direction'] {
  const out = same(from, address);
  const into = same(to, address);
  if (out && into) return 'self';
  if (out) return 'out';
  if (into) return 'in';
  return 'none';
}

/**
 * Rows for `address` from the facts of its transactions. Rules:
 * - native value moved to or from the address: one `sent` / `received` row (logIndex null);
 * - each Transfer event from or to the address: one `token-transfer` row (its logIndex);
 * - a transaction that moved neither (an approval, a call with no value): one `contract-call` row with its method,
 *   or a zero `sent` row when it carried no calldata either (a nonce-cancelling self-send);
 * - the fee (wei) goes once per transaction, on its first row, and only when the address sent it;
 * - a failed transaction keeps its intended kind and amount, flagged `failed` (it moved nothing but cost the fee).
 * Sorted newest first: block, then position in block, then log index (the native row last within its transaction).
 */
export function decodeHistory(
  address: `0x${string}`,
  chainId: number,
  native: { symbol: string; decimals: number },
  txs: readonly TxFacts[],
  transfers: readonly TransferFacts[],
): StoredRow[] {
  const byHash = new Map<string, { tx: TxFacts | null; transfers: TransferFacts[] }>();
  const groupOf = (hash: string) => {
    const key = hash.toLowerCase();
    let group = byHash.get(key);
    if (!group) byHash.set(key, (group = { tx: null, transfers: [] }));
    return group;
  };
  for (const tx of txs) groupOf(tx.hash).tx = tx;
  for (const transfer of transfers) {
    if (same(transfer.from, address) || same(transfer.to, address)) groupOf(transfer.hash).transfers.push(transfer);
  }

  const rows: StoredRow[] = [];
  for (const { tx, transfers: moved } of byHash.values()) {
    const own: StoredRow[] = [];
    if (tx && tx.value > 0n && (same(tx.from, address) || same(tx.to, address))) {
      const direction = directionOf(address, tx.from, tx.to);
      own.push({
        ...base(chainId, tx),
        logIndex: null,
        kind: direction === 'in' ? 'received' : 'sent',
        direction,
        counterparty: direction === 'in' ? tx.from : tx.to,
        asset: { address: 'native', symbol: native.symbol, decimals: native.decimals },
        amount: tx.value,
      });
    }
    for (const transfer of [...moved].sort((a, b) => a.logIndex - b.logIndex)) {
      const direction = directionOf(address, transfer.from, transfer.to);
      own.push({
        chainId,
        hash: transfer.hash,
        blockNumber: transfer.blockNumber,
        txIndex: transfer.txIndex,
        timestamp: transfer.timestamp,
        logIndex: transfer.logIndex,
        kind: 'token-transfer',
        direction,
        counterparty: direction === 'in' ? transfer.from : transfer.to,
        asset: { ...transfer.token },
        amount: transfer.value,
        fee: null,
        method: null,
        failed: tx?.failed ?? false,
      });
    }
    if (own.length === 0 && tx) {
      const method = methodOf(tx.input, tx.functionName);
      const direction = same(tx.from, address) ? (same(tx.to, address) ? 'self' : 'none') : 'none';
      own.push({
        ...base(chainId, tx),
        logIndex: null,
        kind: method === null ? 'sent' : 'contract-call',
        direction,
        counterparty: same(tx.from, address) ? tx.to : tx.from,
        asset: method === null ? { address: 'native', symbol: native.symbol, decimals: native.decimals } : null,
        amount: 0n,
        method,
      });
    }
    const first = own[0];
    if (first && tx && same(tx.from, address)) first.fee = tx.fee;
    rows.push(...own);
  }
  return rows.sort(newestFirst);
}

function base(chainId: number, tx: TxFacts): Omit<StoredRow, 'logIndex' | 'kind' | 'direction' | 'counterparty' | 'asset' | 'amount'> {
  return {
    chainId,
    hash: tx.hash,
    blockNumber: tx.blockNumber,
    txIndex: tx.txIndex,
    timestamp: tx.timestamp,
    fee: null,
    // A payable call keeps its method too; a plain transfer has no calldata and so none.
    method: methodOf(tx.input, tx.functionName),
    failed: tx.failed,
  };
}

/** Newest first; within a transaction, higher log indexes first and the native row (no log) last. */
export function newestFirst(a: StoredRow, b: StoredRow): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber > b.blockNumber ? -1 : 1;
  if (a.txIndex !== b.txIndex) return b.txIndex - a.txIndex;
  return (b.logIndex ?? -1) - (a.logIndex ?? -1);
}

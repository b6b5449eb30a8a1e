/**
 * Source 1: an Etherscan-v2- or Blockscout-compatible account API (`module=account`, actions `txlist` and
 * `tokentx`). Both speak the same query shape; Etherscan v2 also needs `chainid`.
 *
 * Paging: Etherscan refuses `page × offset` beyond 10,000, so pages are walked in ascending block order and, when the
 * cap is reached, the walk restarts at the last block seen (whose rows are dropped and read again whole).
 * Requests are sequential: free API keys allow a handful per second.
 */
import { getAddress } from 'viem';
import { SteadfastError } from '../../../shared/errors';
import type { TransferFacts, TxFacts } from './decode';

/** Where and how to reach the indexer; the key comes from the SecretStore (or the demo), never from settings. */
export interface IndexerEndpoint {
  kind: 'etherscan' | 'blockscout';
  baseUrl: string;
  apiKey: string | null;
}

export interface IndexerRead {
  txs: TxFacts[];
  transfers: TransferFacts[];
  /** The newest block among the rows (or the start block when there were none). */
  lastBlock: bigint;
}

const PAGE_SIZE = 1_000;
/** Etherscan's `page × offset` ceiling. */
const WINDOW_CAP = 10_000;
/** A runaway guard: an address with more rows than this is cut (newest are kept by a later incremental read). */
const MAX_ROWS = 200_000;
const REQUEST_TIMEOUT_MS = 15_000;

type Fetch = typeof fetch;

/** Reads every transaction and token transfer of `address` from `startBlock` on. */
export async function readIndexer(
  endpoint: IndexerEndpoint,
  chainId: number,
  address: `0x${string}`,
  startBlock: bigint,
  options: { fetch?: Fetch; signal?: AbortSignal } = {},
): Promise<IndexerRead> {
  const get = (action: string) => walk(endpoint, chainId, address, action, startBlock, options);
  // One after the other: two parallel walks would double the request rate a free key is allowed.
  const txRecords = await get('txlist');
  const tokenRecords = await get('tokentx');
  const txs = txRecords.map(toTxFacts);
  const transfers = toTransfers(tokenRecords);
  let lastBlock = startBlock;
  for (const item of [...txs, ...transfers]) if (item.blockNumber > lastBlock) lastBlock = item.blockNumber;
  return { txs, transfers, lastBlock };
}

type IndexerRecord = Record<string, string | undefined>;

async function walk(
  endpoint: IndexerEndpoint,
  chainId: number,
  address: string,
  action: string,
  startBlock: bigint,
  options: { fetch?: Fetch; signal?: AbortSignal },
): Promise<IndexerRecord[]> {
  let out: IndexerRecord[] = [];
  let from = startBlock;
  let page = 1;
  for (;;) {
    const batch = await query(endpoint, chainId, { action, address, startblock: String(from), page: String(page) }, options);
    out.push(...batch);
    if (batch.length < PAGE_SIZE || out.length >= MAX_ROWS) return out;
    if ((page + 1) * PAGE_SIZE <= WINDOW_CAP) {
      page += 1;
      continue;
    }
    const last = BigInt(batch.at(-1)?.blockNumber ?? from);
    // A single block holding a whole window of rows would loop forever: give up on it rather than spin.
    if (last === from) return out;
    // The next window starts AT the last block, which may have been cut mid-way: drop its rows and read it whole
    // again. (Deduplicating by content instead would merge two identical transfers of one transaction.)
    out = out.filter((record) => BigInt(record.blockNumber ?? -1) !== last);
    from = last;
    page = 1;
  }
}

async function query(
  endpoint: IndexerEndpoint,
  chainId: number,
  params: Record<string, string>,
  options: { fetch?: Fetch; signal?: AbortSignal },
): Promise<IndexerRecord[]> {
  const url = new URL(endpoint.baseUrl);
  if (endpoint.kind === 'etherscan' && !url.searchParams.has('chainid')) url.searchParams.set('chainid', String(chainId));
  url.searchParams.set('module', 'account');
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  url.searchParams.set('endblock', '999999999999');
  url.searchParams.set('offset', String(PAGE_SIZE));
  url.searchParams.set('sort', 'asc');
  if (endpoint.apiKey) url.searchParams.set('apikey', endpoint.apiKey);

  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)])
    : AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let body: unknown;
  try {
    const response = await (options.fetch ?? fetch)(url, { signal, headers: { accept: 'application/json' } });
    if (response.status === 429) throw indexerError('RATE_LIMITED', 'the indexer asks to slow down (HTTP 429)');
    if (!response.ok) throw indexerError('PROVIDER_ERROR', `the indexer answered HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    if (error instanceof SteadfastError) throw error;
    // The URL may carry the API key: the message names the failure, never the URL.
    const name = (error as Error).name;
    if (name === 'TimeoutError') throw indexerError('TIMEOUT', 'the indexer did not answer in time');
    throw indexerError('PROVIDER_ERROR', `the indexer could not be read (${name})`);
  }
  return recordsOf(body);
}

/** `{status:"1", result:[...]}`, or `{status:"0", message:"No transactions found", result:[]}` for none. */
export function recordsOf(body: unknown): IndexerRecord[] {
  const { status, message, result } = (body ?? {}) as { status?: unknown; message?: unknown; result?: unknown };
  if (Array.isArray(result) && (status === '1' || (status === '0' && /no (transactions|records)/i.test(String(message))))) {
    return result as IndexerRecord[];
  }
  const reason = typeof result === 'string' ? result : String(message ?? 'malformed answer');
  if (/rate limit/i.test(reason)) throw indexerError('RATE_LIMITED', `the indexer asks to slow down: ${reason.slice(0, 120)}`);
  throw indexerError('PROVIDER_ERROR', `the indexer refused: ${reason.slice(0, 120)}`);
}

function indexerError(code: 'PROVIDER_ERROR' | 'RATE_LIMITED' | 'TIMEOUT', message: string): SteadfastError {
  return new SteadfastError({ code, message, retryable: true, provider: 'indexer' });
}

const int = (value: string | undefined, fallback = '0'): bigint => BigInt(value === undefined || value === '' ? fallback : value);
const addr = (value: string | undefined): `0x${string}` => getAddress(value ?? '');

export function toTxFacts(r: IndexerRecord): TxFacts {
  const gasUsed = r.gasUsed === undefined || r.gasUsed === '' ? null : BigInt(r.gasUsed);
  // In txlist `gasPrice` is the price actually paid (the effective gas price for EIP-1559 transactions).
  const price = r.effectiveGasPrice ?? r.gasPrice;
  return {
    hash: (r.hash ?? '0x').toLowerCase() as `0x${string}`,
    blockNumber: int(r.blockNumber),
    txIndex: Number(r.transactionIndex ?? 0),
    timestamp: Number(r.timeStamp ?? 0) * 1000,
    from: addr(r.from),
    to: r.to ? addr(r.to) : null,
    value: int(r.value),
    input: r.input ?? r.methodId ?? '0x',
    functionName: r.functionName ? r.functionName : null,
    fee: gasUsed === null || price === undefined || price === '' ? null : gasUsed * BigInt(price),
    // `isError` is Etherscan's, `txreceipt_status` "0" a failed receipt after Byzantium.
    failed: r.isError === '1' || r.txreceipt_status === '0',
  };
}

/**
 * Etherscan's tokentx has no log index (Blockscout's has): without one, transfers of a transaction are numbered in
 * the order listed, which is log order, so one transaction's several transfers still give distinct rows.
 */
export function toTransfers(records: readonly IndexerRecord[]): TransferFacts[] {
  const ordinal = new Map<string, number>();
  return records.map((r) => {
    const hash = (r.hash ?? '0x').toLowerCase() as `0x${string}`;
    const next = ordinal.get(hash) ?? 0;
    ordinal.set(hash, next + 1);
    return {
      hash,
      blockNumber: int(r.blockNumber),
      txIndex: Number(r.transactionIndex ?? 0),
      logIndex: r.logIndex !== undefined && r.logIndex !== '' ? Number(r.logIndex) : next,
      timestamp: Number(r.timeStamp ?? 0) * 1000,
      token: { address: addr(r.contractAddress), symbol: r.tokenSymbol || '?', decimals: Number(r.tokenDecimal ?? 0) },
      from: addr(r.from),
      to: addr(r.to),
      value: int(r.value),
    };
  });
}

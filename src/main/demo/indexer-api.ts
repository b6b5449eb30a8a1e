/**
 * The demo indexer: the account module of the Etherscan API (`txlist`, `tokentx`), served the way Etherscan v2
 * (`/v2/api?chainid=N&...`, one host for every chain) and Blockscout (`/blockscout/<chainId>/api?...`, one instance
 * per chain) serve it, from indexes of the demo chains. Every value is a string, addresses are lower case, and
 * errors are the explorers' own `{ status: '0', message, result }` documents with HTTP 200, as theirs are.
 */
import type { IncomingMessage } from 'node:http';
import type { Fault } from '../../shared/domain';
import type { ProxyAnswer } from './faults';
import { functionNameOf, type ChainIndex, type IndexedTransfer, type IndexedTx } from './chain-index';
import { json, type ServiceApi } from './service-server';

/** The key the demo indexer accepts (an explorer account's key in real life). */
export const DEMO_INDEXER_KEY = 'STEADFASTDEMOINDEXERKEY0000000000';
/** Etherscan refuses windows past its 10 000th row; the demo does too, so paging code meets the same wall. */
const MAX_WINDOW = 10_000;

const notOk = (result: string): ProxyAnswer => json(200, { status: '0', message: 'NOTOK', result });

export function indexerApi(indexes: ReadonlyMap<number, ChainIndex>): ServiceApi {
  return {
    async answer(url: URL, _headers: IncomingMessage['headers']): Promise<ProxyAnswer> {
      const q = url.searchParams;
      let chainId: number;
      const blockscout = /^\/blockscout\/(\d+)\/api\/?$/.exec(url.pathname);
      if (url.pathname === '/v2/api' || url.pathname === '/v2/api/') {
        const id = q.get('chainid');
        if (id === null) return notOk('Missing chainid parameter (required for v2 api), please see https://api.etherscan.io/v2/chainlist for the list of supported chainids');
        chainId = Number(id);
        if (!q.get('apikey')) return notOk('Missing/Invalid API Key');
        if (q.get('apikey') !== DEMO_INDEXER_KEY) return notOk('Invalid API Key');
      } else if (blockscout) {
        chainId = Number(blockscout[1]);
        // Blockscout works without a key; a key that is given must be right.
        if (q.get('apikey') && q.get('apikey') !== DEMO_INDEXER_KEY) return notOk('Invalid API Key');
      } else {
        return json(404, { message: 'Not found' });
      }
      const index = indexes.get(chainId);
      if (index === undefined) return notOk(`Invalid chainid ${q.get('chainid') ?? chainId}`);
      if (q.get('module') !== 'account') return notOk('Error! Missing Or invalid Module name');
      const action = q.get('action');
      if (action !== 'txlist' && action !== 'tokentx') return notOk('Error! Missing Or invalid Action name');

      const address = q.get('address')?.toLowerCase();
      const contract = q.get('contractaddress')?.toLowerCase();
      const isAddress = (value: string | undefined): boolean => value !== undefined && /^0x[0-9a-f]{40}$/.test(value);
      if (action === 'txlist' ? !isAddress(address) : !isAddress(address) && !isAddress(contract)) {
        return notOk('Error! Invalid address format');
      }
      if (contract !== undefined && !isAddress(contract)) return notOk('Error! Invalid contract address format');
      const page = intParam(q.get('page'), 1);
      const offset = intParam(q.get('offset'), MAX_WINDOW);
      if (page === null || offset === null || page < 1 || offset < 1) return notOk('Error! Invalid page or offset');
      if (page * offset > MAX_WINDOW) return notOk('Result window is too large, PageNo x Offset size must be less than or equal to 10000');
      const startBlock = BigInt(intParam(q.get('startblock'), 0) ?? 0);
      const endBlock = BigInt(intParam(q.get('endblock'), Number.MAX_SAFE_INTEGER) ?? Number.MAX_SAFE_INTEGER);
      const descending = q.get('sort') === 'desc';

      await index.sync();
      const inRange = (tx: IndexedTx): boolean => tx.blockNumber >= startBlock && tx.blockNumber <= endBlock;
      const head = index.head;
      let rows: Array<Record<string, string>>;
      if (action === 'txlist') {
        const txs = index.txs.filter((tx) => inRange(tx) && (tx.from === address || tx.to === address || tx.contractAddress === address));
        rows = window(txs, descending, page, offset).map((tx) => txRow(tx, head));
      } else {
        const transfers = index.transfers.filter(
          (t) => inRange(t.tx) && (contract === undefined || t.token === contract) && (address === undefined || t.from === address || t.to === address),
        );
        const picked = window(transfers, descending, page, offset);
        rows = await Promise.all(picked.map(async (t) => transferRow(t, head, await index.tokenMeta(t.token))));
      }
      if (rows.length === 0) return json(200, { status: '0', message: 'No transactions found', result: [] });
      return json(200, { status: '1', message: 'OK', result: rows });
    },
    rpcError(fault: Extract<Fault, { kind: 'rpc-error' }>): ProxyAnswer {
      // Etherscan's rate limit is this document with HTTP 200, e.g. "Max calls per sec rate limit reached (5/sec)".
      return notOk(fault.message);
    },
  };
}

/** Rows are kept in chain order (block, then position), so ascending is as stored and descending its reverse. */
function window<T>(rows: T[], descending: boolean, page: number, offset: number): T[] {
  const ordered = descending ? [...rows].reverse() : rows;
  return ordered.slice((page - 1) * offset, page * offset);
}

function intParam(value: string | null, fallback: number): number | null {
  if (value === null || value === '') return fallback;
  return /^\d+$/.test(value) ? Number(value) : null;
}

function common(tx: IndexedTx): Record<string, string> {
  return {
    blockNumber: tx.blockNumber.toString(),
    timeStamp: tx.timeStamp.toString(),
    hash: tx.hash,
    nonce: tx.nonce.toString(),
    blockHash: tx.blockHash,
    transactionIndex: String(tx.transactionIndex),
  };
}

function txRow(tx: IndexedTx, head: bigint): Record<string, string> {
  return {
    ...common(tx),
    from: tx.from,
    to: tx.to,
    value: tx.value.toString(),
    gas: tx.gas.toString(),
    gasPrice: tx.gasPrice.toString(),
    isError: tx.failed ? '1' : '0',
    txreceipt_status: tx.failed ? '0' : '1',
    input: tx.input,
    contractAddress: tx.contractAddress,
    cumulativeGasUsed: tx.cumulativeGasUsed.toString(),
    gasUsed: tx.gasUsed.toString(),
    confirmations: (head - tx.blockNumber + 1n).toString(),
    methodId: tx.input.length >= 10 ? tx.input.slice(0, 10) : '0x',
    functionName: functionNameOf(tx.input),
  };
}

function transferRow(t: IndexedTransfer, head: bigint, meta: { name: string; symbol: string; decimals: number } | null): Record<string, string> {
  const { tx } = t;
  return {
    ...common(tx),
    from: t.from,
    contractAddress: t.token,
    to: t.to,
    value: t.value.toString(),
    tokenName: meta?.name ?? '',
    tokenSymbol: meta?.symbol ?? '',
    tokenDecimal: meta === null ? '' : String(meta.decimals),
    gas: tx.gas.toString(),
    gasPrice: tx.gasPrice.toString(),
    gasUsed: tx.gasUsed.toString(),
    cumulativeGasUsed: tx.cumulativeGasUsed.toString(),
    input: 'deprecated',
    methodId: tx.input.length >= 10 ? tx.input.slice(0, 10) : '0x',
    functionName: functionNameOf(tx.input),
    confirmations: (head - tx.blockNumber + 1n).toString(),
    logIndex: String(t.logIndex),
  };
}

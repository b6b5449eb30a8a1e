import { describe, expect, it } from 'vitest';
import { apiUrl } from '../../../src/main/portfolio/history/history-service';
import { readIndexer, recordsOf, toTransfers, toTxFacts } from '../../../src/main/portfolio/history/indexer-source';
import { SteadfastError } from '../../../src/shared/errors';
import { BOB, ME, TOKEN } from './facts';

const lower = (a: string) => a.toLowerCase();

describe('indexer answers', () => {
  it('reads txlist rows: fee from gasUsed × gasPrice, failure from isError', () => {
    const facts = toTxFacts({
      blockNumber: '12', timeStamp: '1700000000', hash: '0xAB', transactionIndex: '3', from: lower(ME), to: lower(BOB),
      value: '1000000000000000000', gasUsed: '21000', gasPrice: '1000000007', isError: '1', txreceipt_status: '0',
      input: '0x', functionName: '',
    });
    expect(facts).toEqual({
      hash: '0xab', blockNumber: 12n, txIndex: 3, timestamp: 1_700_000_000_000, from: ME, to: BOB,
      value: 10n ** 18n, input: '0x', functionName: null, fee: 21_000_000_147_000n, failed: true,
    });
  });

  it('numbers transfers of one transaction when the indexer gives no log index', () => {
    const base = { blockNumber: '1', timeStamp: '1', hash: '0x01', from: lower(ME), to: lower(BOB), contractAddress: lower(TOKEN), tokenSymbol: 'USDC', tokenDecimal: '6' };
    const transfers = toTransfers([{ ...base, value: '1' }, { ...base, value: '2' }, { ...base, hash: '0x02', value: '3', logIndex: '9' }]);
    expect(transfers.map((t) => [t.hash, t.logIndex, t.value])).toEqual([['0x01', 0, 1n], ['0x01', 1, 2n], ['0x02', 9, 3n]]);
  });

  it('treats "No transactions found" as empty and a NOTOK as a typed error', () => {
    expect(recordsOf({ status: '0', message: 'No transactions found', result: [] })).toEqual([]);
    expect(() => recordsOf({ status: '0', message: 'NOTOK', result: 'Max rate limit reached' })).toThrow(
      expect.objectContaining({ code: 'RATE_LIMITED' }) as SteadfastError,
    );
    expect(() => recordsOf({ status: '0', message: 'NOTOK', result: 'Invalid API Key' })).toThrow(/Invalid API Key/);
  });

  it('walks pages and restarts at the last block past the 10,000-row window', async () => {
    const asked: string[] = [];
    // 10,500 rows, 10 per block; then the tokentx walk finds nothing.
    const all = Array.from({ length: 10_500 }, (_, i) => ({
      blockNumber: String(Math.floor(i / 10)), timeStamp: '1', hash: `0x${i.toString(16)}`, from: lower(ME), to: lower(BOB), value: '1', gasUsed: '1', gasPrice: '1',
    }));
    const fake = (async (input: URL) => {
      const url = new URL(input);
      asked.push(`${url.searchParams.get('action')}:${url.searchParams.get('startblock')}:${url.searchParams.get('page')}`);
      expect(url.searchParams.get('chainid')).toBe('5');
      expect(url.searchParams.get('apikey')).toBe('k');
      if (url.searchParams.get('action') !== 'txlist') return Response.json({ status: '0', message: 'No transactions found', result: [] });
      const start = Number(url.searchParams.get('startblock'));
      const page = Number(url.searchParams.get('page'));
      const rows = all.filter((r) => Number(r.blockNumber) >= start).slice((page - 1) * 1000, page * 1000);
      return Response.json({ status: '1', message: 'OK', result: rows });
    }) as unknown as typeof fetch;
    const read = await readIndexer({ kind: 'etherscan', baseUrl: 'http://x/v2/api', apiKey: 'k' }, 5, ME, 0n, { fetch: fake });
    expect(read.txs).toHaveLength(10_500);
    expect(read.lastBlock).toBe(1049n);
    expect(asked.slice(9, 12)).toEqual(['txlist:0:10', 'txlist:999:1', 'tokentx:0:1']);
  });

  it('finds the account API under a root URL', () => {
    expect(apiUrl('etherscan', 'https://api.etherscan.io')).toBe('https://api.etherscan.io/v2/api');
    expect(apiUrl('etherscan', 'https://api.etherscan.io/v2/api')).toBe('https://api.etherscan.io/v2/api');
    expect(apiUrl('blockscout', 'https://eth.blockscout.com/')).toBe('https://eth.blockscout.com/api');
  });
});

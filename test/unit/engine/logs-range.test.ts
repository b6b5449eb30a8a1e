import { describe, expect, it } from 'vitest';
import { SteadfastError } from '../../../src/shared/errors';
import { isRangeLimitError, logsRange } from '../../../src/main/engine/logs-range';
import { compose, type Handler } from '../../../src/main/engine/pipeline';
import { isRangeLimitMessage } from '../../../src/main/engine/range-limit';
import { rejection } from './fixtures';

type Refuse = (message: string) => SteadfastError;

const asRpcError: Refuse = (message) =>
  new SteadfastError({ code: 'RPC_ERROR', message, retryable: false, provider: 'primary', details: { rpcCode: -32602 } });
const asAllFailed: Refuse = (message) =>
  new SteadfastError({
    code: 'ALL_PROVIDERS_FAILED',
    message: `every provider failed (primary: ${message}; secondary: connection refused)`,
    retryable: true,
    details: {
      attempts: [
        { provider: 'primary', code: 'RATE_LIMITED', message: `JSON-RPC -32005: ${message}` },
        { provider: 'secondary', code: 'PROVIDER_ERROR', message: 'connection refused (ECONNREFUSED)' },
      ],
    },
  });

/** A chain of `head + 1` blocks with one log per block, behind a provider refusing ranges wider than `limit`. */
function provider(limit: number, head = 99, refuse: Refuse = asRpcError) {
  const calls: Array<{ method: string; params: readonly unknown[] }> = [];
  const handler: Handler = async ({ method, params }) => {
    calls.push({ method, params });
    if (method === 'eth_blockNumber') return { result: `0x${head.toString(16)}`, provider: 'primary', latencyMs: 1 };
    const { fromBlock, toBlock } = params[0] as { fromBlock: string; toBlock: string };
    const from = Number(fromBlock === 'earliest' ? 0 : fromBlock);
    const to = typeof toBlock === 'string' && toBlock.startsWith('0x') ? Number(toBlock) : head; // a tag: the head
    if (to - from + 1 > limit) throw refuse('query returned more than 10000 results');
    const logs = Array.from({ length: to - from + 1 }, (_, i) => ({ blockNumber: `0x${(from + i).toString(16)}` }));
    return { result: logs, provider: 'primary', latencyMs: 1 };
  };
  return { calls, handler };
}

const blocks = (result: unknown) => (result as Array<{ blockNumber: string }>).map((l) => Number(l.blockNumber));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const signal = new AbortController().signal;

describe('eth_getLogs range splitting', () => {
  it('halves a refused range until each piece passes, and concatenates the logs in block order', async () => {
    const p = provider(30);
    const recorded: string[] = [];
    const handle = compose([logsRange({ tracer: { record: (name) => recorded.push(name) } })], p.handler);
    const response = await handle({ method: 'eth_getLogs', params: [{ address: '0xa', fromBlock: '0x0', toBlock: '0x63' }], signal });
    expect(blocks(response.result)).toEqual(range(0, 99));
    expect(response.provider).toBe('primary');
    // 100 → 50+50 (both refused) → 4 × 25 answered: 1 + 2 + 4 requests.
    expect(p.calls).toHaveLength(7);
    expect(p.calls.every((c) => (c.params[0] as { address: string }).address === '0xa')).toBe(true);
    expect(recorded).toEqual(['primary', 'primary', 'primary', 'primary']);
  });

  it('resolves latest (and a missing toBlock) once through the same path, earliest as 0', async () => {
    const p = provider(60, 99);
    const handle = compose([logsRange()], p.handler);
    const response = await handle({ method: 'eth_getLogs', params: [{ fromBlock: 'earliest' }], signal });
    expect(blocks(response.result)).toEqual(range(0, 99));
    expect(p.calls.map((c) => c.method)).toEqual(['eth_getLogs', 'eth_blockNumber', 'eth_getLogs', 'eth_getLogs']);
    expect(p.calls[2]?.params[0]).toEqual({ fromBlock: '0x0', toBlock: '0x31' });
  });

  it('recognizes the refusal when classification made it a fault of every provider', async () => {
    const p = provider(50, 99, asAllFailed);
    const response = await compose([logsRange()], p.handler)({
      method: 'eth_getLogs',
      params: [{ fromBlock: '0x0', toBlock: '0x63' }],
      signal,
    });
    expect(blocks(response.result)).toEqual(range(0, 99));
  });

  it('returns the provider error when a single block is still refused', async () => {
    const p = provider(0);
    const error = await rejection(
      compose([logsRange()], p.handler)({ method: 'eth_getLogs', params: [{ fromBlock: '0x5', toBlock: '0x6' }], signal }),
    );
    expect(error).toMatchObject({ code: 'RPC_ERROR', message: 'query returned more than 10000 results' });
    expect(p.calls).toHaveLength(2); // the pair, then block 5 alone
  });

  it('caps the sub-requests and the depth, saying why it stopped', async () => {
    const p = provider(1, 1_000_000);
    const handle = compose([logsRange({ maxSubRequests: 10, maxDepth: 50 })], p.handler);
    const capped = await rejection(handle({ method: 'eth_getLogs', params: [{ fromBlock: '0x0', toBlock: '0xf4240' }], signal }));
    expect(capped.message).toMatch(/not split: it would take more than 10 sub-requests/);
    expect(p.calls).toHaveLength(11);

    const shallow = provider(1, 1_000_000);
    const deep = await rejection(
      compose([logsRange({ maxDepth: 2 })], shallow.handler)({ method: 'eth_getLogs', params: [{ fromBlock: '0x0', toBlock: '0x63' }], signal }),
    );
    expect(deep.details).toMatchObject({ notSplit: 'the range was halved 2 times already' });
  });

  it('refuses to split tags it cannot resolve, block hashes, and passes other errors and methods through', async () => {
    const p = provider(10);
    const handle = compose([logsRange()], p.handler);
    const safe = await rejection(handle({ method: 'eth_getLogs', params: [{ fromBlock: '0x0', toBlock: 'safe' }], signal }));
    expect(safe.details).toMatchObject({ notSplit: expect.stringContaining('"safe" is not a number') });
    const hash = await rejection(handle({ method: 'eth_getLogs', params: [{ blockHash: '0xabc', fromBlock: '0x0', toBlock: '0x63' }], signal }));
    expect(hash.details).toMatchObject({ notSplit: 'a blockHash filter names a single block' });

    const other = new SteadfastError({ code: 'RPC_ERROR', message: 'execution reverted', retryable: false });
    const failing: Handler = () => Promise.reject(other);
    expect(await rejection(compose([logsRange()], failing)({ method: 'eth_getLogs', params: [{}], signal }))).toBe(other);
    const refusal = asRpcError('query returned more than 10000 results');
    const refusing: Handler = () => Promise.reject(refusal);
    expect(await rejection(compose([logsRange()], refusing)({ method: 'eth_call', params: [{}], signal }))).toBe(refusal);
  });
});

describe('range-limit recognizer', () => {
  it.each([
    'query returned more than 10000 results',
    'query returned more than 10000 results. Try with this block range [0xBDE5F8, 0x102DBCC].',
    'range 1000000 exceeds limit of 10000',
    'Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size',
    'You can make eth_getLogs requests with up to a 500 block range. Based on your parameters, this block range should work: [0x1, 0x2]',
    'eth_getLogs is limited to a 10,000 range',
    'eth_getLogs and eth_newFilter are limited to a 10,000 blocks range',
    'exceed maximum block range: 5000',
    'block range is too wide',
    'maximum [from, to] blocks distance: 10000',
    'block range too large, max range: 1000',
    'block range is bigger than maxBlockRange',
    'block range is larger than max block range, block range = 5120, max block range = 5000',
    '{"error_id":"4ed9","payload":"range 9009594 is bigger than range limit 2000"}',
    'Response is too big',
  ])('%s', (message) => {
    expect(isRangeLimitMessage(message)).toBe(true);
  });

  it.each(['execution reverted', 'header not found', 'request rate exceeded', 'daily request limit reached', 'invalid params'])(
    'not: %s',
    (message) => {
      expect(isRangeLimitMessage(message)).toBe(false);
    },
  );

  it('finds a refusal in RPC_ERROR data and in a fault', () => {
    expect(
      isRangeLimitError(
        new SteadfastError({
          code: 'RPC_ERROR',
          message: 'invalid params',
          retryable: false,
          details: { data: { payload: 'range 9009594 is bigger than range limit 2000' } },
        }),
      ),
    ).toBe(true);
    expect(isRangeLimitError(new SteadfastError({ code: 'PROVIDER_ERROR', message: 'p: JSON-RPC -32000: exceed maximum block range: 5000', retryable: true }))).toBe(true);
    expect(isRangeLimitError(new SteadfastError({ code: 'TIMEOUT', message: 'block range is too wide', retryable: true }))).toBe(false);
  });
});

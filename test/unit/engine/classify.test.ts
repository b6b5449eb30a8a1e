/** Edge cases of JSON-RPC error classification that the server-backed table does not reach. */
import { describe, expect, it } from 'vitest';
import { classifyResponse, classifyRpcError, classifyThrown } from '../../../src/main/engine/classify';

const kindOf = (error: unknown): string => {
  const c = classifyRpcError(error);
  return c.kind === 'fault' ? c.code : 'RPC_ERROR';
};

describe('classifyRpcError', () => {
  it.each([
    [{ code: 3, message: 'execution reverted: rate limit exceeded' }, 'RPC_ERROR'],
    [{ code: -32000, message: 'execution reverted: too many requests' }, 'RPC_ERROR'],
    [{ code: -32007, message: '10/second request limit reached' }, 'RATE_LIMITED'],
    [{ code: 429, message: 'Your app has exceeded its compute units per second capacity' }, 'RATE_LIMITED'],
    [{ code: -32000, message: 'missing trie node abc (path )' }, 'PROVIDER_ERROR'],
    [{ code: -32602, message: 'invalid argument 1: hex string without 0x prefix' }, 'RPC_ERROR'],
    [{ code: -32000, message: 'out of gas' }, 'RPC_ERROR'],
    [{ code: 'x', message: 'no numeric code' }, 'PROVIDER_ERROR'],
    ['just a string', 'PROVIDER_ERROR'],
  ])('%j → %s', (error, expected) => {
    expect(kindOf(error)).toBe(expected);
  });
});

describe('classifyResponse', () => {
  it('accepts a null result and keeps it', () => {
    expect(classifyResponse({ status: 200, body: '{"jsonrpc":"2.0","id":7,"result":null}' }, 7)).toEqual({
      kind: 'ok',
      result: null,
    });
  });

  it('reads a JSON-RPC error with id null (the server could not read the id) as an answer about our request', () => {
    const body = '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request"}}';
    expect(classifyResponse({ status: 400, body }, 7)).toMatchObject({ kind: 'rpc-error', rpcCode: -32600 });
  });

  it('treats a 4xx without a JSON-RPC error as the provider’s fault, and a batch answer as not ours', () => {
    expect(classifyResponse({ status: 401, body: '{"id":7,"message":"bad key"}' }, 7)).toMatchObject({
      kind: 'fault',
      code: 'PROVIDER_ERROR',
    });
    expect(classifyResponse({ status: 200, body: '[{"id":7,"result":"0x1"}]' }, 7)).toMatchObject({ kind: 'fault' });
  });

  it('treats 401/403/404/407 as the provider refusing us, whatever JSON-RPC error the body carries', () => {
    const body = '{"jsonrpc":"2.0","id":7,"error":{"code":-32600,"message":"Must be authenticated!"}}';
    expect(classifyResponse({ status: 401, body }, 7)).toEqual({
      kind: 'fault',
      code: 'PROVIDER_ERROR',
      message: 'HTTP 401: Must be authenticated!',
    });
    expect(classifyResponse({ status: 403, body: '<html>denied</html>' }, 7)).toEqual({
      kind: 'fault',
      code: 'PROVIDER_ERROR',
      message: 'HTTP 403',
    });
    const notFound = '{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"method not found"}}';
    expect(classifyResponse({ status: 404, body: notFound }, 7)).toMatchObject({ kind: 'fault', message: 'HTTP 404: method not found' });
  });

  it('mentions Retry-After on a 429', () => {
    expect(classifyResponse({ status: 429, body: '', retryAfter: '3' }, 1)).toEqual({
      kind: 'fault',
      code: 'RATE_LIMITED',
      message: 'HTTP 429 Too Many Requests (retry after 3)',
      retryAfter: '3',
    });
  });
});

describe('facts the request path acts on', () => {
  it('marks only resets, closed sockets and 502/503/504 as transient (worth a retry on the same provider)', () => {
    const thrown = (code: string) =>
      classifyThrown(Object.assign(new Error(code), { code }), { callerAborted: false, timedOut: false, timeoutMs: 1 });
    expect(thrown('ECONNRESET')).toMatchObject({ kind: 'fault', transient: true });
    expect(thrown('UND_ERR_SOCKET')).toMatchObject({ kind: 'fault', transient: true });
    expect(thrown('ECONNREFUSED')).not.toHaveProperty('transient');
    expect(thrown('UND_ERR_HEADERS_TIMEOUT')).not.toHaveProperty('transient');
    for (const status of [502, 503, 504]) {
      expect(classifyResponse({ status, body: '' }, 1)).toMatchObject({ kind: 'fault', transient: true });
    }
    expect(classifyResponse({ status: 500, body: '' }, 1)).not.toHaveProperty('transient');
    expect(classifyResponse({ status: 429, body: '' }, 1)).not.toHaveProperty('transient');
  });

  it('keeps Retry-After on rate limits, from a 429 or beside a JSON-RPC rate-limit error', () => {
    expect(classifyResponse({ status: 429, body: '', retryAfter: '2' }, 1)).toMatchObject({ retryAfter: '2' });
    const body = '{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"limit exceeded"}}';
    expect(classifyResponse({ status: 200, body, retryAfter: '3' }, 1)).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfter: '3',
    });
  });

  it.each([
    [{ code: -32601, message: 'Method not found' }],
    [{ code: -32601, message: '' }],
    [{ code: -32000, message: 'the method debug_traceCall does not exist/is not available' }],
    [{ code: -32600, message: 'Unsupported method: trace_block' }],
  ])('%j → unsupported (try the next provider, count nothing)', (error) => {
    expect(classifyRpcError(error).kind).toBe('unsupported');
  });
});

/**
 * Prices: exact decimal parsing, the fallback chain (chainlink → price-api → cache with age), and keys by chain and
 * contract address, never by symbol. The price API is a real local HTTP server speaking CoinGecko's `simple` API.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Price, PriceSourceName } from '../../../src/shared/domain';
import { parseJsonNumbersAsText, parseScaledDecimal } from '../../../src/main/portfolio/prices/decimal';
import { PriceBook, type PriceSetup } from '../../../src/main/portfolio/prices/price-book';
import { openDatabase, type Database } from '../../../src/main/storage/database';

const USDC_A = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
/** Another token that also calls itself USDC on the same chain. */
const USDC_B = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const GOV = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';

describe('parseScaledDecimal (8 decimals, exact, rounding toward zero)', () => {
  it.each([
    ['0.9996', 99_960_000n],
    ['60000', 6_000_000_000_000n],
    ['1e-8', 1n],
    ['1E-8', 1n],
    ['6e4', 6_000_000_000_000n],
    ['1.5e+3', 150_000_000_000n],
    ['12.5', 1_250_000_000n],
    ['0.123456789', 12_345_678n], // the 9th decimal is dropped, never rounded up
    ['0.999999999999', 99_999_999n],
    ['5e-9', 0n], // below one unit: 0, which the price API treats as "no price"
    ['123456789012345678901234567890', 12_345_678_901_234_567_890_123_456_789_000_000_000n],
  ])('%s → %s', (text, expected) => {
    expect(parseScaledDecimal(text)).toBe(expected);
  });

  it.each(['-1', '', 'abc', '0x10', 'NaN', 'Infinity', '1e999', '.5'])('refuses %j', (text) => {
    expect(parseScaledDecimal(text)).toBeNull();
  });

  it('reads JSON numbers from their source text, not through a float', () => {
    const body = parseJsonNumbersAsText('{"a":{"usd":0.9996,"last_updated_at":1700000000},"b":{"usd":1.0000000000000002}}');
    expect(body).toEqual({ a: { usd: '0.9996', last_updated_at: '1700000000' }, b: { usd: '1.0000000000000002' } });
    // Why not a float: 0.29 × 1e8 is 28999999.999999996, which truncates a unit short.
    expect(Math.trunc(0.29 * 1e8)).toBe(28_999_999);
    expect(parseScaledDecimal('0.29')).toBe(29_000_000n);
  });
});

/** A CoinGecko-compatible server whose answers and failure the test sets. */
let server: Server;
let baseUrl: string;
let answers: { tokens: string; coins: string; status: number };
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.url} key=${String(req.headers['x-cg-demo-api-key'] ?? '')}`);
    res.writeHead(answers.status, { 'content-type': 'application/json' });
    res.end(req.url?.startsWith('/api/v3/simple/token_price/') ? answers.tokens : answers.coins);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v3`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let db: Database;
afterEach(() => {
  db?.close();
  seen.length = 0;
});

function book(order: PriceSourceName[], now = () => 5_000_000, live = () => true): PriceBook {
  db = openDatabase(':memory:');
  const setup = (): PriceSetup => ({ order, api: { baseUrl, apiKey: 'k3y' }, apiMinIntervalMs: 0 });
  return new PriceBook({ db, setup, ids: () => ({ platform: 'steadfast-local', nativeId: 'ethereum' }), now, live });
}

const feed = (usd: bigint, at = 1_000_000): Price => ({ usd, source: 'chainlink', at });

describe('PriceBook fallback chain', () => {
  it('takes chainlink first, the API for what feeds do not price, and the cache (with its own age) when both fail', async () => {
    answers = {
      status: 200,
      tokens: `{"${GOV.toLowerCase()}":{"usd":12.5,"last_updated_at":1700000000}}`,
      coins: '{"ethereum":{"usd":2999.99,"last_updated_at":1700000001}}',
    };
    const prices = book(['chainlink', 'price-api']);
    const live = await prices.resolve(31337, ['native', USDC_A, GOV], new Map([[USDC_A.toLowerCase(), feed(100_000_000n)]]));
    expect(live.errors).toEqual([]);
    expect(live.prices.get(USDC_A.toLowerCase())).toEqual({ usd: 100_000_000n, source: 'chainlink', at: 1_000_000 });
    expect(live.prices.get(GOV.toLowerCase())).toEqual({ usd: 1_250_000_000n, source: 'price-api', at: 1_700_000_000_000 });
    expect(live.prices.get('native')).toEqual({ usd: 299_999_000_000n, source: 'price-api', at: 1_700_000_001_000 });
    // One request for all tokens of the chain (not one per token), one for the native coin; the key goes along.
    expect(seen).toEqual([
      `/api/v3/simple/token_price/steadfast-local?contract_addresses=${GOV.toLowerCase()}&vs_currencies=usd&include_last_updated_at=true key=k3y`,
      '/api/v3/simple/price?ids=ethereum&vs_currencies=usd&include_last_updated_at=true key=k3y',
    ]);

    // The feed fails (no answer) and the API answers 503: each asset falls back to its last live price, labelled cache.
    answers.status = 503;
    const fallback = await prices.resolve(31337, ['native', USDC_A, GOV], new Map());
    expect(fallback.errors.map((e) => [e.code, e.message])).toEqual([['PROVIDER_ERROR', 'the price API answered HTTP 503']]);
    expect(fallback.prices.get(USDC_A.toLowerCase())).toEqual({ usd: 100_000_000n, source: 'cache', at: 1_000_000 });
    expect(fallback.prices.get(GOV.toLowerCase())).toEqual({ usd: 1_250_000_000n, source: 'cache', at: 1_700_000_000_000 });
    expect(prices.current(31337, GOV)).toEqual({ usd: 1_250_000_000n, source: 'cache', at: 1_700_000_000_000 });
  });

  it('answers the stored prices alone (for a reading served from cache), asking no source', async () => {
    answers = { status: 200, tokens: `{"${GOV.toLowerCase()}":{"usd":12.5,"last_updated_at":1700000000}}`, coins: '{}' };
    const prices = book(['chainlink', 'price-api']);
    expect(prices.cached(31337, [GOV, 'native'])).toEqual(new Map());
    await prices.resolve(31337, [USDC_A, GOV], new Map([[USDC_A.toLowerCase(), feed(100_000_000n)]]));
    const asked = seen.length;
    expect(prices.cached(31337, ['native', USDC_A, GOV.toUpperCase().replace('0X', '0x')])).toEqual(
      new Map([
        [USDC_A.toLowerCase(), { usd: 100_000_000n, source: 'cache', at: 1_000_000 }],
        [GOV.toLowerCase(), { usd: 1_250_000_000n, source: 'cache', at: 1_700_000_000_000 }],
      ]),
    );
    expect(prices.cached(31338, [GOV])).toEqual(new Map()); // keyed by chain
    expect(seen.length).toBe(asked);
  });

  it('while health has stepped real-time prices down, asks no price API and serves the cache with its age', async () => {
    answers = { status: 200, tokens: `{"${GOV.toLowerCase()}":{"usd":12.5,"last_updated_at":1700000000}}`, coins: '{}' };
    let live = true;
    const prices = book(['chainlink', 'price-api'], () => 5_000_000, () => live);
    await prices.resolve(31337, [GOV], new Map());
    expect(seen).toHaveLength(1);

    live = false;
    answers.tokens = `{"${GOV.toLowerCase()}":{"usd":13,"last_updated_at":1700000100}}`;
    const { prices: resolved } = await prices.resolve(31337, [GOV], new Map());
    expect(seen).toHaveLength(1); // no new request
    expect(resolved.get(GOV.toLowerCase())).toEqual({ usd: 1_250_000_000n, source: 'cache', at: 1_700_000_000_000 });
  });

  it('follows the user order: price-api first wins over a feed; an unpriced asset stays absent, not zero', async () => {
    answers = { status: 200, tokens: `{"${USDC_A.toLowerCase()}":{"usd":0.9996,"last_updated_at":1700000000}}`, coins: '{}' };
    const prices = book(['price-api', 'chainlink']);
    const { prices: resolved } = await prices.resolve(31337, [USDC_A, GOV], new Map([[USDC_A.toLowerCase(), feed(100_000_000n)]]));
    expect(resolved.get(USDC_A.toLowerCase())).toEqual({ usd: 99_960_000n, source: 'price-api', at: 1_700_000_000_000 });
    expect(resolved.has(GOV.toLowerCase())).toBe(false);
    expect(prices.current(31337, GOV)).toBeNull();
  });

  it('keys by chain and address: two tokens with the same symbol on one chain get their own prices', async () => {
    answers = {
      status: 200,
      tokens: `{"${USDC_A.toLowerCase()}":{"usd":1,"last_updated_at":1700000000},"${USDC_B.toLowerCase()}":{"usd":0.02,"last_updated_at":1700000000}}`,
      coins: '{}',
    };
    const prices = book(['chainlink', 'price-api']);
    await prices.resolve(31337, [USDC_A, USDC_B], new Map());
    expect(prices.current(31337, USDC_A)?.usd).toBe(100_000_000n);
    expect(prices.current(31337, USDC_B.toLowerCase())?.usd).toBe(2_000_000n);
    // The same address on another chain is another asset.
    expect(prices.current(31338, USDC_A)).toBeNull();
    expect(prices.list().map((q) => [q.chainId, q.asset, q.price.usd])).toEqual([
      [31337, USDC_A.toLowerCase(), 100_000_000n],
      [31337, USDC_B.toLowerCase(), 2_000_000n],
    ]);
  });

  it('reuses an API answer within the rate-limit interval and does not ask a failed API again before it ends', async () => {
    answers = { status: 429, tokens: '{}', coins: '{}' };
    db = openDatabase(':memory:');
    let now = 0;
    const prices = new PriceBook({
      db,
      setup: () => ({ order: ['price-api'], api: { baseUrl, apiKey: null }, apiMinIntervalMs: 60_000 }),
      ids: () => ({ platform: 'steadfast-local', nativeId: null }),
      now: () => now,
    });
    const first = await prices.resolve(1, [GOV], new Map());
    expect(first.errors[0]?.code).toBe('RATE_LIMITED');
    now = 59_999;
    await prices.resolve(1, [GOV], new Map());
    expect(seen).toHaveLength(1);
    now = 60_000;
    await prices.resolve(1, [GOV], new Map());
    expect(seen).toHaveLength(2);
  });
});

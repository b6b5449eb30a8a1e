/**
 * The demo price API: CoinGecko's `simple` endpoints (`/api/v3/simple/price`, `/api/v3/simple/token_price/{platform}`)
 * with the demo's prices: the same as the chains' feeds where a token has one, plus the prices only an API knows.
 * Prices are exact decimals (3000, 0.8, 12.5), so USD sums computed from them are exact.
 */
import type { IncomingMessage } from 'node:http';
import { formatUnits } from 'viem';
import { USD_DECIMALS, type Fault } from '../../shared/domain';
import type { ProxyAnswer } from './faults';
import { json, type ServiceApi } from './service-server';

/** The key the demo price API accepts (a CoinGecko demo key in real life). */
export const DEMO_PRICE_API_KEY = 'CG-steadfastDemoKey00000';

/** What the API knows: coin id → price, and per platform contract address (lower case) → price; 8 decimals. */
export interface PriceTable {
  coins: Record<string, bigint>;
  platforms: Record<string, Record<string, bigint>>;
  /** Seconds: the `last_updated_at` answered for every price. */
  updatedAt: number;
}

export function priceApi(table: PriceTable): ServiceApi {
  return {
    async answer(url: URL, headers: IncomingMessage['headers']): Promise<ProxyAnswer> {
      const q = url.searchParams;
      const key = headerValue(headers['x-cg-demo-api-key']) ?? q.get('x_cg_demo_api_key');
      if (!key) return json(401, { status: { error_code: 10002, error_message: 'API Key Missing' } });
      if (key !== DEMO_PRICE_API_KEY) return json(401, { status: { error_code: 10010, error_message: 'Invalid API Key' } });

      const currencies = (q.get('vs_currencies') ?? '').split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);
      if (currencies.length === 0) return json(400, { error: 'Missing parameter vs_currencies' });
      const withTime = q.get('include_last_updated_at') === 'true';
      const entry = (usd: bigint): Record<string, number> => {
        const value: Record<string, number> = {};
        // Only USD is known; CoinGecko leaves a currency it cannot answer out of the entry.
        if (currencies.includes('usd')) value.usd = Number(formatUnits(usd, USD_DECIMALS));
        if (withTime) value.last_updated_at = table.updatedAt;
        return value;
      };

      if (url.pathname === '/api/v3/simple/price') {
        const ids = (q.get('ids') ?? '').split(',').map((id) => id.trim().toLowerCase()).filter(Boolean);
        if (ids.length === 0) return json(400, { error: 'Missing parameter ids' });
        const answer: Record<string, Record<string, number>> = {};
        for (const id of ids) {
          const usd = table.coins[id];
          if (usd !== undefined) answer[id] = entry(usd);
        }
        return json(200, answer);
      }
      const platform = /^\/api\/v3\/simple\/token_price\/([^/]+)$/.exec(url.pathname)?.[1];
      if (platform !== undefined) {
        const prices = table.platforms[decodeURIComponent(platform)];
        if (prices === undefined) return json(404, { error: 'platform not found' });
        const addresses = (q.get('contract_addresses') ?? '').split(',').map((a) => a.trim().toLowerCase()).filter(Boolean);
        if (addresses.length === 0) return json(400, { error: 'Missing parameter contract_addresses' });
        const answer: Record<string, Record<string, number>> = {};
        for (const address of addresses) {
          const usd = prices[address];
          if (usd !== undefined) answer[address] = entry(usd);
        }
        return json(200, answer);
      }
      return json(404, { error: 'Not found' });
    },
    rpcError(fault: Extract<Fault, { kind: 'rpc-error' }>): ProxyAnswer {
      // CoinGecko's rate limit: HTTP 429 with this document.
      return json(429, { status: { error_code: 429, error_message: fault.message } });
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The viem PublicClient of one chain, whose transport is the engine: every viem action (getBalance, multicall,
 * readContract...) goes through the same request path as `ChainEngine.request`.
 */
import { createPublicClient, custom, defineChain, type PublicClient } from 'viem';
import { SteadfastError } from '../../shared/errors';
import type { ChainConfig } from './types';

/** What the transport calls: the engine's request path, returning the JSON-RPC result. */
export type RequestFn = (method: string, params: readonly unknown[], signal?: AbortSignal) => Promise<unknown>;

/**
 * The shape viem's transport layer expects from an EIP-1193 `request` that failed: a numeric JSON-RPC `code`,
 * `message` and `data`. viem maps the code to its own error classes (InvalidParamsRpcError...) and finds `data` to
 * decode a revert (ContractFunctionRevertedError), so deterministic answers keep viem's usual error types. The
 * SteadfastError stays reachable as `cause` (see `findSteadfastError`).
 */
export class JsonRpcAnswerError extends Error {
  override readonly name = 'JsonRpcAnswerError';
  constructor(
    readonly code: number,
    message: string,
    readonly data: unknown,
    cause: SteadfastError,
  ) {
    super(message, { cause });
  }
}

function forViem(error: unknown): unknown {
  if (!(error instanceof SteadfastError) || error.code !== 'RPC_ERROR') return error;
  const rpcCode = error.details?.rpcCode;
  if (typeof rpcCode !== 'number') return error;
  return new JsonRpcAnswerError(rpcCode, error.message, error.details?.data, error);
}

/**
 * viem polls every 4 s and caches the block number for about as long by default; the engine is the place for
 * caching (issue 3), and a monitor wants a fresh head, so the client's own cache is off and its polling short.
 */
const POLLING_INTERVAL_MS = 500;

/** A PublicClient for `config`'s chain (multicall3 and the ENS resolver when configured) that sends through `request`. */
export function createEngineClient(config: ChainConfig, request: RequestFn): PublicClient {
  const chain = defineChain({
    id: config.chainId,
    name: config.name,
    nativeCurrency: { name: config.nativeSymbol, symbol: config.nativeSymbol, decimals: config.nativeDecimals },
    // Deliberately empty: provider URLs hold secrets and nothing should reach a provider except through the engine.
    rpcUrls: { default: { http: [] } },
    contracts: {
      ...(config.multicall3 === undefined ? {} : { multicall3: { address: config.multicall3 } }),
      ...(config.ensUniversalResolver === undefined ? {} : { ensUniversalResolver: { address: config.ensUniversalResolver } }),
    },
  });
  const transport = custom(
    {
      async request(args: { method: string; params?: unknown }, options?: { signal?: AbortSignal }) {
        const params = Array.isArray(args.params) ? args.params : args.params === undefined ? [] : [args.params];
        try {
          return await request(args.method, params, options?.signal);
        } catch (error) {
          throw forViem(error);
        }
      },
    },
    // Failover and retries are the engine's job; viem retrying on top would multiply every fault by four.
    { key: 'steadfast', name: 'Steadfast engine', retryCount: 0 },
  );
  return createPublicClient({ chain, transport, pollingInterval: POLLING_INTERVAL_MS, cacheTime: 0 }) as PublicClient;
}

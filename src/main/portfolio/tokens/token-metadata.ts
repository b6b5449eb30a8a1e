/**
 * Reads ERC-20 metadata (decimals, symbol, name) of many contracts at once: one Multicall3 round trip where the chain
 * has it, parallel calls otherwise. Each contract's answer stands alone (allowFailure), so one odd contract does not
 * fail the others.
 */
import { parseAbi, type Address } from 'viem';
import type { Priority } from '../../../shared/domain';
import type { ChainEngine } from '../../engine/types';

const metadataAbi = parseAbi([
  'function decimals() view returns (uint8)',
  'function symbol() view returns (string)',
  'function name() view returns (string)',
]);

/** Shown for a token whose symbol cannot be read (e.g. an old bytes32 symbol): clearly not a real ticker. */
export const UNKNOWN_SYMBOL = '???';
/** Token symbols are short; spam tokens put whole URLs in them. Longer text is cut, never trusted for layout. */
const MAX_SYMBOL = 24;
const MAX_NAME = 64;
/** ERC-20 decimals are a uint8, but anything above 36 is not a real token and would break display. */
const MAX_DECIMALS = 36;

export type TokenMetadata =
  | { ok: true; symbol: string; name: string; decimals: number; symbolRead: boolean }
  | { ok: false; reason: string };

export async function readTokenMetadata(
  chain: ChainEngine,
  addresses: readonly Address[],
  priority: Priority,
): Promise<Map<Address, TokenMetadata>> {
  const calls = addresses.flatMap((address) =>
    (['decimals', 'symbol', 'name'] as const).map((functionName) => ({ address, abi: metadataAbi, functionName })),
  );
  const { value: results } = await chain.traced(
    async () =>
      chain.config.multicall3
        ? ((await chain.client.multicall({ contracts: calls, allowFailure: true })) as Outcome[])
        : Promise.all(calls.map(readOne(chain))),
    { priority },
  );
  const metadata = new Map<Address, TokenMetadata>();
  addresses.forEach((address, i) => {
    const [decimals, symbol, name] = [results[i * 3], results[i * 3 + 1], results[i * 3 + 2]];
    metadata.set(address, interpret(decimals, symbol, name));
  });
  return metadata;
}

type Outcome = { status: 'success'; result: unknown } | { status: 'failure'; error: Error };

const readOne = (chain: ChainEngine) => async (call: { address: Address; abi: typeof metadataAbi; functionName: 'decimals' | 'symbol' | 'name' }): Promise<Outcome> => {
  try {
    return { status: 'success', result: await chain.client.readContract(call) };
  } catch (error) {
    return { status: 'failure', error: error as Error };
  }
};

function interpret(decimals: Outcome | undefined, symbol: Outcome | undefined, name: Outcome | undefined): TokenMetadata {
  if (decimals?.status !== 'success' || typeof decimals.result !== 'number' || decimals.result > MAX_DECIMALS) {
    return { ok: false, reason: 'it has no readable decimals()' };
  }
  const symbolText = symbol?.status === 'success' ? clean(symbol.result, MAX_SYMBOL) : '';
  const nameText = name?.status === 'success' ? clean(name.result, MAX_NAME) : '';
  return {
    ok: true,
    decimals: decimals.result,
    symbol: symbolText || UNKNOWN_SYMBOL,
    name: nameText || symbolText || 'Unknown token',
    symbolRead: symbolText !== '',
  };
}

/** Control characters and surrounding space removed, length capped: token text comes from anyone's contract. */
function clean(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]/g, '').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

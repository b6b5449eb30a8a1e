/**
 * Finds the ERC-20 tokens an address has received: Transfer logs whose `to` topic is the address, from the last
 * scanned block (or genesis) to the head. The request goes through the engine, so a provider refusing a large range
 * is handled by the engine's logsRange stage (split in halves), not here.
 */
import { getAddress, numberToHex, pad, type Address } from 'viem';
import type { ChainEngine } from '../../engine/types';

/** keccak256("Transfer(address,address,uint256)"): ERC-20 and ERC-721 share it. */
export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
/** A scan from genesis on a long chain is split into many requests; it runs in the background lane with this budget. */
export const SCAN_DEADLINE_MS = 120_000;

interface Log {
  address: string;
  topics: readonly string[];
}

/**
 * Contract addresses (checksummed) that sent `holder` an ERC-20 Transfer in [fromBlock, toBlock]. ERC-721 transfers
 * (a fourth, indexed tokenId topic) are left out: an NFT is not a fungible balance.
 */
export async function receivedTokens(chain: ChainEngine, holder: Address, fromBlock: bigint, toBlock: bigint): Promise<Address[]> {
  const filter = {
    fromBlock: numberToHex(fromBlock),
    toBlock: numberToHex(toBlock),
    topics: [TRANSFER_TOPIC, null, pad(holder.toLowerCase() as Address, { size: 32 })],
  };
  const { value } = await chain.traced(() => chain.request('eth_getLogs', [filter]), {
    priority: 'background',
    deadlineMs: SCAN_DEADLINE_MS,
  });
  const logs = (Array.isArray(value.result) ? value.result : []) as Log[];
  const found = new Set<Address>();
  for (const log of logs) if (log.topics.length === 3) found.add(getAddress(log.address));
  return [...found];
}

/** The chain's head, read in the background lane (never served from viem's block-number cache). */
export async function backgroundHead(chain: ChainEngine): Promise<bigint> {
  const { value } = await chain.traced(() => chain.client.getBlockNumber({ cacheTime: 0 }), { priority: 'background' });
  return value;
}

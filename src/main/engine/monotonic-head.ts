/**
 * The `monotonicHead` stage: the chain height the engine reports never goes backwards.
 *
 * Providers answer `eth_blockNumber` from their own view of the chain. When a fresh provider answers 12 and then,
 * after a failover or a weighted draw, a lagging one answers 11, passing 11 on would move the UI's block number back
 * and make a refresh look like time travel (and "as of block 11" figures look older than the ones already shown).
 * So this stage answers with the highest height the engine has already returned for the chain. Returning a number
 * that another provider has proven to exist is safe: reads at that block that reach a provider behind it fail with
 * "header not found", which classify.ts treats as that provider's fault and fails over.
 *
 * It also hands every live `eth_blockNumber` answer to the health monitor, which learns heads from traffic for free.
 */
import { parseQuantity } from './head-tracker';
import type { Stage } from './pipeline';

/** Called with each live (not last-known-good) head answer: who answered and the height they answered. */
export type HeadObserver = (providerName: string, blockNumber: bigint) => void;

/** One per chain: the highest height is the chain's, shared by every request through this stage. */
export function monotonicHead(observe: HeadObserver): Stage {
  let highest: bigint | null = null;
  return (next) => async (request) => {
    const response = await next(request);
    if (request.method !== 'eth_blockNumber') return response;
    const blockNumber = parseQuantity(response.result);
    // Something that is not a quantity is left for the caller (viem) to reject; it is no height to compare.
    if (blockNumber === null) return response;
    if (response.cachedAt === undefined) observe(response.provider, blockNumber);
    if (highest !== null && blockNumber < highest) {
      // `provider` still names who answered this request: the trace and the UI keep telling the truth about who
      // was asked, only the height is held.
      return { ...response, result: `0x${highest.toString(16)}` };
    }
    highest = blockNumber;
    return response;
  };
}

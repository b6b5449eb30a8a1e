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

/**
 * One per chain: the height held is the highest any provider has returned, among the providers still trusted
 * (`trusts`, the health monitor's verdict). A provider found answering as another chain (its chain-id check runs in
 * parallel with the first reads, see monitor.ts) drops out, and its height with it: held on, another chain's height
 * would make every honest provider fail "header not found" on every read at it.
 */
export function monotonicHead(
  observe: HeadObserver,
  trusts: (providerName: string) => boolean = () => true,
): { stage: Stage; best: () => bigint | null } {
  const highest = new Map<string, bigint>();
  const best = (): bigint | null => {
    let top: bigint | null = null;
    for (const [name, height] of highest) if (trusts(name) && (top === null || height > top)) top = height;
    return top;
  };
  const stage: Stage = (next) => async (request) => {
    const response = await next(request);
    if (request.method !== 'eth_blockNumber') return response;
    const blockNumber = parseQuantity(response.result);
    // Something that is not a quantity is left for the caller (viem) to reject; it is no height to compare.
    if (blockNumber === null) return response;
    if (response.cachedAt === undefined) {
      observe(response.provider, blockNumber);
      const seen = highest.get(response.provider);
      if (seen === undefined || blockNumber > seen) highest.set(response.provider, blockNumber);
    }
    const held = best();
    if (held !== null && blockNumber < held) {
      // `provider` still names who answered this request: the trace and the UI keep telling the truth about who
      // was asked, only the height is held.
      return { ...response, result: `0x${held.toString(16)}` };
    }
    return response;
  };
  return { stage, best };
}

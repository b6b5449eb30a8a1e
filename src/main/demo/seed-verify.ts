/**
 * Checks a freshly seeded chain against its plan. A reverted or dropped seed transaction shows up here as a wrong
 * balance, price or Transfer count, at start, with the figures that differ, rather than as a puzzling test failure.
 */
import type { PublicClient } from 'viem';
import { demoPriceFeedAbi, demoTokenAbi } from './abi';
import type { SeededChain } from './seed';
import type { SeedPlan } from './seed-plan';

const transferEvent = demoTokenAbi.find((item) => item.type === 'event' && item.name === 'Transfer');

/** Throws an Error listing every figure that differs from the plan. */
export async function verifySeed(
  client: Pick<PublicClient, 'multicall' | 'getBalance' | 'getLogs' | 'request'>,
  plan: SeedPlan,
  holders: Array<{ account: number; address: `0x${string}`; balances: Record<string, bigint> }>,
  seeded: SeededChain,
): Promise<void> {
  const problems: string[] = [];
  const balanceCalls = holders.flatMap((holder) =>
    seeded.tokens.map((token) => ({
      address: token.address,
      abi: demoTokenAbi,
      functionName: 'balanceOf' as const,
      args: [holder.address] as const,
    })),
  );
  const feeds = [
    { symbol: plan.nativeSymbol, address: seeded.nativePriceFeed, price: plan.nativePriceUsd },
    ...plan.tokens.flatMap((t, i) => {
      const address = seeded.tokens[i]?.priceFeed;
      return address === undefined ? [] : [{ symbol: t.symbol, address, price: t.priceUsd }];
    }),
  ];
  const unlistedCalls = holders.flatMap((holder) =>
    seeded.unlisted.map((token) => ({ address: token.address, abi: demoTokenAbi, functionName: 'balanceOf' as const, args: [holder.address] as const })),
  );
  const feedCalls = feeds.map((feed) => ({ address: feed.address as `0x${string}`, abi: demoPriceFeedAbi, functionName: 'latestRoundData' as const }));
  // Through the freshly installed Multicall3, which doubles as its smoke test.
  const [balances, rounds, unlisted] = await Promise.all([
    client.multicall({ contracts: balanceCalls, multicallAddress: seeded.multicall3, allowFailure: false }),
    client.multicall({ contracts: feedCalls, multicallAddress: seeded.multicall3, allowFailure: false }),
    client.multicall({ contracts: unlistedCalls, multicallAddress: seeded.multicall3, allowFailure: false }),
  ]);

  holders.forEach((holder, h) => {
    seeded.tokens.forEach((token, t) => {
      const actual = balances[h * seeded.tokens.length + t] as bigint;
      const wanted = holder.balances[token.symbol] ?? 0n;
      if (actual !== wanted) problems.push(`${holder.address} ${token.symbol}: ${actual} ≠ ${wanted}`);
    });
  });
  holders.forEach((holder, h) => {
    plan.unlisted.forEach((token, u) => {
      const actual = unlisted[h * plan.unlisted.length + u] as bigint;
      const wanted = token.balances[holder.account] ?? 0n;
      if (actual !== wanted) problems.push(`${holder.address} ${token.symbol} (unlisted): ${actual} ≠ ${wanted}`);
    });
  });
  for (const holder of holders) {
    const actual = await client.getBalance({ address: holder.address });
    const wanted = holder.balances[plan.nativeSymbol] ?? 0n;
    if (actual !== wanted) problems.push(`${holder.address} ${plan.nativeSymbol}: ${actual} ≠ ${wanted}`);
  }
  feeds.forEach((feed, i) => {
    const answer = (rounds[i] as readonly [bigint, bigint, bigint, bigint, bigint])[1];
    if (answer !== feed.price) problems.push(`${feed.symbol} / USD: ${answer} ≠ ${feed.price}`);
  });
  const logs = await client.getLogs({
    address: seeded.tokens.map((t) => t.address),
    event: transferEvent,
    fromBlock: 0n,
    toBlock: 'latest',
  });
  if (logs.length !== seeded.transfers) problems.push(`Transfer events: ${logs.length} ≠ ${seeded.transfers}`);
  if (seeded.unlisted.length > 0) {
    const unlistedLogs = await client.getLogs({ address: seeded.unlisted.map((t) => t.address), event: transferEvent, fromBlock: 0n, toBlock: 'latest' });
    if (unlistedLogs.length !== seeded.unlistedTransfers) problems.push(`unlisted Transfer events: ${unlistedLogs.length} ≠ ${seeded.unlistedTransfers}`);
  }
  const pool = (await client.request({ method: 'txpool_status' } as never)) as { pending: string; queued: string };
  if (Number(pool.pending) !== 0 || Number(pool.queued) !== 0) problems.push(`txpool not empty: ${JSON.stringify(pool)}`);

  if (problems.length > 0) throw new Error(`demo seed does not match its plan:\n${problems.join('\n')}`);
}

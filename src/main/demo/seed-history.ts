/**
 * Generates the seeded history as a list of blocks of transactions, from the plan alone (pure, no chain access).
 *
 * A seeded PRNG makes the history look random while staying identical on every start. Balances are tracked here
 * so that no transfer can revert; within one block a sender only spends what it held when the block began, because
 * anvil may order transactions of different senders differently inside a block.
 */
import { parseUnits } from 'viem';
import { DEPLOYER, DEV_ACCOUNT_COUNT } from './accounts';
import type { SeedPlan } from './seed-plan';

/** A feed by its asset symbol (the native coin included). */
/**
 * Tokens are numbered as deployed: the plan's listed tokens first, then its unlisted ones. A mint is signed by `by`
 * (the token's owner), the deployer when absent.
 */
export type SeedStep =
  | { kind: 'mint'; token: number; to: number; amount: bigint; by?: number }
  | { kind: 'token'; token: number; from: number; to: number; amount: bigint }
  | { kind: 'native'; from: number; to: number; amount: bigint }
  | { kind: 'price'; symbol: string; answer: bigint };

export interface SeedScript {
  /** Each entry is mined as one block; deployment happens in an earlier block of its own. */
  blocks: SeedStep[][];
  /** Transfer events of the listed tokens: mints, funding, history and settlement. */
  transfers: number;
  /** Transfer events of the unlisted tokens: their mints and their sends to the holders. */
  unlistedTransfers: number;
}

const HISTORY_BLOCKS = 30;
/** Price rounds published along the way, per feed, before the final one. */
const PRICE_ROUNDS = 5;
/** Accounts that send in the history; the deployer only funds and settles. */
const SENDERS = Array.from({ length: DEV_ACCOUNT_COUNT - 1 }, (_, i) => i + 1);

/** mulberry32: tiny, fast and good enough to make amounts look unplanned. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Supply minted to the deployer, in USD: far above anything funding and settlement can ask for. */
const SUPPLY_USD = 100_000_000n;
/** What an unwatched sender is funded with per token, in USD: enough to send to anyone, never shown by the app. */
const OTHER_FUNDING_USD = 20_000n;
/**
 * A watched holder's history holding of a token it ends with little or none of: a fiftieth of its final total
 * value (at least $1), so the past is neither empty nor worth far more than the present.
 */
const FLOOR_SHARE = 50n;
const ONE_USD = 10n ** 8n;

/** Smallest units of a token worth `usd` (8 decimals) at `priceUsd`. */
function unitsOf(usd: bigint, decimals: number, priceUsd: bigint): bigint {
  return (usd * 10n ** BigInt(decimals)) / priceUsd;
}

/**
 * What each account holds of each asset (the plan's tokens by index, the native coin as -1) around which its history
 * moves: a watched holder its final balance (or the floor, if that is more), anyone else `OTHER_FUNDING_USD` worth.
 * Funding starts each account near it, and every history transfer is at most a quarter of the recipient's, so
 * watched balances wander around their finals and settlement is a small adjustment.
 */
function historyTargets(plan: SeedPlan): (asset: number, account: number) => bigint {
  const assets = [{ symbol: plan.nativeSymbol, decimals: plan.nativeDecimals, priceUsd: plan.nativePriceUsd }, ...plan.tokens];
  const byHolder = new Map<number, bigint[]>();
  for (const holder of plan.holders) {
    const finals = assets.map((a) => holder.balances[a.symbol] ?? 0n);
    const totalUsd = assets.reduce((sum, a, i) => sum + (finals[i]! * a.priceUsd) / 10n ** BigInt(a.decimals), 0n);
    const floorUsd = totalUsd / FLOOR_SHARE > ONE_USD ? totalUsd / FLOOR_SHARE : ONE_USD;
    byHolder.set(holder.account, assets.map((a, i) => {
      const floor = unitsOf(floorUsd, a.decimals, a.priceUsd);
      return finals[i]! > floor ? finals[i]! : floor;
    }));
  }
  const others = assets.map((a) => unitsOf(OTHER_FUNDING_USD * ONE_USD, a.decimals, a.priceUsd));
  return (asset, account) => (byHolder.get(account) ?? others)[asset + 1]!;
}

export function seedScript(plan: SeedPlan): SeedScript {
  const random = prng(plan.historySeed);
  const targetOf = historyTargets(plan);
  const watched = new Set(plan.holders.map((h) => h.account));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const balances = plan.tokens.map(() => new Map<number, bigint>());
  const balanceOf = (token: number, account: number): bigint => balances[token]?.get(account) ?? 0n;
  const credit = (token: number, account: number, amount: bigint): void => {
    balances[token]?.set(account, balanceOf(token, account) + amount);
  };
  const blocks: SeedStep[][] = [];
  let transfers = 0;

  const mints: SeedStep[] = [];
  const funding: SeedStep[] = [];
  plan.tokens.forEach((token, t) => {
    const supply = unitsOf(SUPPLY_USD * ONE_USD, token.decimals, token.priceUsd);
    mints.push({ kind: 'mint', token: t, to: DEPLOYER, amount: supply });
    credit(t, DEPLOYER, supply);
    for (const to of SENDERS) {
      // Within ±20% of the account's target.
      const amount = (targetOf(t, to) * BigInt(800 + Math.floor(random() * 400))) / 1000n;
      funding.push({ kind: 'token', token: t, from: DEPLOYER, to, amount });
      credit(t, DEPLOYER, -amount);
      credit(t, to, amount);
    }
  });
  blocks.push(mints, funding);
  transfers += mints.length + funding.length;

  const prices = [
    { symbol: plan.nativeSymbol, start: plan.nativeStartPriceUsd, end: plan.nativePriceUsd },
    ...plan.tokens.filter((t) => t.feed !== false).map((t) => ({ symbol: t.symbol, start: t.startPriceUsd, end: t.priceUsd })),
  ];
  const roundEvery = Math.floor(HISTORY_BLOCKS / PRICE_ROUNDS);

  for (let b = 0; b < HISTORY_BLOCKS; b++) {
    const steps: SeedStep[] = [];
    const spent = new Map<string, bigint>();
    const tokenCount = Math.floor(plan.historyTokenTransfers / HISTORY_BLOCKS) + (b < plan.historyTokenTransfers % HISTORY_BLOCKS ? 1 : 0);
    const received: Array<[number, number, bigint]> = [];
    for (let i = 0; i < tokenCount; i++) {
      const t = Math.floor(random() * plan.tokens.length);
      const decimals = plan.tokens[t]?.decimals ?? 0;
      // Four decimal places at most, so amounts read like amounts people send.
      const quantum = 10n ** BigInt(Math.max(0, decimals - 4));
      const candidates = SENDERS.filter((a) => balanceOf(t, a) - (spent.get(`${t}:${a}`) ?? 0n) >= quantum * 10n);
      if (candidates.length === 0) continue;
      const from = pick(candidates);
      const spendable = balanceOf(t, from) - (spent.get(`${t}:${from}`) ?? 0n);
      const share = BigInt(1 + Math.floor(random() * 250));
      const to = pick([...Array(DEV_ACCOUNT_COUNT).keys()].filter((a) => a !== from));
      // Up to a quarter of what the sender can spend, and of what the recipient normally holds.
      const base = spendable < targetOf(t, to) ? spendable : targetOf(t, to);
      const amount = (((base * share) / 1000n) / quantum) * quantum || quantum;
      steps.push({ kind: 'token', token: t, from, to, amount });
      spent.set(`${t}:${from}`, (spent.get(`${t}:${from}`) ?? 0n) + amount);
      received.push([t, to, amount]);
      transfers += 1;
    }
    for (const [key, amount] of spent) {
      const [t, a] = key.split(':').map(Number) as [number, number];
      credit(t, a, -amount);
    }
    for (const [t, to, amount] of received) credit(t, to, amount);

    const nativeCount = Math.floor(plan.historyNativeTransfers / HISTORY_BLOCKS) + (b < plan.historyNativeTransfers % HISTORY_BLOCKS ? 1 : 0);
    for (let i = 0; i < nativeCount; i++) {
      const from = pick(SENDERS);
      const to = pick([...Array(DEV_ACCOUNT_COUNT).keys()].filter((a) => a !== from));
      const quantum = 10n ** BigInt(Math.max(0, plan.nativeDecimals - 4));
      let amount = parseUnits(String(1 + Math.floor(random() * 20_000)), plan.nativeDecimals - 4);
      // A watched sender or recipient moves at most a quarter of what it normally holds.
      for (const account of [from, to]) {
        const cap = ((targetOf(-1, account) / 4n) / quantum) * quantum || quantum;
        if (watched.has(account) && amount > cap) amount = cap;
      }
      steps.push({ kind: 'native', from, to, amount });
    }

    if (b > 0 && b % roundEvery === 0) {
      for (const { symbol, start, end } of prices) {
        // A straight line from start to end with up to ±1.5% noise, so charts have something to show.
        const linear = start + ((end - start) * BigInt(b)) / BigInt(HISTORY_BLOCKS);
        const noise = (linear * BigInt(Math.floor(random() * 300) - 150)) / 10_000n;
        steps.push({ kind: 'price', symbol, answer: linear + noise });
      }
    }
    blocks.push(steps);
  }

  const settlement: SeedStep[] = [];
  plan.tokens.forEach((token, t) => {
    for (const holder of plan.holders) {
      const target = holder.balances[token.symbol] ?? 0n;
      const delta = target - balanceOf(t, holder.account);
      if (delta > 0n) settlement.push({ kind: 'token', token: t, from: DEPLOYER, to: holder.account, amount: delta });
      if (delta < 0n) settlement.push({ kind: 'token', token: t, from: holder.account, to: DEPLOYER, amount: -delta });
      if (delta !== 0n) transfers += 1;
    }
  });
  for (const { symbol, end } of prices) settlement.push({ kind: 'price', symbol, answer: end });
  blocks.push(settlement);

  const unlistedTransfers = addUnlisted(plan, blocks);
  return { blocks, transfers, unlistedTransfers };
}

/**
 * The unlisted tokens' own small history, added after everything else is generated so that it draws nothing from
 * the PRNG: the listed tokens' history stays what it was before unlisted tokens existed. Each owner mints the total
 * to itself at the start and sends every holder its balance: ordinary tokens a third of the way in, spam (an
 * airdrop) near the end, where a user would notice it.
 */
function addUnlisted(plan: SeedPlan, blocks: SeedStep[][]): number {
  let transfers = 0;
  const firstHistoryBlock = 2;
  plan.unlisted.forEach((token, u) => {
    const index = plan.tokens.length + u;
    const sends = Object.entries(token.balances).filter(([, amount]) => amount > 0n);
    const total = sends.reduce((sum, [, amount]) => sum + amount, 0n);
    blocks[0]?.push({ kind: 'mint', token: index, to: token.owner, amount: total, by: token.owner });
    const block = blocks[firstHistoryBlock + (token.spam ? HISTORY_BLOCKS - 2 : Math.floor(HISTORY_BLOCKS / 3))];
    for (const [account, amount] of sends) block?.push({ kind: 'token', token: index, from: token.owner, to: Number(account), amount });
    transfers += 1 + sends.length;
  });
  return transfers;
}

/**
 * What each watched holder's native balance is set to before the first seeded block, instead of anvil's 10,000
 * dev-account coins (which made the backfilled past worth millions and the chart a cliff at settlement): enough that
 * its history ends at about its final balance (final, plus what it sends and pays, minus what it receives), and at
 * least enough that every send succeeds with the worst-case fee `maxFee` of each transaction it signs, whatever the
 * order within a block (a block's receipts are only counted on after it). Rounded up to a hundredth of a coin;
 * settlement then sets the exact final balance as before.
 */
export function openingNativeBalances(plan: SeedPlan, script: SeedScript, maxFee: (step: SeedStep) => bigint): Map<number, bigint> {
  const unit = 10n ** BigInt(Math.max(0, plan.nativeDecimals - 2));
  const opening = new Map<number, bigint>();
  for (const holder of plan.holders) {
    let net = 0n;
    let low = 0n;
    for (const block of script.blocks) {
      for (const step of block) {
        if (signerOf(step) === holder.account) net -= maxFee(step) + (step.kind === 'native' ? step.amount : 0n);
      }
      if (net < low) low = net;
      for (const step of block) if (step.kind === 'native' && step.to === holder.account) net += step.amount;
    }
    const final = holder.balances[plan.nativeSymbol] ?? 0n;
    const need = final - net > -low ? final - net : -low;
    opening.set(holder.account, ((need + unit - 1n) / unit) * unit);
  }
  return opening;
}

/** The account that signs a step's transaction. */
export function signerOf(step: SeedStep): number {
  switch (step.kind) {
    case 'mint':
      return step.by ?? DEPLOYER;
    case 'token':
    case 'native':
      return step.from;
    case 'price':
      return DEPLOYER;
  }
}

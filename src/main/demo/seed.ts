/**
 * Seeds a fresh anvil: contracts at fixed addresses, the generated history block by block, then the plan's exact end
 * state, and finally checks the chain against the plan so a broken seed fails loudly at start instead of in a test.
 *
 * Speed: automine is off while seeding; every block's transactions are signed locally with nonces tracked here and
 * sent in one JSON-RPC batch, then mined with a chosen timestamp. No receipt is awaited one by one.
 */
import {
  createTestClient,
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  http,
  namehash,
  parseGwei,
  publicActions,
  walletActions,
  type Hex,
} from 'viem';
import { demoPriceFeedAbi, demoTokenAbi, MULTICALL3_ADDRESS } from './abi';
import { DEPLOYER, devAccount } from './accounts';
import { demoArtifacts } from './compile';
import { openingNativeBalances, seedScript, type SeedStep } from './seed-history';
import type { SeedPlan } from './seed-plan';
import { verifySeed } from './seed-verify';

export interface SeededToken {
  symbol: string;
  name: string;
  decimals: number;
  address: `0x${string}`;
  /** Absent for a token the plan gives no feed (`feed: false`). */
  priceFeed?: `0x${string}`;
}

export interface SeededChain {
  tokens: SeededToken[];
  /** The plan's unlisted tokens, in plan order. */
  unlisted: Array<{ address: `0x${string}` }>;
  nativePriceFeed: `0x${string}`;
  multicall3: `0x${string}`;
  /** Present when the plan names ENS names. */
  ensUniversalResolver?: `0x${string}`;
  /** Token Transfer events emitted by the seed for the listed tokens (mints included). */
  transfers: number;
  /** The same for the unlisted tokens. */
  unlistedTransfers: number;
}

/**
 * A bit over 30 days, so the contracts (deployed one block spacing after genesis, ~22 h) exist 30 days back: the
 * backfill's oldest grid point can be read and the "30 d" change has a start.
 */
const HISTORY_SPAN_S = 31 * 24 * 3600;
// Fixed gas limits skip an eth_estimateGas per transaction; each is well above what the call needs.
/** Script blocks that set the stage (mints, funding) before the history proper. */
const SETUP_BLOCKS = 2;
const GAS = { deploy: 3_000_000n, call: 200_000n, native: 21_000n } as const;
const FEES = { maxFeePerGas: parseGwei('20'), maxPriorityFeePerGas: parseGwei('1') } as const;

/** The genesis timestamp anvil must be started with so that the seeded history fits before `nowS`. */
export function genesisTimestamp(nowS: number): number {
  return nowS - HISTORY_SPAN_S - 3600;
}

/** Seeds the chain at `url` (started with `genesisTimestamp(nowS)`); the last seeded block is stamped with the present. */
export async function seedChain(url: string, chainId: number, plan: SeedPlan, nowS: number): Promise<SeededChain> {
  const client = createTestClient({ mode: 'anvil', transport: http(url, { batch: { batchSize: 1_000 } }) })
    .extend(publicActions)
    .extend(walletActions);
  const artifacts = demoArtifacts();
  const script = seedScript(plan);
  const nonces = new Map<number, number>();
  const nextNonce = (account: number): number => {
    const nonce = nonces.get(account) ?? 0;
    nonces.set(account, nonce + 1);
    return nonce;
  };

  const deploys: Array<{ from: number; data: Hex; nonce: number }> = [];
  const deploy = (abi: typeof artifacts.DemoToken.abi, bytecode: Hex, args: readonly unknown[], from = DEPLOYER): `0x${string}` => {
    const nonce = nextNonce(from);
    deploys.push({ from, data: encodeDeployData({ abi, bytecode, args }), nonce });
    return getContractAddress({ from: devAccount(from).address, nonce: BigInt(nonce) });
  };
  // Deployment order fixes the addresses (deployer nonces 0..6 on chain 1): listed tokens in plan order, then the
  // feeds, native first; only then what came later (unlisted tokens, the ENS resolver), so earlier addresses hold.
  const { DemoToken, DemoPriceFeed, DemoUniversalResolver } = artifacts;
  const tokenAddresses = plan.tokens.map((t) => deploy(DemoToken.abi, DemoToken.bytecode, [t.name, t.symbol, t.decimals]));
  const feedAddresses = new Map<string, `0x${string}`>();
  const feedStarts = [
    [plan.nativeSymbol, plan.nativeStartPriceUsd] as const,
    ...plan.tokens.filter((t) => t.feed !== false).map((t) => [t.symbol, t.startPriceUsd] as const),
  ];
  for (const [symbol, start] of feedStarts) {
    feedAddresses.set(symbol, deploy(DemoPriceFeed.abi, DemoPriceFeed.bytecode, [`${symbol} / USD`, start]));
  }
  const unlistedAddresses = plan.unlisted.map((t) => deploy(DemoToken.abi, DemoToken.bytecode, [t.name, t.symbol, t.decimals], t.owner));
  tokenAddresses.push(...unlistedAddresses);
  const ensUniversalResolver = plan.ens.length === 0 ? undefined : deploy(DemoUniversalResolver.abi, DemoUniversalResolver.bytecode, [
    plan.ens.map((entry) => namehash(entry.name)),
    plan.ens.map((entry) => devAccount(entry.account).address),
  ]);

  await client.setAutomine(false);
  await client.setCode({ address: MULTICALL3_ADDRESS, bytecode: artifacts.DemoMulticall3.deployedBytecode });

  type Tx = { to?: `0x${string}`; data?: Hex; value?: bigint; gas: bigint };
  const sign = (from: number, tx: Tx, nonce = nextNonce(from)): Promise<Hex> =>
    devAccount(from).signTransaction({ type: 'eip1559', chainId, nonce, ...FEES, ...tx });

  const call = (from: number, to: `0x${string}`, data: Hex): Promise<Hex> => sign(from, { to, data, gas: GAS.call });
  const toTx = (step: SeedStep): Promise<Hex> => {
    switch (step.kind) {
      case 'mint': {
        const args = [devAccount(step.to).address, step.amount] as const;
        return call(step.by ?? DEPLOYER, at(tokenAddresses, step.token), encodeFunctionData({ abi: demoTokenAbi, functionName: 'mint', args }));
      }
      case 'token': {
        const args = [devAccount(step.to).address, step.amount] as const;
        return call(step.from, at(tokenAddresses, step.token), encodeFunctionData({ abi: demoTokenAbi, functionName: 'transfer', args }));
      }
      case 'native':
        return sign(step.from, { to: devAccount(step.to).address, gas: GAS.native, value: step.amount });
      case 'price': {
        const feed = feedAddresses.get(step.symbol);
        if (feed === undefined) throw new Error(`seed: no feed for ${step.symbol}`);
        return call(DEPLOYER, feed, encodeFunctionData({ abi: demoPriceFeedAbi, functionName: 'setAnswer', args: [step.answer] }));
      }
    }
  };

  const blockCount = script.blocks.length + 1;
  const spacing = Math.floor(HISTORY_SPAN_S / blockCount);
  const mineAt = async (timestamp: number, raw: Hex[]): Promise<void> => {
    await Promise.all(raw.map((serializedTransaction) => client.sendRawTransaction({ serializedTransaction })));
    // evm_mine with a timestamp stamps and mines in one round trip (setNextBlockTimestamp + mine would take two).
    await client.request({ method: 'evm_mine', params: [timestamp] } as never);
  };

  const start = genesisTimestamp(nowS);
  // Before the first seeded block: watched holders start near their final native balances (see seed-history.ts).
  const gasOf = (step: SeedStep): bigint => (step.kind === 'native' ? GAS.native : GAS.call);
  const opening = openingNativeBalances(plan, script, (step) => gasOf(step) * FEES.maxFeePerGas);
  for (const [account, value] of opening) await client.setBalance({ address: devAccount(account).address, value });
  const deployTxs = deploys.map(({ from, data, nonce }) => sign(from, { data, gas: GAS.deploy }, nonce));
  await mineAt(start + spacing, await Promise.all(deployTxs));
  for (const [i, steps] of script.blocks.entries()) {
    const last = i === script.blocks.length - 1;
    // The last block is stamped with the real time of its mining, not the time the demo started, so anvil's clock
    // carries on from the present instead of lagging by the seed's duration.
    // The first script blocks mint and fund the tokens: mine them a minute apart right after the deployments, so
    // from the chain's first day on the addresses hold tokens (a value history that starts "native only" would show
    // a jump that never happened).
    const timestamp = last
      ? Math.max(nowS, Math.floor(Date.now() / 1000))
      : i < SETUP_BLOCKS
        ? start + spacing + 60 * (i + 1)
        : start + spacing * (i + 2);
    await mineAt(timestamp, await Promise.all(steps.map(toTx)));
  }

  const holders = plan.holders.map((h) => ({ account: h.account, address: devAccount(h.account).address, balances: h.balances }));
  // Gas paid along the way moved every native balance; setting it last makes the plan's literal exact.
  for (const holder of holders) {
    await client.setBalance({ address: holder.address, value: holder.balances[plan.nativeSymbol] ?? 0n });
  }
  await client.setAutomine(true);

  const seeded: SeededChain = {
    tokens: plan.tokens.map((t, i) => {
      const priceFeed = feedAddresses.get(t.symbol);
      return { symbol: t.symbol, name: t.name, decimals: t.decimals, address: at(tokenAddresses, i), ...(priceFeed ? { priceFeed } : {}) };
    }),
    unlisted: unlistedAddresses.map((address) => ({ address })),
    nativePriceFeed: feedAddresses.get(plan.nativeSymbol) as `0x${string}`,
    multicall3: MULTICALL3_ADDRESS,
    ...(ensUniversalResolver ? { ensUniversalResolver } : {}),
    transfers: script.transfers,
    unlistedTransfers: script.unlistedTransfers,
  };
  await verifySeed(client, plan, holders, seeded);
  return seeded;
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`seed: no item ${index}`);
  return item;
}

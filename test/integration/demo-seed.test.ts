/**
 * The second demo chain and the unlisted tokens (for discovery), checked against anvil itself: every figure is a
 * seed-plan literal.
 */
import { createPublicClient, http, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPriceFeedAbi, demoTokenAbi, MULTICALL3_ADDRESS } from '../../src/main/demo/abi';
import { startDemo, type RunningDemo } from '../../src/main/demo/index';

const transferEvent = demoTokenAbi.find((item) => item.type === 'event' && item.name === 'Transfer')!;

let demo: RunningDemo;
let anvil: PublicClient;

beforeAll(async () => {
  demo = await startDemo({ l2: true });
  anvil = createPublicClient({ transport: http(demo.chains[0]!.anvilUrl) });
});

afterAll(async () => {
  await demo?.stop();
});

describe('second chain and unlisted tokens', () => {
  const read = (url: string): PublicClient => createPublicClient({ transport: http(url) });

  it('seeds Steadfast L2 with its own coin, tokens and balances, exactly as planned', async () => {
    const l2 = demo.chains[1]!;
    expect(l2.config).toMatchObject({ chainId: 31338, name: 'Steadfast L2', nativeSymbol: 'SLT', multicall3: MULTICALL3_ADDRESS });
    expect(l2.config.ensUniversalResolver).toBeUndefined();
    expect(l2.config.tokens.map((t) => [t.symbol, t.decimals, t.priceFeed !== undefined])).toEqual([['USDC.e', 6, true], ['STEAD', 18, false]]);
    expect([l2.pricePlatform, l2.nativePriceId]).toEqual(['steadfast-l2', 'steadfast-l2-token']);
    expect(l2.providers.map((p) => p.name)).toEqual(['primary', 'secondary', 'public']);
    const expected = demo.expected.chains[31338]!;
    expect(expected.pricesUsd).toEqual({ SLT: 80_000_000n, 'USDC.e': 100_000_000n });
    expect(expected.apiPricesUsd).toEqual({ SLT: 80_000_000n, 'USDC.e': 100_000_000n, STEAD: 25_000_000n });
    const [treasury, trading, cold] = demo.watched.map((w) => w.address);
    expect(expected.balances).toEqual({
      [treasury!]: { SLT: 1_500n * 10n ** 18n, 'USDC.e': 10_000_000_000n, STEAD: 4_000n * 10n ** 18n },
      [trading!]: { SLT: 25_500_000_000_000_000_000n, 'USDC.e': 10_000n, STEAD: 123_400_000_000_000_000_000n },
      [cold!]: { SLT: 0n, 'USDC.e': 0n, STEAD: 0n },
    });
    const chain = read(l2.anvilUrl);
    expect(await chain.getChainId()).toBe(31338);
    for (const [address, balances] of Object.entries(expected.balances) as Array<[`0x${string}`, Record<string, bigint>]>) {
      expect(await chain.getBalance({ address })).toBe(balances.SLT);
      for (const token of l2.config.tokens) {
        expect(await chain.readContract({ address: token.address, abi: demoTokenAbi, functionName: 'balanceOf', args: [address] })).toBe(balances[token.symbol]);
      }
    }
    const [, answer] = await chain.readContract({ address: l2.config.nativePriceFeed!, abi: demoPriceFeedAbi, functionName: 'latestRoundData' });
    expect(answer).toBe(80_000_000n);
    const logs = await chain.getLogs({ address: l2.config.tokens.map((t) => t.address), event: transferEvent, fromBlock: 0n });
    expect(logs).toHaveLength(226);
    // Same deployer, same nonce: chain 2's USDC.e sits where chain 1's USDC does. Tokens are known by chain and address.
    expect(l2.config.tokens[0]!.address).toBe(demo.chains[0]!.config.tokens[0]!.address);
  });

  it('deploys unlisted tokens (priced by the API, unpriced, spam) for discovery to find, with their balances', async () => {
    const local = demo.chains[0]!;
    expect(local.config.tokens.map((t) => t.symbol)).toEqual(['USDC', 'WBTC', 'DAI']);
    const [treasury, trading, cold] = demo.watched.map((w) => w.address);
    expect(local.unlistedTokens.map(({ address, ...rest }) => ({ ...rest, deployed: address.length === 42 }))).toEqual([
      { symbol: 'GOV', name: 'Steadfast Governance', decimals: 18, apiPriceUsd: 1_250_000_000n, spam: false, deployed: true, balances: { [treasury!]: 200n * 10n ** 18n, [trading!]: 7_500_000_000_000_000_000n, [cold!]: 0n } },
      { symbol: 'NOPE', name: 'No Price Token', decimals: 18, apiPriceUsd: null, spam: false, deployed: true, balances: { [treasury!]: 1_000n * 10n ** 18n, [trading!]: 0n, [cold!]: 42n * 10n ** 18n } },
      { symbol: 'FREE-ETH.COM', name: 'Claim your ETH at free-eth.com', decimals: 18, apiPriceUsd: null, spam: true, deployed: true, balances: { [treasury!]: 1_000n * 10n ** 18n, [trading!]: 1_000n * 10n ** 18n, [cold!]: 1_000n * 10n ** 18n } },
    ]);
    for (const token of local.unlistedTokens) {
      expect(await anvil.readContract({ address: token.address, abi: demoTokenAbi, functionName: 'symbol' })).toBe(token.symbol);
      for (const [address, amount] of Object.entries(token.balances) as Array<[`0x${string}`, bigint]>) {
        expect(await anvil.readContract({ address: token.address, abi: demoTokenAbi, functionName: 'balanceOf', args: [address] }), token.symbol).toBe(amount);
      }
    }
    // Discoverable: every non-zero holding arrived by a Transfer to the holder; the spam came from a stranger.
    const incoming = await anvil.getLogs({ address: local.unlistedTokens.map((t) => t.address), event: transferEvent, args: { to: treasury }, fromBlock: 0n });
    expect(incoming.map((log) => log.address.toLowerCase()).sort()).toEqual(local.unlistedTokens.map((t) => t.address.toLowerCase()).sort());
    const spam = incoming.find((log) => log.address.toLowerCase() === local.unlistedTokens[2]!.address.toLowerCase())!;
    expect(spam.args.from).toBe('0xa0Ee7A142d267C1f36714E4a8F75612F20a79720'); // dev account 9
    const all = await anvil.getLogs({ address: local.unlistedTokens.map((t) => t.address), event: transferEvent, fromBlock: 0n });
    expect(all).toHaveLength(demo.expected.chains[31337]!.unlistedTransfers);
  });
});

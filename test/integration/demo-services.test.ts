/**
 * The demo's services beside its chains: the indexer (Etherscan v2 / Blockscout account API) answers what anvil
 * says, the price API answers the plan's prices exactly, both take faults, and ENS names resolve through the
 * engine's own viem client. Ground truth is read from anvil directly.
 */
import { createPublicClient, http, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../src/main/demo/index';
import { createEngine, type ManagedEngine } from '../../src/main/engine';
import { demoTokenAbi } from '../../src/main/demo/abi';
import { failureCode } from '../support/demo-http';
import { getJson } from '../support/demo-services';

let demo: RunningDemo;
let anvil: PublicClient;
let engine: ManagedEngine | undefined;
const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const transferEvent = demoTokenAbi.find((item) => item.type === 'event' && item.name === 'Transfer')!;

interface Answer<T = Record<string, string>> {
  status: string;
  message: string;
  result: T[] | string;
}

const etherscan = (params: Record<string, string | number>, chainId = 31337): Promise<{ status: number; body: Answer }> => {
  const indexer = demo.services.indexers[chainId]!;
  const query = new URLSearchParams({ chainid: String(chainId), module: 'account', apikey: indexer.apiKey, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
  return getJson(`${indexer.baseUrl}/v2/api?${query}`) as Promise<{ status: number; body: Answer }>;
};
const rows = (answer: { body: Answer }): Array<Record<string, string>> => answer.body.result as Array<Record<string, string>>;

beforeAll(async () => {
  demo = await startDemo({ l2: true });
  anvil = createPublicClient({ transport: http(demo.chains[0]!.anvilUrl) });
});

afterAll(async () => {
  await engine?.dispose();
  await demo?.stop();
});

describe('indexer', () => {
  it('lists every transaction of an address as anvil has it, fees included', async () => {
    const answer = await etherscan({ action: 'txlist', address: TREASURY });
    expect([answer.status, answer.body.status, answer.body.message]).toEqual([200, '1', 'OK']);
    const txs = rows(answer);
    // Ground truth: scan every block for transactions from or to the Treasury.
    const head = await anvil.getBlockNumber();
    const truth: Array<{ hash: string; blockNumber: bigint }> = [];
    for (let n = 0n; n <= head; n++) {
      const block = await anvil.getBlock({ blockNumber: n, includeTransactions: true });
      for (const tx of block.transactions) {
        if (tx.from === TREASURY.toLowerCase() || tx.to === TREASURY.toLowerCase() || tx.from === TREASURY || tx.to === TREASURY) truth.push({ hash: tx.hash, blockNumber: n });
      }
    }
    expect(txs.map((t) => t.hash)).toEqual(truth.map((t) => t.hash));
    expect(txs.length).toBeGreaterThan(20);
    const sent = txs.find((t) => t.from === TREASURY.toLowerCase() && t.input !== '0x')!;
    const receipt = await anvil.getTransactionReceipt({ hash: sent.hash as `0x${string}` });
    const tx = await anvil.getTransaction({ hash: sent.hash as `0x${string}` });
    const block = await anvil.getBlock({ blockNumber: receipt.blockNumber });
    expect(sent).toEqual({
      blockNumber: String(receipt.blockNumber),
      timeStamp: String(block.timestamp),
      hash: tx.hash,
      nonce: String(tx.nonce),
      blockHash: receipt.blockHash,
      transactionIndex: String(receipt.transactionIndex),
      from: TREASURY.toLowerCase(),
      to: tx.to,
      value: '0',
      gas: String(tx.gas),
      gasPrice: String(receipt.effectiveGasPrice),
      isError: '0',
      txreceipt_status: '1',
      input: tx.input,
      contractAddress: '',
      cumulativeGasUsed: String(receipt.cumulativeGasUsed),
      gasUsed: String(receipt.gasUsed),
      confirmations: String(head - receipt.blockNumber + 1n),
      methodId: '0xa9059cbb',
      functionName: 'transfer(address to, uint256 value)',
    });
    // The fee a history shows is gasUsed × gasPrice, in wei.
    expect(BigInt(sent.gasUsed!) * BigInt(sent.gasPrice!)).toBe(receipt.gasUsed * receipt.effectiveGasPrice);
    expect(BigInt(sent.gasUsed!) * BigInt(sent.gasPrice!)).toBeGreaterThan(0n);
  });

  it('lists every token transfer of an address as anvil logs it, with the token named', async () => {
    const answer = await etherscan({ action: 'tokentx', address: TREASURY });
    const transfers = rows(answer);
    const tokens = [...demo.chains[0]!.config.tokens.map((t) => t.address), ...demo.chains[0]!.unlistedTokens.map((t) => t.address)];
    const [from, to] = await Promise.all([
      anvil.getLogs({ address: tokens, event: transferEvent, args: { from: TREASURY }, fromBlock: 0n }),
      anvil.getLogs({ address: tokens, event: transferEvent, args: { to: TREASURY }, fromBlock: 0n }),
    ]);
    expect(transfers).toHaveLength(from.length + to.length);
    const gov = demo.chains[0]!.unlistedTokens[0]!;
    const received = transfers.find((t) => t.contractAddress === gov.address.toLowerCase())!;
    const log = to.find((l) => l.address.toLowerCase() === gov.address.toLowerCase())!;
    expect(received).toMatchObject({
      hash: log.transactionHash,
      blockNumber: String(log.blockNumber),
      logIndex: String(log.logIndex),
      from: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
      to: TREASURY.toLowerCase(),
      value: String(gov.balances[TREASURY]),
      tokenName: 'Steadfast Governance',
      tokenSymbol: 'GOV',
      tokenDecimal: '18',
    });
    const only = rows(await etherscan({ action: 'tokentx', address: TREASURY, contractaddress: gov.address }));
    expect(only.map((t) => t.tokenSymbol)).toEqual(['GOV']);
  });

  it('pages and sorts like Etherscan, and serves chain 2 and the Blockscout path', async () => {
    const all = rows(await etherscan({ action: 'tokentx', address: TREASURY, sort: 'asc' }));
    const page2 = rows(await etherscan({ action: 'tokentx', address: TREASURY, page: 2, offset: 5, sort: 'asc' }));
    expect(page2).toEqual(all.slice(5, 10));
    const desc = rows(await etherscan({ action: 'tokentx', address: TREASURY, page: 1, offset: 3, sort: 'desc' }));
    expect(desc).toEqual(all.slice(-3).reverse());
    const blocks = all.map((t) => Number(t.blockNumber));
    expect(blocks).toEqual([...blocks].sort((a, b) => a - b));
    const ranged = rows(await etherscan({ action: 'tokentx', address: TREASURY, startblock: 5, endblock: 10 }));
    expect(ranged).toEqual(all.filter((t) => Number(t.blockNumber) >= 5 && Number(t.blockNumber) <= 10));
    expect((await etherscan({ action: 'tokentx', address: TREASURY, page: 101, offset: 100 })).body).toEqual({
      status: '0', message: 'NOTOK', result: 'Result window is too large, PageNo x Offset size must be less than or equal to 10000',
    });
    expect((await etherscan({ action: 'txlist', address: '0x000000000000000000000000000000000000dEaD' })).body).toEqual({ status: '0', message: 'No transactions found', result: [] });

    const l2 = rows(await etherscan({ action: 'tokentx', address: TREASURY }, 31338));
    expect(new Set(l2.map((t) => t.tokenSymbol))).toEqual(new Set(['USDC.e', 'STEAD']));
    const blockscout = await getJson(`${demo.services.indexers[31338]!.blockscoutUrl}/api?module=account&action=tokentx&address=${TREASURY}`);
    expect((blockscout.body as Answer).result).toEqual(l2);
  });

  it('refuses a wrong or missing key, and an unknown chain', async () => {
    const indexer = demo.services.indexers[31337]!;
    expect((await etherscan({ action: 'txlist', address: TREASURY, apikey: 'wrong' })).body).toEqual({ status: '0', message: 'NOTOK', result: 'Invalid API Key' });
    const missing = await getJson(`${indexer.baseUrl}/v2/api?chainid=31337&module=account&action=txlist&address=${TREASURY}`);
    expect(missing.body).toEqual({ status: '0', message: 'NOTOK', result: 'Missing/Invalid API Key' });
    expect((await etherscan({ action: 'txlist', address: TREASURY, chainid: 1 })).body).toEqual({ status: '0', message: 'NOTOK', result: 'Invalid chainid 1' });
  });

  it('indexes blocks mined after the seed', async () => {
    const before = rows(await etherscan({ action: 'txlist', address: TREASURY })).length;
    const hash = await anvil.request({ method: 'eth_sendTransaction', params: [{ from: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', to: TREASURY, value: '0x1' }] } as never) as `0x${string}`;
    await anvil.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    const after = rows(await etherscan({ action: 'txlist', address: TREASURY, sort: 'desc', page: 1, offset: 1 }));
    expect(after[0]).toMatchObject({ hash, value: '1', from: '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc', functionName: '', methodId: '0x' });
    expect(rows(await etherscan({ action: 'txlist', address: TREASURY }))).toHaveLength(before + 1);
  });
});

describe('price API', () => {
  const api = (path: string, key: string | null = demo.services.priceApi.apiKey) =>
    getJson(`${demo.services.priceApi.baseUrl}${path}`, key === null ? {} : { 'x-cg-demo-api-key': key });

  it('answers the plan prices exactly, by coin id and by platform and contract address', async () => {
    expect((await api('/api/v3/simple/price?ids=ethereum,steadfast-l2-token,bitcoin&vs_currencies=usd')).body).toEqual({
      ethereum: { usd: 3000 },
      'steadfast-l2-token': { usd: 0.8 },
    });
    const local = demo.chains[0]!;
    const addresses = [...local.config.tokens, ...local.unlistedTokens].map((t) => t.address);
    const answer = await api(`/api/v3/simple/token_price/steadfast-local?contract_addresses=${addresses.join(',')}&vs_currencies=usd`);
    expect(answer.body).toEqual({
      [addresses[0]!.toLowerCase()]: { usd: 1 },
      [addresses[1]!.toLowerCase()]: { usd: 60000 },
      [addresses[2]!.toLowerCase()]: { usd: 1 },
      [addresses[3]!.toLowerCase()]: { usd: 12.5 }, // GOV; NOPE and the spam have no price
    });
    const l2 = demo.chains[1]!.config.tokens.map((t) => t.address);
    const timed = await getJson(
      `${demo.services.priceApi.baseUrl}/api/v3/simple/token_price/steadfast-l2?contract_addresses=${l2.join(',')}&vs_currencies=usd&include_last_updated_at=true&x_cg_demo_api_key=${demo.services.priceApi.apiKey}`,
    );
    const body = timed.body as Record<string, { usd: number; last_updated_at: number }>;
    expect(Object.values(body).map((v) => v.usd)).toEqual([1, 0.25]);
    expect(Math.abs(body[l2[0]!.toLowerCase()]!.last_updated_at - Date.now() / 1000)).toBeLessThan(120);
  });

  it('refuses a missing or wrong key', async () => {
    expect(await api('/api/v3/simple/price?ids=ethereum&vs_currencies=usd', null)).toEqual({ status: 401, body: { status: { error_code: 10002, error_message: 'API Key Missing' } } });
    expect(await api('/api/v3/simple/price?ids=ethereum&vs_currencies=usd', 'nope')).toEqual({ status: 401, body: { status: { error_code: 10010, error_message: 'Invalid API Key' } } });
  });
});

describe('service faults', () => {
  it('refuse, hang, http and rate limits on each service, then back to normal', async () => {
    const priceUrl = `${demo.services.priceApi.baseUrl}/api/v3/simple/price?ids=ethereum&vs_currencies=usd&x_cg_demo_api_key=${demo.services.priceApi.apiKey}`;
    try {
      demo.setServiceFault('price-api', { kind: 'refuse' });
      expect(await failureCode(getJson(priceUrl))).toBe('ECONNREFUSED');
      demo.setServiceFault('price-api', { kind: 'http', status: 503 });
      expect((await getJson(priceUrl)).status).toBe(503);
      demo.setServiceFault('price-api', { kind: 'rpc-error', code: 429, message: 'You have exceeded the rate limit' });
      expect(await getJson(priceUrl)).toEqual({ status: 429, body: { status: { error_code: 429, error_message: 'You have exceeded the rate limit' } } });
      demo.setServiceFault('indexer', { kind: 'hang' });
      const indexer = demo.services.indexers[31337]!;
      const hung = `${indexer.baseUrl}/v2/api?chainid=31337&module=account&action=txlist&address=${TREASURY}&apikey=${indexer.apiKey}`;
      expect(await failureCode(getJson(hung, {}, 300))).toBe('TIMEOUT');
      demo.setServiceFault('indexer', { kind: 'rpc-error', code: -1, message: 'Max calls per sec rate limit reached (5/sec)' });
      expect((await etherscan({ action: 'txlist', address: TREASURY })).body).toEqual({ status: '0', message: 'NOTOK', result: 'Max calls per sec rate limit reached (5/sec)' });
      expect(demo.serviceStatus().indexer.fault.kind).toBe('rpc-error');
    } finally {
      demo.setServiceFault('price-api', { kind: 'none' });
      demo.setServiceFault('indexer', { kind: 'none' });
    }
    expect((await getJson(priceUrl)).body).toEqual({ ethereum: { usd: 3000 } });
    expect((await etherscan({ action: 'txlist', address: TREASURY })).body.status).toBe('1');
    expect(() => demo.setServiceFault('indexer', { kind: 'delay', ms: -5 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('ENS', () => {
  it('resolves the demo names through the engine viem client; unknown names are null', async () => {
    const local = demo.chains[0]!;
    expect(local.config.ensUniversalResolver).toMatch(/^0x[0-9a-fA-F]{40}$/);
    engine = createEngine([local.config]);
    const { client } = engine.chain(31337);
    expect(await client.getEnsAddress({ name: 'treasury.steadfast.eth' })).toBe(TREASURY);
    expect(await client.getEnsAddress({ name: 'vault.steadfast.eth' })).toBe('0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc');
    // With a coin type viem answers the raw bytes (lower case), as it does on mainnet.
    expect(await client.getEnsAddress({ name: 'treasury.steadfast.eth', coinType: 60n })).toBe(TREASURY.toLowerCase());
    expect(await client.getEnsAddress({ name: 'nobody.steadfast.eth' })).toBeNull();
  });
});

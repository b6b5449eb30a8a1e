/** Facts for the history unit tests: one address, and transactions shaped as both sources normalise them. */
import type { TransferFacts, TxFacts } from '../../../src/main/portfolio/history/decode';

export const ME = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
export const BOB = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const;
export const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const;
export const DAI = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0' as const;
export const ETH = { symbol: 'ETH', decimals: 18 };
export const T0 = 1_790_000_000_000;

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const;

export function tx(n: number, fields: Partial<TxFacts> = {}): TxFacts {
  return {
    hash: hash(n),
    blockNumber: BigInt(100 + n),
    txIndex: 0,
    timestamp: T0 + n * 12_000,
    from: ME,
    to: BOB,
    value: 0n,
    input: '0x',
    functionName: null,
    fee: 21_000n * 1_500_000_000n,
    failed: false,
    ...fields,
  };
}

export function transfer(n: number, logIndex: number, fields: Partial<TransferFacts> = {}): TransferFacts {
  return {
    hash: hash(n),
    blockNumber: BigInt(100 + n),
    txIndex: 0,
    logIndex,
    timestamp: T0 + n * 12_000,
    token: { address: TOKEN, symbol: 'USDC', decimals: 6 },
    from: BOB,
    to: ME,
    value: 2_500_000n,
    ...fields,
  };
}

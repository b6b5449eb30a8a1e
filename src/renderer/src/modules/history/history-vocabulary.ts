/** How history rows and their source look: one badge per kind and per source, exact amount text. */
import type { HistoryKind, HistoryRow } from '../../../../shared/domain';
import { formatAge } from '../clock/format-age';
import { formatUnits } from '../portfolio/money';
import type { HistoryOrigin } from './use-history-store';
import type { BadgeSpec } from '../ui/badge';

export const KIND_BADGES = {
  sent: { text: 'sent', tone: 'warn', hint: 'The native coin went out of this address.' },
  received: { text: 'received', tone: 'ok', hint: 'The native coin came into this address.' },
  'token-transfer': { text: 'token', tone: 'off', hint: 'An ERC-20 transfer from or to this address.' },
  'contract-call': { text: 'call', tone: 'off', hint: 'A call to a contract that moved no value.' },
} as const satisfies Record<HistoryKind, BadgeSpec>;

export const FAILED_BADGE: BadgeSpec = { text: 'failed', tone: 'bad', hint: 'Reverted: it moved nothing but cost its fee.' };

/** The source, said plainly: a limited window and a cached copy are both things the user must be able to see. */
export function sourceBadge(origin: HistoryOrigin, now: number): BadgeSpec {
  switch (origin.source) {
    case 'indexer':
      return { text: 'indexer', tone: 'ok', hint: 'Complete history from the chain’s indexer.' };
    case 'logs':
      return origin.fromBlock === null
        ? { text: 'logs', tone: 'ok', hint: 'Read from the chain’s logs and blocks; complete.' }
        : {
            text: `logs (since block ${origin.fromBlock.toString()})`,
            tone: 'warn',
            hint: 'The indexer is unavailable: only recent blocks were read from the chain, older history may be missing.',
          };
    case 'cache':
      return {
        text: `cache (${formatAge(origin.fetchedAt, now)})`,
        tone: 'bad',
        hint: 'No source answered: this is the last history read, as it was then.',
      };
  }
}

/** `0x7099…79C8`: enough to tell addresses apart in a row; the full one is in the title. */
export function shortAddress(address: string | null): string {
  return address === null ? '—' : `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Signed exact amount with its symbol: `-1.5 ETH`, `+2,500 USDC`; a call that moved nothing shows its method. */
export function amountText(row: HistoryRow): string {
  if (row.asset === null) return row.method ?? '—';
  const sign = row.direction === 'out' ? '-' : row.direction === 'in' ? '+' : '';
  return `${sign}${formatUnits(row.amount, row.asset.decimals)} ${row.asset.symbol}`;
}

/**
 * Fees are in the native coin; every EVM chain's native coin has 18 decimals (ChainInfo carries only the symbol).
 */
export function feeText(row: HistoryRow, nativeSymbol: string): string {
  return row.fee === null ? '' : `${formatUnits(row.fee, 18)} ${nativeSymbol}`;
}

/** UTC, to the minute: the same instant for every reader; the exact time is in the title. */
export function dateText(timestamp: number): string {
  return `${new Date(timestamp).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

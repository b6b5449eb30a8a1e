/**
 * A history row's fee and counterparty as people read them (HistoryRowItem.vue).
 *
 * Fees: exact, like amounts (formatUnits: thousands grouped, trailing zeros of the fraction dropped, never rounded),
 * in the chain's native coin. 25258173633000n wei is "0.000025258173633 ETH"; a fee whose wei has no trailing zeros
 * keeps all 18 decimals, because dropping any would round it.
 */
import type { ListedAddress } from '../../../../shared/domain';
import { formatUnits } from '../portfolio/money';
import { shortAddress } from './history-vocabulary';

/** Every EVM chain's native coin has 18 decimals (ChainInfo carries only the symbol). */
const NATIVE_DECIMALS = 18;

export function feeAmountText(fee: bigint | null, nativeSymbol: string): string {
  return fee === null ? '' : `${formatUnits(fee, NATIVE_DECIMALS)} ${nativeSymbol}`;
}

/** The watched address's label when the counterparty is one (compared case-insensitively), else the short address. */
export function counterpartyText(
  counterparty: string | null,
  watched: readonly Pick<ListedAddress, 'address' | 'label'>[],
): { text: string; label: string | null } {
  if (counterparty === null) return { text: shortAddress(null), label: null };
  const own = watched.find((entry) => entry.address.toLowerCase() === counterparty.toLowerCase());
  return own ? { text: own.label, label: own.label } : { text: shortAddress(counterparty), label: null };
}

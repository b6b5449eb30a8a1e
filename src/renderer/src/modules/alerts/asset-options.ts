/**
 * The assets an alert can watch: those in the current holdings (priced ones only: an alert on an asset without a
 * price could never fire), one entry per chain × token address, never merged by symbol.
 */
import type { ChainInfo, PortfolioSnapshot } from '../../../../shared/domain';

export interface AssetOption {
  /** `chainId:address|native`. */
  value: string;
  label: string;
}

export function assetOptions(snapshot: PortfolioSnapshot | null, chains: readonly ChainInfo[]): AssetOption[] {
  const options = new Map<string, AssetOption>();
  for (const entry of snapshot?.addresses ?? []) {
    for (const h of entry.holdings) {
      if (!h.price) continue;
      const value = `${h.token.chainId}:${h.token.address}`;
      const chain = chains.find((c) => c.chainId === h.token.chainId)?.name ?? `chain ${h.token.chainId}`;
      if (!options.has(value)) options.set(value, { value, label: `${h.token.symbol} · ${chain}` });
    }
  }
  return [...options.values()];
}

/**
 * Exact money arithmetic. Everything stays bigint until the renderer formats it: token amounts in their smallest
 * unit, USD with USD_DECIMALS decimals. Division rounds down (toward zero), which never overstates a holding.
 */
import { USD_DECIMALS } from '../../shared/domain';

/** Rescale a feed answer from the feed's decimals to USD_DECIMALS. */
export function toUsdDecimals(answer: bigint, feedDecimals: number): bigint {
  if (feedDecimals === USD_DECIMALS) return answer;
  if (feedDecimals > USD_DECIMALS) return answer / 10n ** BigInt(feedDecimals - USD_DECIMALS);
  return answer * 10n ** BigInt(USD_DECIMALS - feedDecimals);
}

/** amount (token units) × price (USD per whole token, USD_DECIMALS) → USD with USD_DECIMALS. */
export function valueUsd(amount: bigint, tokenDecimals: number, priceUsd: bigint): bigint {
  return (amount * priceUsd) / 10n ** BigInt(tokenDecimals);
}

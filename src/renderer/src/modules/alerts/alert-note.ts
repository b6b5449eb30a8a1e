/**
 * What an alert's state means, in words, on the alert itself. An alert fires on a crossing only (alert-machine.ts in
 * main): one created while the price was already beyond its threshold starts 'fired' without having fired, and the
 * user must see that it is waiting for the price to come back first, not broken or already spent.
 */
import type { PriceAlert } from '../../../../shared/domain';
import { formatUsdPrice } from '../portfolio/money';

export function alertNote(alert: Pick<PriceAlert, 'direction' | 'thresholdUsd' | 'state' | 'lastFiredAt'>): string {
  const price = formatUsdPrice(alert.thresholdUsd);
  const [away, back] = alert.direction === 'above' ? ['drops below', 'rises above'] : ['rises above', 'drops below'];
  if (alert.state === 'armed') return `fires when the price ${back} ${price}`;
  if (alert.lastFiredAt === null) return `already ${alert.direction} ${price}: fires after the price ${away} and ${back} again`;
  return `fired; fires again after the price ${away} and ${back} ${price} again`;
}

/** 'prices.settings' and 'prices.save': the order of price sources and the price API (its key in the SecretStore). */
import type { PriceSettings } from '../../../shared/domain';
import type { AppContext } from '../../app-context';
import { checkedBaseUrl } from '../../chains/base-url';
import { maskUrl } from '../../engine/redact';
import type { Handlers } from '../../ipc/router';
import type { PriceBook } from './price-book';
import { PRICE_API_KEY_SECRET } from './price-setup';

export function priceHandlers(ctx: AppContext, book: PriceBook): Pick<Handlers, 'prices.settings' | 'prices.save'> {
  const view = (): PriceSettings => {
    const { order, api } = ctx.settings.get().prices;
    return {
      order: [...order],
      api: api
        ? { baseUrl: maskUrl(api.baseUrl), hasApiKey: api.apiKeySecret !== null && ctx.secrets.get(api.apiKeySecret) !== undefined }
        : null,
    };
  };
  return {
    'prices.settings': () => view(),
    'prices.save': ({ order, api }) => {
      const stored = ctx.settings.get().prices.api;
      let next: { baseUrl: string; apiKeySecret: string | null } | null = null;
      if (api) {
        // The masked URL as read back means "keep the stored one" (its secret parts included).
        const keep = stored !== null && api.baseUrl === maskUrl(stored.baseUrl);
        // Checked before anything is written: a refused URL changes neither the settings nor the stored key.
        const baseUrl = keep ? stored.baseUrl : checkedBaseUrl(api.baseUrl, 'price API');
        if (api.apiKey === '') ctx.secrets.delete(PRICE_API_KEY_SECRET);
        else if (api.apiKey !== undefined) ctx.secrets.set(PRICE_API_KEY_SECRET, api.apiKey);
        next = { baseUrl, apiKeySecret: ctx.secrets.get(PRICE_API_KEY_SECRET) !== undefined ? PRICE_API_KEY_SECRET : null };
      } else {
        ctx.secrets.delete(PRICE_API_KEY_SECRET);
      }
      ctx.settings.update((s) => ({ ...s, prices: { order: [...order], api: next } }));
      book.invalidate();
      void ctx.runtime().portfolio.refresh();
      return view();
    },
  };
}

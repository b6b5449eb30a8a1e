/** Base URLs of HTTP services (an indexer, a price API) as the settings keep them: as typed, so nothing secret. */
import { maskUrl } from '../engine/redact';
import { invalid } from './provider-plan';

/**
 * A service's base URL is stored as typed, so it must carry nothing maskUrl would hide (a key in the path, the
 * query or credentials): the key has its own field, kept in the secret store, and the reader adds it per request.
 * `what` names the service in the message ("indexer", "price API").
 */
export function checkedBaseUrl(typed: string, what: string): string {
  if (!/^https?:\/\/[^\s]+$/i.test(typed) || !URL.canParse(typed)) {
    throw invalid(`the ${what} base URL must be a URL starting with http:// or https://`, { field: 'baseUrl' });
  }
  const parsed = new URL(typed);
  // The whole text is compared, not the parsed URL: a fragment or an empty `?` is dropped by maskUrl and by URL's
  // search, yet it would be stored as typed (and a key after `#` would sit in the settings file unseen).
  if (typed.includes('#') || typed.includes('?') || maskUrl(typed) !== `${parsed.origin}${parsed.pathname}`) {
    throw invalid(`the ${what} base URL may not carry a key, credentials, a query or a fragment: put the API key in its own field`, {
      field: 'baseUrl',
    });
  }
  return typed;
}

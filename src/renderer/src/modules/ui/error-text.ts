/**
 * The part of an error a person should read. Main's router prefixes schema refusals with the channel and the field
 * ("invalid input for addresses.add: address: …"): right for logs and developers, noise in a form. Such refusals
 * carry each failing field's own message in `details.issues`; the first one is what the form shows. Every other
 * error (a checksum typo, "already watched", a provider failure) is already written for people and shown as is.
 */
import type { ErrorData } from '../../../../shared/errors';

const ROUTER_PREFIX = /^(?:invalid|malformed) input for [\w.]+: (?:[\w.]+: )?/;

export function errorText(error: Pick<ErrorData, 'code' | 'message' | 'details'>): string {
  if (error.code !== 'INVALID_INPUT') return error.message;
  const issues = error.details?.['issues'];
  if (Array.isArray(issues)) {
    const first = issues[0] as { message?: unknown } | undefined;
    if (typeof first?.message === 'string' && first.message !== '') return first.message;
  }
  return error.message.replace(ROUTER_PREFIX, '');
}

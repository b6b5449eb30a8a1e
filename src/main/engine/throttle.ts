/**
 * Provider-requested back-off (HTTP 429 / JSON-RPC rate-limit errors). A throttled provider gets no traffic until
 * the time it named, and then gets traffic again without a probe: it told us when to come back.
 *
 * Why not the breaker: the provider is alive and said exactly how long to wait, so a grown, jittered breaker
 * cool-down would guess where we know. Nor does a throttle feed the breaker's fault count: we already stop sending,
 * and opening the breaker on top would add a probe round and a longer cool-down for a provider that only asked for
 * a pause. A throttle does count in the provider's error rate (the request failed and was re-sent elsewhere), so a
 * provider that keeps rate-limiting us loses share in selection once it is back.
 */

/** Without a usable Retry-After (a JSON-RPC rate-limit error has none): back off for one second, the unit most
 * providers' per-second quotas refill in. */
export const DEFAULT_THROTTLE_MS = 1_000;

/**
 * Seconds (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`) as milliseconds from `now`; null when absent or
 * unreadable. A date in the past gives 0.
 */
export function parseRetryAfter(header: string | undefined, now: number): number | null {
  if (header === undefined) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  // Date.parse also accepts many non-HTTP formats; anything it reads as a date is good enough here.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** One provider's throttle. `maxMs` caps a provider's demand, so a bogus "come back tomorrow" cannot lose it. */
export class Throttle {
  private until: number | null = null;

  constructor(private readonly maxMs: number) {}

  /** Throttle from `now` for the header's duration (default when absent), never shortening a longer one. */
  throttle(retryAfter: string | undefined, now = Date.now()): void {
    const wait = Math.min(this.maxMs, parseRetryAfter(retryAfter, now) ?? DEFAULT_THROTTLE_MS);
    const until = now + wait;
    if (this.until === null || until > this.until) this.until = until;
  }

  /** Epoch ms until which the provider is throttled, or null when it is not (an expired throttle reads as null). */
  throttledUntil(now = Date.now()): number | null {
    if (this.until !== null && this.until <= now) this.until = null;
    return this.until;
  }
}

/**
 * Errors cross the main ⇄ renderer boundary as plain data, because Electron's `invoke` keeps only an Error's
 * message. The renderer rebuilds a `SteadfastError` from the data so that `code`, `retryable` and `provider` survive.
 */
export const ERROR_CODES = [
  /** The input did not parse against the channel's schema, or failed a domain check (e.g. an address checksum). */
  'INVALID_INPUT',
  /** The channel is not part of the contract. */
  'UNKNOWN_CHANNEL',
  /** The caller is not the app's own renderer (wrong sender, origin or token). */
  'FORBIDDEN',
  /** One provider failed in a way that counts against it (refused, timed out, 5xx, garbage...). */
  'PROVIDER_ERROR',
  /** The provider said to slow down (HTTP 429 or a JSON-RPC rate-limit error). */
  'RATE_LIMITED',
  /** Every provider of the chain failed for this request. */
  'ALL_PROVIDERS_FAILED',
  /** No provider may be tried now: every breaker is open or every provider is disabled. */
  'NO_HEALTHY_PROVIDER',
  /** No provider answered and there is no cached value to fall back to. */
  'OFFLINE',
  /** A deadline passed (request, operation or global). */
  'TIMEOUT',
  /** The caller gave up (aborted). */
  'CANCELLED',
  /** A bulkhead lane and its queue are full. */
  'BUSY',
  /** A deterministic answer from the chain (execution reverted, invalid params): retrying elsewhere cannot help. */
  'RPC_ERROR',
  /** The feature or channel exists but is not available in this mode (e.g. fault injection without the demo chain). */
  'NOT_AVAILABLE',
  /** A bug: something threw that was not expected to. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What an error looks like on the wire. */
export interface ErrorData {
  code: ErrorCode;
  message: string;
  /** Whether trying the same thing again later may succeed. */
  retryable: boolean;
  /** The provider the error is about, by its display name (never its URL). */
  provider?: string;
  /** Extra facts (e.g. the failing schema paths for INVALID_INPUT). Plain data only. */
  details?: Record<string, unknown>;
}

export class SteadfastError extends Error implements ErrorData {
  override readonly name = 'SteadfastError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly provider?: string;
  readonly details?: Record<string, unknown>;

  constructor(data: ErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.code = data.code;
    this.retryable = data.retryable;
    if (data.provider !== undefined) this.provider = data.provider;
    if (data.details !== undefined) this.details = data.details;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.provider !== undefined) data.provider = this.provider;
    if (this.details !== undefined) data.details = this.details;
    return data;
  }
}

const codeSet: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorData(value: unknown): value is ErrorData {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && codeSet.has(v.code) && typeof v.message === 'string' && typeof v.retryable === 'boolean';
}

/** Turn anything thrown into wire data; unknown throwables become INTERNAL without leaking their stack. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof SteadfastError) return error.toData();
  if (isErrorData(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message, retryable: false };
}

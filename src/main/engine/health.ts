/** Per-provider counters and how they become the `ProviderStatus` health level the UI shows. */
import type { BreakerState, HealthLevel, ProviderIssue } from '../../shared/domain';
import { RecentWindow } from './latency';

/** Mutable counters for one provider; only provider.ts writes them. */
export class ProviderStats {
  /** Requests sent (each retry and each hedge is one more). */
  requests = 0;
  failures = 0;
  /** Faults since the last answer: the "recent failures" that make a closed provider DEGRADED. */
  consecutiveFaults = 0;
  lastLatencyMs: number | null = null;
  lastSuccessAt: number | null = null;
  lastError: ProviderIssue | null = null;
  /** Hedges this provider received, and how many of its answers were the ones taken. */
  hedgesSent = 0;
  hedgesWon = 0;
  /** Extra tries on this provider after a transient fault. */
  retries = 0;
  /** The recent stretch that latency percentiles and the error rate are taken over. */
  readonly recent = new RecentWindow();

  /** The provider answered, with a result or with a deterministic error: either way it works. */
  answered(latencyMs: number): void {
    this.lastLatencyMs = latencyMs;
    this.lastSuccessAt = Date.now();
    this.consecutiveFaults = 0;
    this.recent.answered(latencyMs);
  }

  faulted(code: string, message: string): void {
    this.failures++;
    this.consecutiveFaults++;
    this.lastError = { code, message, at: Date.now() };
    this.recent.faulted();
  }
}

/**
 * Above this share of faults in the recent window a closed provider is DEGRADED: one request in ten paying for a
 * failover (an extra round trip at least) is something an operator should see.
 */
export const DEGRADED_ERROR_RATE = 0.1;
/** ...but only over at least this many attempts: 1 fault in 3 is noise that `consecutiveFaults` already shows. */
export const ERROR_RATE_MIN_ATTEMPTS = 20;

/** What the health level is decided from. */
export interface HealthFacts {
  breaker: BreakerState;
  consecutiveFaults: number;
  /** Faults / attempts in the recent window, and how many attempts that is. */
  errorRate: number;
  attempts: number;
  throttled: boolean;
}

/**
 * UNHEALTHY: the breaker is open or isolated (no traffic at all), so the badge never contradicts the breaker.
 * DEGRADED: still usable but not trusted: half-open (on probation), throttled (asked us to back off), its last
 * request failed, or its recent error rate is above `DEGRADED_ERROR_RATE` over enough attempts.
 * HEALTHY otherwise.
 */
export function healthOf(facts: HealthFacts): HealthLevel {
  if (facts.breaker === 'open' || facts.breaker === 'isolated') return 'UNHEALTHY';
  if (facts.breaker === 'half-open' || facts.throttled || facts.consecutiveFaults > 0) return 'DEGRADED';
  if (facts.attempts >= ERROR_RATE_MIN_ATTEMPTS && facts.errorRate > DEGRADED_ERROR_RATE) return 'DEGRADED';
  return 'HEALTHY';
}

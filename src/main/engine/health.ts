/** Per-provider counters and how they become the `ProviderStatus` the UI shows. */
import type { BreakerState, HealthLevel, ProviderIssue } from '../../shared/domain';

/** Mutable counters for one provider; only provider.ts writes them. */
export class ProviderStats {
  requests = 0;
  failures = 0;
  /** Faults since the last answer: the "recent failures" that make a closed provider DEGRADED. */
  consecutiveFaults = 0;
  lastLatencyMs: number | null = null;
  lastSuccessAt: number | null = null;
  lastError: ProviderIssue | null = null;

  /** The provider answered, with a result or with a deterministic error: either way it works. */
  answered(latencyMs: number): void {
    this.lastLatencyMs = latencyMs;
    this.lastSuccessAt = Date.now();
    this.consecutiveFaults = 0;
  }

  faulted(code: string, message: string): void {
    this.failures++;
    this.consecutiveFaults++;
    this.lastError = { code, message, at: Date.now() };
  }
}

/**
 * One level per breaker state, so the badge never contradicts the breaker: open or isolated providers get no traffic
 * (UNHEALTHY); half-open ones are on probation (DEGRADED); closed ones are DEGRADED while their last request failed.
 */
export function healthOf(breaker: BreakerState, consecutiveFaults: number): HealthLevel {
  if (breaker === 'open' || breaker === 'isolated') return 'UNHEALTHY';
  if (breaker === 'half-open' || consecutiveFaults > 0) return 'DEGRADED';
  return 'HEALTHY';
}

/**
 * One provider as the request path sees it: connection, breaker, timeout and counters behind a single `attempt`.
 *
 * Policy order, outermost first: breaker → timeout → HTTP exchange. The timeout is inside the breaker so that a
 * timeout counts as a fault; classification happens inside too, so the breaker is told the class, not a raw error.
 */
import { timeout, TimeoutStrategy, type TimeoutPolicy } from 'cockatiel';
import type { ProviderStatus } from '../../shared/domain';
import { CountedFailure, isRefusal, ProviderBreaker } from './breaker';
import { classifyResponse, classifyThrown, type Cancelled, type Fault, type RpcErrorAnswer } from './classify';
import { RpcConnection } from './connection';
import { healthOf, ProviderStats } from './health';
import { maskUrl, redactText } from './redact';
import type { EngineOptions, ProviderConfig } from './types';

export interface Answer {
  kind: 'ok';
  result: unknown;
  latencyMs: number;
}

/** A deterministic error answer, timed like an answer: the provider did its job. */
export type TimedRpcError = RpcErrorAnswer & { latencyMs: number };

type Exchanged = Answer | TimedRpcError | Fault | Cancelled;

/** `skipped`: the breaker did not let the request through, nothing was sent. */
export type AttemptResult = Exchanged | { kind: 'skipped' };

/** A non-fault outcome that must not count as a success either (a cancelled non-probe call). */
class Uncounted extends Error {
  constructor(readonly outcome: Cancelled) {
    super('cancelled');
  }
}

/** One configured provider of one chain. */
export class Provider {
  readonly id: string;
  readonly name: string;
  readonly rank: number;
  readonly weight: number;
  private readonly url: string;
  private readonly connection: RpcConnection;
  private readonly breaker: ProviderBreaker;
  private readonly timeout: TimeoutPolicy;
  private readonly stats = new ProviderStats();

  /** `onChange` fires after every outcome and on every breaker transition. */
  constructor(
    private readonly chainId: number,
    config: ProviderConfig,
    private readonly options: EngineOptions,
    private readonly onChange: () => void,
  ) {
    this.id = `${chainId}:${config.name}`;
    this.name = config.name;
    this.rank = config.rank;
    this.weight = config.weight;
    this.url = config.url;
    this.connection = new RpcConnection(config.url, options.timeouts.connectionMs);
    this.breaker = new ProviderBreaker(options.breaker, onChange);
    // Aggressive: the caller is answered at the deadline even if something below ignores the signal. The signal is
    // still aborted, so undici destroys the request and its socket (real cancellation, not just a stopped wait).
    // abortOnReturn off: a request that ended by itself has nothing left to cancel, and keeping the signal un-aborted
    // lets us tell "timed out" from "failed" afterwards.
    this.timeout = timeout(options.timeouts.requestMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  }

  /** Send one request through breaker and timeout; never throws for provider trouble, it returns the class. */
  async attempt(method: string, paramsJson: string, signal: AbortSignal): Promise<AttemptResult> {
    if (!this.breaker.admits()) return { kind: 'skipped' };
    // Admitted while not closed means this call is the half-open probe.
    const probe = this.breaker.state() !== 'closed';
    let result: AttemptResult;
    try {
      result = await this.breaker.execute(async () => {
        this.stats.requests++;
        const outcome = await this.exchange(method, paramsJson, signal);
        // A cancelled probe proves nothing either way; counting it as a fault re-opens the breaker for another
        // delay rather than letting cockatiel close it on no evidence (see breaker.ts).
        if (outcome.kind === 'fault' || (outcome.kind === 'cancelled' && probe)) throw new CountedFailure(outcome);
        if (outcome.kind === 'cancelled') throw new Uncounted(outcome);
        return outcome;
      }, signal);
    } catch (error) {
      if (error instanceof CountedFailure) result = error.outcome as Exchanged;
      else if (error instanceof Uncounted) result = error.outcome;
      else if (isRefusal(error)) return { kind: 'skipped' };
      else throw error;
    }
    this.record(result);
    return result;
  }

  status(): ProviderStatus {
    const breaker = this.breaker.state();
    const { stats } = this;
    return {
      id: this.id,
      chainId: this.chainId,
      name: this.name,
      rank: this.rank,
      weight: this.weight,
      url: maskUrl(this.url),
      breaker,
      health: healthOf(breaker, stats.consecutiveFaults),
      breakerSince: this.breaker.changedAt(),
      lastLatencyMs: stats.lastLatencyMs,
      lastSuccessAt: stats.lastSuccessAt,
      lastError: stats.lastError === null ? null : { ...stats.lastError },
      requests: stats.requests,
      failures: stats.failures,
      // Issue 3 fills these in (latency window, throttling, chain-id quarantine, head tracking, hedges, retries).
      latency: null,
      errorRate: stats.requests === 0 ? 0 : stats.failures / stats.requests,
      throttledUntil: null,
      quarantine: null,
      head: null,
      lagBlocks: null,
      lagging: false,
      hedges: { sent: 0, won: 0 },
      retries: 0,
      transitions: [],
    };
  }

  /** Operator switch (cockatiel's isolate): an isolated provider gets no traffic. */
  setEnabled(enabled: boolean): void {
    this.breaker.setIsolated(!enabled);
  }

  async dispose(): Promise<void> {
    this.breaker.dispose();
    await this.connection.close();
  }

  private async exchange(method: string, paramsJson: string, signal: AbortSignal): Promise<Exchanged> {
    const started = performance.now();
    let inner: AbortSignal | undefined;
    try {
      const response = await this.timeout.execute((_context, timeoutSignal) => {
        inner = timeoutSignal;
        return this.connection.send(method, paramsJson, timeoutSignal);
      }, signal);
      const latencyMs = Math.round(performance.now() - started);
      const outcome = classifyResponse(response, response.id);
      if (outcome.kind === 'ok') return { kind: 'ok', result: outcome.result, latencyMs };
      const message = redactText(outcome.message, this.url);
      return outcome.kind === 'rpc-error' ? { ...outcome, message, latencyMs } : { ...outcome, message };
    } catch (error) {
      const outcome = classifyThrown(error, {
        callerAborted: signal.aborted,
        // The timeout's signal is derived from the caller's, so it alone being aborted means the deadline passed.
        timedOut: inner?.aborted === true,
        timeoutMs: this.options.timeouts.requestMs,
      });
      return outcome.kind === 'fault' ? { ...outcome, message: redactText(outcome.message, this.url) } : outcome;
    }
  }

  private record(result: AttemptResult): void {
    if (result.kind === 'ok' || result.kind === 'rpc-error') this.stats.answered(result.latencyMs);
    else if (result.kind === 'fault') this.stats.faulted(result.code, result.message);
    this.onChange();
  }
}

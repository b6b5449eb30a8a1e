/**
 * One provider as the request path sees it: connection, breaker, timeout and counters behind a single `attempt`.
 *
 * Policy order, outermost first: throttle → breaker → timeout → HTTP exchange. The timeout is inside the breaker so
 * that a timeout counts as a fault; classification happens inside too, so the breaker is told the class, not a raw
 * error. Retry and hedging sit above this, in the request path (retry.ts, failover.ts): each try is one `attempt`.
 *
 * What the breaker counts: provider faults, except RATE_LIMITED (the provider is alive and asked for a pause; the
 * throttle keeps traffic away instead, see throttle.ts). Answers, deterministic error answers and "method not found"
 * count as successes: the provider did its job. A rate-limited half-open probe therefore closes the breaker (the
 * provider is up); the throttle still keeps traffic away until the time it named.
 */
import { timeout, TimeoutStrategy } from 'cockatiel';
import type { ProviderStatus } from '../../shared/domain';
import { CountedFailure, isRefusal, ProviderBreaker } from './breaker';
import {
  classifyBatchResponse,
  classifyResponse,
  type BatchAnswered,
  contradiction,
  type Cancelled,
  type ChainExpectations,
  type Fault,
  type RpcErrorAnswer,
  type Unsupported,
} from './classify';
import { RpcConnection } from './connection';
import { healthOf, ProviderStats } from './health';
import { notifyObserver, type EngineObserver } from './observer';
import { maskUrl, redactText } from './redact';
import type { Candidate, SelectionFacts } from './selection';
import { Throttle } from './throttle';
import { timedExchange, unlessCancelled, type ExchangePolicy, type ExchangeTiming } from './timed-exchange';
import type { EngineOptions, ProviderConfig } from './types';

export interface Answer {
  kind: 'ok';
  result: unknown;
  latencyMs: number;
}

/** A deterministic error answer, timed like an answer: the provider did its job. */
export type TimedRpcError = RpcErrorAnswer & { latencyMs: number };

/** "Method not found" from this provider, timed like an answer. */
export type TimedUnsupported = Unsupported & { latencyMs: number };

type Exchanged = Answer | TimedRpcError | TimedUnsupported | Fault | Cancelled;
type BatchExchanged = Exclude<BatchAttemptResult, { kind: 'skipped' }>;


/** `skipped`: the breaker or the throttle did not let the request through, nothing was sent. */
export type AttemptResult = Exchanged | { kind: 'skipped' };

/** One batch sent to this provider: answered (per element), a fault of the provider, cancelled, or not let through. */
export type BatchAttemptResult = (BatchAnswered & { latencyMs: number }) | Fault | Cancelled | { kind: 'skipped' };

/** An outcome the breaker must count neither way (a cancelled non-probe call, a rate limit, an old call's fault). */
class Uncounted extends Error {
  constructor(readonly outcome: Exchanged | BatchExchanged) {
    super('uncounted');
  }
}

/** Answers with fewer samples than this give no median worth steering traffic by. */
const MIN_P50_SAMPLES = 5;

/** One configured provider of one chain. */
export class Provider implements Candidate {
  readonly id: string;
  readonly name: string;
  readonly rank: number;
  readonly weight: number;
  private readonly url: string;
  private readonly connection: RpcConnection;
  private readonly breaker: ProviderBreaker;
  private readonly exchangePolicy: ExchangePolicy;
  private readonly stats = new ProviderStats();
  private readonly throttle: Throttle;
  private readonly expected: ChainExpectations;
  /** Aborted by `dispose`: the one signal a half-open probe follows (see `guarded`). */
  private readonly closing = new AbortController();
  /** The half-open probe still running for its verdict after its caller left, if any; it never rejects. */
  private probing: Promise<void> | undefined;

  /** `onChange` fires after every outcome and on every breaker transition; `observer` (optional) hears each too. */
  constructor(
    private readonly chainId: number,
    config: ProviderConfig,
    private readonly options: EngineOptions,
    private readonly onChange: () => void,
    private readonly observer?: EngineObserver,
    /** The chain's height as the engine knows it, so that a lagging node's `null` for a block is caught. */
    knownHead: () => bigint | null = () => null,
  ) {
    this.id = `${chainId}:${config.name}`;
    this.expected = { chainId, knownHead };
    this.name = config.name;
    this.rank = config.rank;
    this.weight = config.weight;
    this.url = config.url;
    const lanes = Object.values(options.bulkheads);
    const onConnect =
      observer?.onConnect === undefined
        ? undefined
        : (ms: number, ok: boolean) => notifyObserver(observer, 'onConnect', { chainId, provider: config.name, ms, ok });
    this.connection = new RpcConnection(
      config.url,
      options.timeouts.connectionMs,
      lanes.reduce((sum, l) => sum + l.concurrency, 0),
      onConnect,
    );
    this.breaker = new ProviderBreaker(
      options.breaker,
      () => this.transitioned(),
    );
    // Never longer than the breaker's longest cool-down: we would not stay away longer from a provider that failed.
    this.throttle = new Throttle(options.breaker.halfOpenMaxMs);
    // Aggressive: the caller is answered at the deadline even if something below ignores the signal. The signal is
    // still aborted, so undici destroys the request and its socket (real cancellation, not just a stopped wait).
    // abortOnReturn off: a request that ended by itself has nothing left to cancel, and keeping the signal un-aborted
    // lets us tell "timed out" from "failed" afterwards.
    const requestTimeout = timeout(options.timeouts.requestMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
    this.exchangePolicy = { timeout: requestTimeout, timeoutMs: options.timeouts.requestMs, url: config.url };
  }

  /**
   * Send one request through throttle, breaker and timeout; never throws for provider trouble, it returns the class.
   * `retry` marks a retry of a transient fault, counted in `retries` if it is sent.
   */
  attempt(method: string, paramsJson: string, signal: AbortSignal, retry = false): Promise<AttemptResult> {
    return this.guarded<Exchanged>(signal, async (sendSignal) => {
      this.stats.requests++;
      if (retry) {
        this.stats.retries++;
        notifyObserver(this.observer, 'onRetry', { chainId: this.chainId, provider: this.name, method });
      }
      const timing: ExchangeTiming = { latencyMs: 0, phases: {} };
      const outcome = await this.exchange(method, paramsJson, sendSignal, timing);
      const settle = (result: Exchanged): void => {
        this.record(result);
        if (this.observer?.onAttempt !== undefined) this.observed(method, result, timing, retry);
      };
      return { outcome, settle };
    });
  }

  /**
   * Send one JSON-RPC batch through the same throttle, breaker and timeout as `attempt`: the whole batch is ONE
   * attempt, so a faulty answer is one fault on the breaker (a rate limit throttles instead), an answer one success.
   * No retry on the same provider: a transient fault moves on to the next one (batch.ts).
   */
  attemptBatch(calls: ReadonlyArray<{ method: string; paramsJson: string }>, signal: AbortSignal): Promise<BatchAttemptResult> {
    return this.guarded<BatchExchanged>(signal, async (sendSignal) => {
      this.stats.requests++;
      const timing: ExchangeTiming = { latencyMs: 0, phases: {} };
      const outcome = await this.exchangeBatch(calls, sendSignal, timing);
      const settle = (result: BatchExchanged): void => {
        // Recorded and observed as one attempt of method `batch` (stats and metrics count HTTP exchanges).
        const single: Exchanged = result.kind === 'ok' ? { kind: 'ok', result: null, latencyMs: result.latencyMs } : result;
        this.record(single);
        if (this.observer?.onAttempt !== undefined) this.observed('batch', single, timing, false);
      };
      return { outcome, settle };
    });
  }

  /**
   * The breaker around one exchange (`send`), and what it counts:
   * - a fault counts against the provider, except a rate limit (the throttle keeps traffic away instead) and a fault
   *   of a call that began before the breaker last opened: that call proves nothing about the provider *since*, and
   *   counted while the one half-open probe is out it would re-open the breaker over the probe's verdict;
   * - a cancelled call counts nothing;
   * - the half-open probe is not cancelled with its caller. A caller who leaves (a hedge won elsewhere, a deadline,
   *   an abort) gets `cancelled` at once, while the probe runs on under its own request timeout to a verdict. Cut
   *   short, a probe to a recovered but slower provider would lose every hedge race and keep it shut out, its
   *   cool-down growing each time. Only `dispose` cancels it (counted as a failure then: no verdict, no closing).
   * `send` returns the outcome and how to record it once the breaker has taken it (stats, throttle, observer).
   */
  private guarded<O extends Exchanged | BatchExchanged>(
    signal: AbortSignal,
    send: (sendSignal: AbortSignal) => Promise<{ outcome: O; settle: (outcome: O) => void }>,
  ): Promise<O | { kind: 'skipped' } | Cancelled> {
    if (!this.available()) return Promise.resolve({ kind: 'skipped' });
    // Admitted while not closed means this call is the half-open probe.
    const probe = this.breaker.state() !== 'closed';
    const generation = this.breaker.openings();
    const sendSignal = probe ? this.closing.signal : signal;
    const run = (async (): Promise<O | { kind: 'skipped' }> => {
      let settle: ((outcome: O) => void) | undefined;
      let result: O;
      try {
        result = await this.breaker.execute(async () => {
          const sent = await send(sendSignal);
          settle = sent.settle;
          const { outcome } = sent;
          if (outcome.kind === 'cancelled' && probe) throw new CountedFailure(outcome);
          const stale = this.breaker.openings() !== generation;
          if (outcome.kind === 'cancelled' || (outcome.kind === 'fault' && (outcome.code === 'RATE_LIMITED' || stale))) {
            throw new Uncounted(outcome);
          }
          if (outcome.kind === 'fault') throw new CountedFailure(outcome);
          return outcome;
        }, sendSignal);
      } catch (error) {
        if (error instanceof CountedFailure || error instanceof Uncounted) result = error.outcome as O;
        else if (isRefusal(error)) return { kind: 'skipped' };
        else throw error;
      }
      settle?.(result);
      return result;
    })();
    if (!probe) return run;
    this.probing = run.then(
      () => undefined,
      () => undefined,
    );
    return unlessCancelled(run, signal);
  }

  /** Breaker admits a call now (closed, or due for its probe) and the provider has not asked us to back off. */
  available(): boolean {
    return this.throttle.throttledUntil() === null && this.breaker.admits();
  }

  selectionFacts(): SelectionFacts {
    const { recent } = this.stats;
    return {
      available: this.available(),
      errorRate: recent.errorRate(),
      p50Ms: recent.samples() >= MIN_P50_SAMPLES ? recent.percentile(0.5) : null,
    };
  }

  /** Recent p95 of answers and how many answers it is taken over (hedge.ts decides what is enough). */
  p95(): { ms: number | null; samples: number } {
    return { ms: this.stats.recent.percentile(0.95), samples: this.stats.recent.samples() };
  }

  /** This provider was sent a hedge for another one's slow attempt. */
  noteHedgeSent(): void {
    this.stats.hedgesSent++;
    notifyObserver(this.observer, 'onHedge', { chainId: this.chainId, provider: this.name, won: false });
  }

  /** The hedge sent to this provider gave the answer that was taken. */
  noteHedgeWon(): void {
    this.stats.hedgesWon++;
    notifyObserver(this.observer, 'onHedge', { chainId: this.chainId, provider: this.name, won: true });
    this.onChange();
  }

  status(): ProviderStatus {
    const breaker = this.breaker.state();
    const { stats } = this;
    const { recent } = stats;
    const throttledUntil = this.throttle.throttledUntil();
    return {
      id: this.id,
      chainId: this.chainId,
      name: this.name,
      rank: this.rank,
      weight: this.weight,
      url: maskUrl(this.url),
      breaker,
      health: healthOf({
        breaker,
        consecutiveFaults: stats.consecutiveFaults,
        errorRate: recent.errorRate(),
        attempts: recent.attempts(),
        throttled: throttledUntil !== null,
      }),
      breakerSince: this.breaker.changedAt(),
      lastLatencyMs: stats.lastLatencyMs,
      lastSuccessAt: stats.lastSuccessAt,
      lastError: stats.lastError === null ? null : { ...stats.lastError },
      requests: stats.requests,
      failures: stats.failures,
      latency: recent.summary(),
      errorRate: recent.errorRate(),
      throttledUntil,
      // The health monitor's facts; chain-engine.ts merges them in.
      quarantine: null,
      head: null,
      lagBlocks: null,
      lagging: false,
      hedges: { sent: stats.hedgesSent, won: stats.hedgesWon },
      retries: stats.retries,
      transitions: this.breaker.transitions(),
    };
  }

  /**
   * A health-monitor probe (monitor.ts), offered to the breaker as its half-open probe (see breaker.ts): a backup
   * that gets no user traffic would otherwise stay half-open for as long as the better providers are up. It never
   * counts as user traffic (requests, latency, error rate, last success); a probe that closes the breaker does end
   * the run of consecutive faults, since the provider has answered since. `failed` tells a failed outcome.
   */
  async healthProbe<T>(send: () => Promise<T>, failed: (outcome: T) => boolean): Promise<T> {
    const { outcome, probed } = await this.breaker.tryProbe(send, failed);
    if (probed && !failed(outcome)) {
      this.stats.consecutiveFaults = 0;
      this.onChange();
    }
    return outcome;
  }

  /** Operator switch (cockatiel's isolate): an isolated provider gets no traffic. */
  setEnabled(enabled: boolean): void {
    this.breaker.setIsolated(!enabled);
  }

  async dispose(): Promise<void> {
    this.closing.abort();
    await this.probing;
    this.breaker.dispose();
    await this.connection.close();
  }

  private exchange(
    method: string,
    paramsJson: string,
    signal: AbortSignal,
    timing: ExchangeTiming = { latencyMs: 0, phases: {} },
  ): Promise<Exchanged> {
    return timedExchange(
      this.exchangePolicy,
      (timeoutSignal) => this.connection.send(method, paramsJson, timeoutSignal),
      signal,
      timing,
      (response): Exchanged => {
        const outcome = classifyResponse(response, response.id);
        const latencyMs = Math.round(timing.latencyMs);
        if (outcome.kind === 'ok') {
          const untrue = contradiction(method, paramsJson, outcome.result, this.expected);
          return untrue ?? { kind: 'ok', result: outcome.result, latencyMs };
        }
        const message = redactText(outcome.message, this.url);
        return outcome.kind === 'fault' ? { ...outcome, message } : { ...outcome, message, latencyMs };
      },
    );
  }

  private exchangeBatch(
    calls: ReadonlyArray<{ method: string; paramsJson: string }>,
    signal: AbortSignal,
    timing: ExchangeTiming,
  ): Promise<BatchExchanged> {
    return timedExchange(
      this.exchangePolicy,
      (timeoutSignal) => this.connection.sendBatch(calls, timeoutSignal),
      signal,
      timing,
      (response): BatchExchanged => {
        const outcome = classifyBatchResponse(response, response.ids);
        if (outcome.kind === 'fault') return { ...outcome, message: redactText(outcome.message, this.url) };
        const results = outcome.results.map((r) => (r.kind === 'ok' ? r : { ...r, message: redactText(r.message, this.url) }));
        return { kind: 'ok', results, unsupported: outcome.unsupported, latencyMs: Math.round(timing.latencyMs) };
      },
    );
  }

  /**
   * The breaker's state changed: a probe's success (closed again) leaves the outage's faults behind; then tell the
   * observer from what to what, and the usual listeners.
   */
  private transitioned(): void {
    const last = this.breaker.transitions().at(-1);
    if (last !== undefined) {
      if (last.to === 'closed' && last.from === 'half-open') this.stats.recent.forgetFaults();
      const event = { chainId: this.chainId, provider: this.name, from: last.from, to: last.to };
      notifyObserver(this.observer, 'onBreakerTransition', event);
    }
    this.onChange();
  }

  private observed(method: string, result: AttemptResult, timing: ExchangeTiming, retry: boolean): void {
    if (result.kind === 'skipped') return;
    const code = result.kind === 'fault' ? result.code : 'rpcCode' in result ? String(result.rpcCode) : undefined;
    const { chainId, name: provider } = this;
    const { latencyMs, phases } = timing;
    const event = { chainId, provider, method, outcome: result.kind, latencyMs, retry, phases };
    notifyObserver(this.observer, 'onAttempt', code === undefined ? event : { ...event, code });
  }

  private record(result: AttemptResult): void {
    if (result.kind === 'ok' || result.kind === 'rpc-error' || result.kind === 'unsupported') {
      this.stats.answered(result.latencyMs);
    } else if (result.kind === 'fault') {
      this.stats.faulted(result.code, result.message);
      if (result.code === 'RATE_LIMITED') this.throttle.throttle(result.retryAfter);
    }
    this.onChange();
  }
}

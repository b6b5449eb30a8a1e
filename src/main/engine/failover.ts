/**
 * The terminal stage: try the chain's providers in selection order until one answers, hedging slow reads.
 *
 * - An answer, or a deterministic error answer, ends the request at once (no failover for "execution reverted").
 * - A transient fault is retried on the same provider first (retry.ts); any other fault moves on to the next one.
 * - "Method not found" moves on without counting against the provider (classify.ts).
 * - A provider that cannot be tried now (breaker, throttle, quarantine) is not in the order, or is skipped at once.
 * - Hedging (reads only, hedge.ts): while exactly one attempt is running and this request has not hedged yet, a
 *   timer runs for that provider's hedge delay; when it fires and the chain's budget has a token, the next provider
 *   in the order is asked too. The two run as lanes: the first answer wins and the other lane is aborted (its signal
 *   reaches undici, which destroys the socket); a lane that fails moves on to the next provider by itself.
 * - The caller's abort stops everything, and no further provider is tried.
 *
 * When nothing answered: no provider could be tried → NO_HEALTHY_PROVIDER (immediately, never a wait); every one
 * tried said "method not found" → RPC_ERROR -32601; exactly one fault → that fault (PROVIDER_ERROR, RATE_LIMITED or
 * TIMEOUT, naming the provider), since "all providers failed" would hide which one; several → ALL_PROVIDERS_FAILED.
 * Providers that could not be tried do not stand in the way of -32601: we do not wait for them to come back.
 */
import type { BreakerState } from '../../shared/domain';
import {
  allProvidersFailedError,
  cancelledError,
  invalidParamsError,
  methodNotFoundError,
  noHealthyProviderError,
  providerFaultError,
  rpcAnswerError,
  type AttemptFailure,
  type Unavailable,
} from './errors';
import { HedgeBudget, hedgeDelayMs, isHedgeable } from './hedge';
import type { Handler } from './pipeline';
import type { AttemptResult, Provider } from './provider';
import { attemptWithRetry } from './retry';
import { allEligible, type EligibilityOf, type Selector } from './selection';
import type { EngineOptions } from './types';

/** The option groups the request path's last stage reads. */
export type FailoverOptions = Pick<EngineOptions, 'hedging' | 'retry'>;

/** One provider being tried, with retries; aborting `controller` cancels it. */
interface Lane {
  provider: Provider;
  /** Started by the hedge timer (its answer counts as a won hedge). */
  hedge: boolean;
  startedAt: number;
  controller: AbortController;
  settled: Promise<Settled>;
}

type Settled = { lane: Lane; result: AttemptResult } | { lane: Lane; error: unknown };

const HEDGE = Symbol('hedge');

/**
 * The terminal handler of a chain's request path over `providers`, tried in the order `select` gives. `eligibility`
 * is the health monitor's verdict per provider id (default: everyone eligible).
 */
export function failover(
  chainId: number,
  providers: readonly Provider[],
  select: Selector,
  options: FailoverOptions,
  eligibility: EligibilityOf = allEligible,
): Handler {
  const budget = new HedgeBudget(options.hedging.maxExtraLoad);
  return async ({ method, params, signal }) => {
    if (signal.aborted) throw cancelledError();
    let paramsJson: string;
    try {
      // Once per request rather than per provider; a bigint in params is the caller's bug, not a provider's fault.
      paramsJson = JSON.stringify(params);
    } catch (error) {
      throw invalidParamsError(method, error);
    }
    const hedging = options.hedging.enabled && isHedgeable(method);
    if (hedging) budget.earn();
    const order = select(providers, eligibility)[Symbol.iterator]();
    let peeked: Provider | undefined;
    const peek = (): Provider | undefined => {
      if (peeked === undefined) {
        const next = order.next();
        if (next.done !== true) peeked = next.value;
      }
      return peeked;
    };

    const live = new Set<Lane>();
    const launch = (hedge: boolean): void => {
      const provider = peek();
      if (provider === undefined) return;
      peeked = undefined;
      if (hedge) provider.noteHedgeSent();
      const controller = new AbortController();
      const lane = { provider, hedge, startedAt: performance.now(), controller } as Lane;
      lane.settled = attemptWithRetry(provider, method, paramsJson, controller.signal, options.retry).then(
        (result) => ({ lane, result }),
        (error: unknown) => ({ lane, error }),
      );
      live.add(lane);
    };
    const abortAll = (): void => {
      for (const lane of live) lane.controller.abort();
    };
    signal.addEventListener('abort', abortAll, { once: true });

    const failures: AttemptFailure[] = [];
    const unsupported: Array<{ provider: string; message: string }> = [];
    let hedged = !hedging;
    try {
      launch(false);
      while (live.size > 0) {
        const [only] = live;
        const timer = !hedged && live.size === 1 && only !== undefined ? hedgeTimer(only, options.hedging) : undefined;
        const event = await Promise.race([...[...live].map((l) => l.settled), ...(timer ? [timer.fired] : [])]);
        timer?.cancel();
        if (event === HEDGE) {
          hedged = true;
          if (peek() !== undefined && budget.take()) launch(true);
          continue;
        }
        const { lane } = event;
        live.delete(lane);
        if ('error' in event) throw event.error;
        const { result } = event;
        switch (result.kind) {
          case 'ok':
            if (lane.hedge) lane.provider.noteHedgeWon();
            return { result: result.result, provider: lane.provider.name, latencyMs: result.latencyMs };
          case 'rpc-error':
            if (lane.hedge) lane.provider.noteHedgeWon();
            throw rpcAnswerError(result, lane.provider.name, method);
          case 'cancelled':
            // Only the caller's abort (or the engine's shutdown) cancels a lane that is still in the race.
            throw cancelledError();
          case 'fault':
            failures.push({ provider: lane.provider.name, code: result.code, message: result.message });
            break;
          case 'unsupported':
            unsupported.push({ provider: lane.provider.name, message: result.message });
            break;
          case 'skipped':
            break;
        }
        // This lane found no answer: it moves on to the next provider (a failover, never a second hedge).
        if (signal.aborted) throw cancelledError();
        launch(false);
      }
    } finally {
      signal.removeEventListener('abort', abortAll);
      // The losers: undici destroys their sockets, so nothing runs on after the answer has been returned.
      abortAll();
    }

    const [first] = failures;
    if (first === undefined) {
      const [said] = unsupported;
      if (said !== undefined) throw methodNotFoundError(method, unsupported.map((u) => u.provider), said.message);
      throw noHealthyProviderError(chainId, breakerStates(providers), unavailability(providers, eligibility));
    }
    if (failures.length === 1) throw providerFaultError(first);
    throw allProvidersFailedError(chainId, failures);
  };
}

/** Fires when `lane` has run for its provider's hedge delay. `cancel` clears the timer (every loop turn does). */
function hedgeTimer(lane: Lane, hedging: FailoverOptions['hedging']): { fired: Promise<typeof HEDGE>; cancel(): void } {
  const p95 = lane.provider.p95();
  const wait = hedgeDelayMs(p95.ms, p95.samples, hedging) - (performance.now() - lane.startedAt);
  let timer: NodeJS.Timeout | undefined;
  const fired = new Promise<typeof HEDGE>((resolve) => {
    timer = setTimeout(() => resolve(HEDGE), Math.max(0, wait));
  });
  return { fired, cancel: () => clearTimeout(timer) };
}

export function breakerStates(providers: readonly Provider[]): Record<string, BreakerState> {
  return Object.fromEntries(providers.map((p) => [p.name, p.status().breaker]));
}

/** The throttled and excluded providers, for NO_HEALTHY_PROVIDER's details (only keys that have entries). */
export function unavailability(providers: readonly Provider[], eligibility: EligibilityOf): Unavailable {
  const throttled = providers.flatMap((p) => {
    const until = p.status().throttledUntil;
    return until === null ? [] : [[p.name, until] as const];
  });
  const excluded = providers.filter((p) => eligibility(p.id) === 'excluded').map((p) => p.name);
  return {
    ...(throttled.length === 0 ? {} : { throttledUntil: Object.fromEntries(throttled) }),
    ...(excluded.length === 0 ? {} : { excluded }),
  };
}

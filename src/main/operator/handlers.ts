/**
 * The operator's channels: the health report, the operator snapshot (lanes, caches, memory, budgets, breaches),
 * switching a provider off and on, probing one provider now, and the renderer's render-time reports. Plus the
 * `operator.updated` push, every OPERATOR_PUSH_MS while a transport listens.
 */
import type { OperatorSnapshot, ProbeResult } from '../../shared/domain';
import { SteadfastError } from '../../shared/errors';
import type { AppContext } from '../app-context';
import { HealthProbe } from '../engine/health-probe';
import { parseQuantity } from '../engine/head-tracker';
import type { BudgetTracker } from '../health/budgets';
import type { MemoryManager } from '../health/memory';
import type { HealthService } from '../health/service';
import type { Handlers } from '../ipc/router';
import type { AppMetrics } from '../metrics/registry';

export const OPERATOR_PUSH_MS = 2_000;
/** One-off probes answer within this, or report the provider as not answering. */
const PROBE_TIMEOUT_MS = 5_000;

export interface OperatorDeps {
  health: HealthService;
  budgets: BudgetTracker;
  metrics: AppMetrics;
  memory: MemoryManager;
}

export function operatorSnapshot(ctx: AppContext, deps: OperatorDeps): OperatorSnapshot {
  const resources = ctx.runtime().engine.resources();
  return {
    health: deps.health.report(),
    lanes: resources.map((r) => ({ chainId: r.chainId, lanes: r.lanes, inFlight: r.inFlight })),
    caches: deps.metrics.caches(resources),
    memory: deps.memory.gauge(),
    budgets: ctx.settings.get().budgets,
    breaches: deps.budgets.list(),
  };
}

export function operatorHandlers(
  ctx: AppContext,
  deps: OperatorDeps,
): Pick<Handlers, 'health.get' | 'operator.snapshot' | 'providers.setEnabled' | 'providers.probe' | 'budgets.reportRender'> {
  return {
    'health.get': () => deps.health.report(),
    'operator.snapshot': () => operatorSnapshot(ctx, deps),
    'providers.setEnabled': ({ providerId, enabled }) => {
      // Throws INVALID_INPUT for an unknown id; the breaker's isolation pushes providers.updated by itself.
      ctx.runtime().engine.setProviderEnabled(providerId, enabled);
      return ctx.runtime().engine.status();
    },
    'providers.probe': ({ providerId }) => probeProvider(ctx, deps.metrics, providerId),
    'budgets.reportRender': ({ view, ms }) => {
      deps.budgets.check({ operation: `render:${view}`, phase: 'render', actualMs: ms, chainId: null, provider: null });
      return null;
    },
  };
}

/**
 * eth_chainId then eth_blockNumber on a socket of its own, bypassing selection, breaker and throttle: the operator
 * wants to know about this provider now, whatever the request path thinks of it. `latencyMs` covers both calls
 * (connect included). `ok` only when both answer and the chain id is the configured one.
 */
export async function probeProvider(ctx: AppContext, metrics: AppMetrics, providerId: string): Promise<ProbeResult> {
  const [chainText, ...rest] = providerId.split(':');
  const chainId = Number(chainText);
  const name = rest.join(':');
  const url = ctx.runtime().chains.find((c) => c.chainId === chainId)?.providers.find((p) => p.name === name)?.url;
  if (url === undefined) {
    throw new SteadfastError({ code: 'INVALID_INPUT', message: `no provider with id ${providerId}`, retryable: false });
  }
  const probe = new HealthProbe(url, { connectionMs: PROBE_TIMEOUT_MS, requestMs: PROBE_TIMEOUT_MS });
  const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS * 2);
  const started = performance.now();
  const fail = (message: string, answeredChain: number | null): ProbeResult => ({
    providerId,
    ok: false,
    latencyMs: Math.round(performance.now() - started),
    head: null,
    chainId: answeredChain,
    error: { code: 'PROVIDER_ERROR', message, retryable: true, provider: name },
  });
  try {
    const idOutcome = await probe.call('eth_chainId', signal);
    metrics.countProbe(chainId, name, 'operator', idOutcome.ok);
    if (!idOutcome.ok) return fail(idOutcome.message, null);
    const answered = parseQuantity(idOutcome.result);
    const answeredChain = answered === null ? null : Number(answered);
    if (answeredChain !== chainId) return fail(`answers as chain ${answeredChain ?? '?'}, expected ${chainId}`, answeredChain);
    const headOutcome = await probe.call('eth_blockNumber', signal);
    metrics.countProbe(chainId, name, 'operator', headOutcome.ok);
    if (!headOutcome.ok) return fail(headOutcome.message, answeredChain);
    const head = parseQuantity(headOutcome.result);
    return { providerId, ok: true, latencyMs: Math.round(performance.now() - started), head, chainId: answeredChain, error: null };
  } finally {
    await probe.close();
  }
}

/**
 * Push `operator.updated` every OPERATOR_PUSH_MS, only while a transport listens: `internalListeners` is the bus's
 * listener count once the app is built (its own subscriptions), so only listeners beyond it are windows or sockets.
 * Paused under critical memory pressure. Returns the stop function.
 */
export function startOperatorPush(ctx: AppContext, deps: OperatorDeps, internalListeners: number): () => void {
  let timer: NodeJS.Timeout | null = null;
  const tick = (): void => {
    timer = setTimeout(() => {
      if (ctx.events.listenerCount > internalListeners && !deps.memory.paused()) {
        try {
          ctx.events.emit('operator.updated', operatorSnapshot(ctx, deps));
        } catch (error) {
          ctx.log?.warn('operator snapshot failed', { error: error instanceof Error ? error.message : String(error) });
        }
      }
      tick();
    }, OPERATOR_PUSH_MS);
  };
  tick();
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}

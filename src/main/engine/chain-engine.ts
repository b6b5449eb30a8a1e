/** One chain's engine: its providers, its request path and its viem client. */
import type { PublicClient } from 'viem';
import type { ProviderStatus } from '../../shared/domain';
import { SteadfastError } from '../../shared/errors';
import { cancelledError, disposedError } from './errors';
import { failover } from './failover';
import { compose, type Handler, type Stage } from './pipeline';
import { Provider } from './provider';
import { weightedFallbackOrder } from './selection';
import { Tracer } from './trace';
import type { ActionOptions, ChainConfig, ChainEngine, EngineOptions, EngineResponse, RequestOptions, Trace } from './types';
import { createEngineClient } from './viem-client';

/** `ChainEngine` for one configured chain; built by `createEngine`, disposed with it. */
export class ChainEngineImpl implements ChainEngine {
  readonly client: PublicClient;
  private readonly providers: Provider[];
  private readonly tracer = new Tracer();
  private readonly handle: Handler;

  /** `lifetime` aborts on engine dispose: in-flight requests end with NOT_AVAILABLE instead of hanging. */
  constructor(
    readonly config: ChainConfig,
    options: EngineOptions,
    private readonly lifetime: AbortSignal,
    onChange: () => void,
  ) {
    this.providers = config.providers.map((p) => new Provider(config.chainId, p, options, onChange));
    const stages: Stage[] = [tracing(this.tracer)];
    this.handle = compose(stages, failover(config.chainId, this.providers, weightedFallbackOrder()));
    this.client = createEngineClient(config, async (method, params, signal) => {
      const response = await this.request(method, params, signal === undefined ? {} : { signal });
      return response.result;
    });
  }

  async request(method: string, params: readonly unknown[], options: RequestOptions = {}): Promise<EngineResponse> {
    if (this.lifetime.aborted) throw disposedError();
    if (options.signal?.aborted) throw cancelledError();
    const link = linkSignals(this.lifetime, options.signal);
    try {
      return await this.handle({ method, params, signal: link.signal });
    } catch (error) {
      if (this.lifetime.aborted) throw disposedError();
      throw error;
    } finally {
      link.dispose();
    }
  }

  traced<T>(fn: () => Promise<T>, _options?: ActionOptions): Promise<{ value: T; trace: Trace }> {
    return this.tracer.run(fn);
  }

  handleJsonRpc(_payload: unknown, _options?: RequestOptions): Promise<unknown> {
    throw new Error('handleJsonRpc: being built (issue 3)');
  }

  status(): ProviderStatus[] {
    return this.providers.map((p) => p.status());
  }

  /** Operator switch by provider id (`${chainId}:${name}`); returns false when no provider has that id. */
  setProviderEnabled(id: string, enabled: boolean): boolean {
    const provider = this.providers.find((p) => p.id === id);
    provider?.setEnabled(enabled);
    return provider !== undefined;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.providers.map((p) => p.dispose()));
  }
}

/** Records who answered, deterministic error answers included (the provider did answer). */
function tracing(tracer: Tracer): Stage {
  return (next) => async (request) => {
    try {
      const response = await next(request);
      tracer.record(response.provider);
      return response;
    } catch (error) {
      if (error instanceof SteadfastError && error.code === 'RPC_ERROR' && error.provider !== undefined) {
        tracer.record(error.provider);
      }
      throw error;
    }
  };
}

/**
 * One signal that aborts with either input. Hand-rolled rather than AbortSignal.any so the listener on the
 * long-lived engine signal is removed as soon as the request ends, not whenever the GC gets to it.
 */
function linkSignals(
  lifetime: AbortSignal,
  caller: AbortSignal | undefined,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  lifetime.addEventListener('abort', abort, { once: true });
  caller?.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      lifetime.removeEventListener('abort', abort);
      caller?.removeEventListener('abort', abort);
    },
  };
}

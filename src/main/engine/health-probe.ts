/**
 * Background health probes to one provider, sent on a connection of their own.
 *
 * Why not through `Provider.attempt`: probes must bypass selection (a quarantined provider still has to be asked
 * for its chain id) and the breaker (an open breaker must not stop us learning that the provider moved on), and
 * they must not show up as user traffic (`requests`, `errorRate`, latency) or trip the breaker on their own. A
 * separate single-socket pool costs one extra keep-alive socket per provider, and keeps the probes' lifetime
 * entirely owned by the health monitor.
 */
import { classifyResponse, classifyThrown } from './classify';
import { RpcConnection } from './connection';
import { redactText } from './redact';

/** A probe's result, or why there is none (message redacted, for logs and tests; never a provider URL). */
export type ProbeOutcome = { ok: true; result: unknown } | { ok: false; message: string };

export interface ProbeTimeouts {
  connectionMs: number;
  requestMs: number;
}

/** Sends parameterless health calls (`eth_chainId`, `eth_blockNumber`) to one provider. */
export class HealthProbe {
  private readonly connection: RpcConnection;

  constructor(
    private readonly url: string,
    private readonly timeouts: ProbeTimeouts,
  ) {
    // One socket: probes run one at a time per provider, and must not take sockets the lanes count on.
    this.connection = new RpcConnection(url, timeouts.connectionMs, 1);
  }

  /** Never throws: a fault, an error answer, a timeout and an abort all come back as `{ ok: false }`. */
  async call(method: string, signal: AbortSignal): Promise<ProbeOutcome> {
    if (signal.aborted) return { ok: false, message: 'cancelled' };
    // The same per-request timeout as user traffic: a probe that would time out a user's request is a failed probe.
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    const timer = setTimeout(abort, this.timeouts.requestMs);
    signal.addEventListener('abort', abort, { once: true });
    try {
      const response = await this.connection.send(method, '[]', controller.signal);
      const outcome = classifyResponse(response, response.id);
      if (outcome.kind === 'ok') return { ok: true, result: outcome.result };
      return { ok: false, message: redactText(outcome.message, this.url) };
    } catch (error) {
      const outcome = classifyThrown(error, {
        callerAborted: signal.aborted,
        timedOut: controller.signal.aborted && !signal.aborted,
        timeoutMs: this.timeouts.requestMs,
      });
      return { ok: false, message: outcome.kind === 'fault' ? redactText(outcome.message, this.url) : 'cancelled' };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    }
  }

  /** Drops the socket, an in-flight probe included. */
  async close(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * A fault-injecting JSON-RPC proxy: forwards POST bodies to anvil and answers with anvil's answer, or with the fault
 * currently set (see fault-server.ts for the faults and the port that never changes).
 */
import { request as httpRequest, Agent, type IncomingMessage } from 'node:http';
import type { Fault, ProviderRole } from '../../shared/domain';
import { FaultServer, readBody } from './fault-server';
import { rpcErrorAnswer, wrongIdAnswer, type ProxyAnswer } from './faults';

export interface FaultProxyOptions {
  name: string;
  role: ProviderRole;
  chainId: number;
  /** anvil's URL. */
  upstream: string;
}

export class FaultProxy extends FaultServer {
  readonly name: string;
  readonly role: ProviderRole;
  readonly chainId: number;
  private readonly upstream: URL;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32 });

  constructor(options: FaultProxyOptions) {
    super();
    this.name = options.name;
    this.role = options.role;
    this.chainId = options.chainId;
    this.upstream = new URL(options.upstream);
  }

  get url(): string {
    return this.baseUrl;
  }

  protected override answer(req: IncomingMessage, body: Buffer): Promise<ProxyAnswer> {
    if (req.method !== 'POST') {
      return Promise.resolve({ status: 405, headers: { allow: 'POST' }, body: Buffer.from('POST only\n') });
    }
    return this.forward(body);
  }

  protected override rpcError(fault: Extract<Fault, { kind: 'rpc-error' }>, body: Buffer): ProxyAnswer {
    return rpcErrorAnswer(body, fault);
  }

  protected override wrongId(answer: ProxyAnswer): ProxyAnswer {
    return wrongIdAnswer(answer);
  }

  protected override onStop(): void {
    this.agent.destroy();
  }

  /** anvil's answer; an upstream failure becomes a 502 so the client sees a provider error, not a proxy crash. */
  private forward(body: Buffer): Promise<ProxyAnswer> {
    return new Promise((resolve) => {
      const upstream = httpRequest(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          path: this.upstream.pathname,
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (response) => {
          readBody(response).then(
            (answer) =>
              resolve({
                status: response.statusCode ?? 502,
                headers: { 'content-type': response.headers['content-type'] ?? 'application/json' },
                body: answer,
              }),
            () => resolve(badGateway()),
          );
        },
      );
      upstream.once('error', () => resolve(badGateway()));
      upstream.end(body);
    });
  }
}

function badGateway(): ProxyAnswer {
  return { status: 502, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('upstream unavailable\n') };
}

/**
 * The embedded demo's entry point: `startDemo` brings up seeded local chains, each behind three fault proxies, and
 * the indexer and price API that serve them.
 */
import { faultSchema } from '../../shared/contract';
import type { DemoStatus, Fault } from '../../shared/domain';
import { SteadfastError } from '../../shared/errors';
import { devAccount } from './accounts';
import { startChain, type ChainHandle } from './chain';
import { chainExpectations, demoExpectations } from './seed-expect';
import { DEFAULT_SEED_PLAN, L2_SEED_PLAN, type SeedPlan } from './seed-plan';
import { startServices, type RunningServices } from './services';
import type { Demo, DemoServiceName } from './types';

export type * from './types';
export { DEFAULT_SEED_PLAN, L2_SEED_PLAN } from './seed-plan';
export { DEMO_INDEXER_KEY } from './indexer-api';
export { DEMO_PRICE_API_KEY } from './price-api';

/** The second demo chain's id and name. */
export const L2_CHAIN = { chainId: 31338, name: 'Steadfast L2' } as const;

export interface DemoOptions {
  /** Default 31337, anvil's own. */
  chainId?: number;
  /** Default "Steadfast Local". */
  name?: string;
  /**
   * Also start the second chain, 31338 "Steadfast L2" (the app does). Default false: one chain, as the engine tests
   * want it (they count requests per provider name, which two chains would share).
   */
  l2?: boolean;
  /** See ChainOptions.blockTimeSeconds. The app uses 2 s; tests leave it out for a still chain. */
  blockTimeSeconds?: number;
}

/** A running demo, plus what only tests need. */
export interface RunningDemo extends Demo {
  /** anvil's process ids, to check that `stop` leaves none behind. */
  readonly anvilPids: number[];
  /** Each service's current fault and the requests it has seen. */
  serviceStatus(): Record<DemoServiceName, { fault: Fault; requests: number }>;
}

/**
 * Starts anvil(s), seeds each per its plan (the same contract addresses and end state on every start), puts the
 * fault proxies `primary`, `secondary` and `public` in front of each, then indexes the chains and starts the
 * indexer and price API. The chains start in parallel (each is its own process). Takes a few seconds.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const specs: Array<{ chainId: number; name: string; plan: SeedPlan }> = [
    { chainId: options.chainId ?? 31337, name: options.name ?? 'Steadfast Local', plan: DEFAULT_SEED_PLAN },
    ...(options.l2 ? [{ ...L2_CHAIN, plan: L2_SEED_PLAN }] : []),
  ];
  const started = await Promise.allSettled(
    specs.map((spec) => startChain({ ...spec, ...(options.blockTimeSeconds ? { blockTimeSeconds: options.blockTimeSeconds } : {}) })),
  );
  const handles = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  let services: RunningServices;
  try {
    if (failed !== undefined) throw failed.reason;
    services = await startServices(handles.map((handle, i) => ({ handle, plan: (specs[i] as { plan: SeedPlan }).plan })));
  } catch (error) {
    await Promise.all(handles.map((handle) => handle.stop()));
    throw error;
  }

  const plan = DEFAULT_SEED_PLAN;
  const addressOf = (account: number): `0x${string}` => devAccount(account).address;
  const watched = plan.holders.map((holder) => ({ address: addressOf(holder.account), label: holder.label }));
  const expected = demoExpectations(
    handles.map((handle, i) =>
      chainExpectations(handle.chain.config.chainId, (specs[i] as { plan: SeedPlan }).plan, addressOf, {
        transfers: handle.transfers,
        unlistedTransfers: handle.unlistedTransfers,
      }),
    ),
  );
  let stopping: Promise<void> | undefined;
  const parse = (fault: Fault, target: string): Fault => {
    if (stopping !== undefined) {
      throw new SteadfastError({ code: 'NOT_AVAILABLE', message: 'the demo has stopped', retryable: false });
    }
    const parsed = faultSchema.safeParse(fault);
    if (!parsed.success) {
      throw new SteadfastError({
        code: 'INVALID_INPUT',
        message: `invalid fault for ${target}`,
        retryable: false,
        details: { issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })) },
      });
    }
    return parsed.data;
  };

  return {
    chains: handles.map((handle) => handle.chain),
    watched,
    expected,
    services: services.services,
    anvilPids: handles.map((handle) => handle.anvilPid),
    setFault(provider: string, fault: Fault): void {
      const parsed = parse(fault, provider);
      for (const proxy of proxiesNamed(handles, provider)) proxy.setFault(parsed);
    },
    setServiceFault(service: DemoServiceName, fault: Fault): void {
      const parsed = parse(fault, service);
      const server = services.servers[service] as RunningServices['servers'][DemoServiceName] | undefined;
      if (server === undefined) {
        throw new SteadfastError({ code: 'INVALID_INPUT', message: `no demo service named ${JSON.stringify(service)}`, retryable: false });
      }
      server.setFault(parsed);
    },
    serviceStatus() {
      const of = (name: DemoServiceName) => ({ fault: services.servers[name].fault, requests: services.servers[name].requests });
      return { indexer: of('indexer'), 'price-api': of('price-api') };
    },
    status(): DemoStatus {
      return {
        running: stopping === undefined,
        providers: handles.flatMap((handle) =>
          handle.proxies.map((proxy) => ({ name: proxy.name, role: proxy.role, chainId: proxy.chainId, fault: proxy.fault, requests: proxy.requests })),
        ),
      };
    },
    stop(): Promise<void> {
      stopping ??= services
        .stop()
        .then(() => Promise.all(handles.map((handle) => handle.stop())))
        .then(() => undefined);
      return stopping;
    },
  };
}

/**
 * Proxies addressed by `name` (that provider on every chain) or by `chainId:name` (the id ProviderStatus uses), so
 * one name keeps working with several chains and a single chain's provider can still be singled out.
 */
function proxiesNamed(handles: ChainHandle[], provider: string): ChainHandle['proxies'] {
  const match = /^(\d+):(.+)$/.exec(provider);
  const chainId = match ? Number(match[1]) : undefined;
  const name = match ? match[2] : provider;
  const found = handles
    .filter((handle) => chainId === undefined || handle.chain.config.chainId === chainId)
    .flatMap((handle) => handle.proxies.filter((proxy) => proxy.name === name));
  if (found.length === 0) {
    const known = handles.flatMap((handle) => handle.proxies.map((proxy) => `${proxy.chainId}:${proxy.name}`));
    throw new SteadfastError({
      code: 'INVALID_INPUT',
      message: `no demo provider named ${JSON.stringify(provider)}`,
      retryable: false,
      details: { known },
    });
  }
  return found;
}

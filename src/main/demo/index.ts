/**
 * The embedded demo's entry point: `startDemo` brings up a seeded local chain behind three fault proxies.
 */
import { faultSchema } from '../../shared/contract';
import type { DemoStatus, Fault } from '../../shared/domain';
import { SteadfastError } from '../../shared/errors';
import { devAccount } from './accounts';
import { startChain, type ChainHandle } from './chain';
import { DEFAULT_SEED_PLAN, expectationsOf } from './seed-plan';
import type { Demo } from './types';

export type { Demo, DemoChain, DemoExpectations, DemoProvider } from './types';
export { DEFAULT_SEED_PLAN } from './seed-plan';

export interface DemoOptions {
  /** Default 31337, anvil's own. */
  chainId?: number;
  /** Default "Steadfast Local". */
  name?: string;
  /** See ChainOptions.blockTimeSeconds. The app uses 2 s; tests leave it out for a still chain. */
  blockTimeSeconds?: number;
}

/** A running demo, plus what only tests need: anvil's process ids, to check that `stop` leaves none behind. */
export interface RunningDemo extends Demo {
  readonly anvilPids: number[];
}

/**
 * Starts anvil, seeds it per `DEFAULT_SEED_PLAN` (the same contract addresses and end state on every start) and
 * puts the fault proxies `primary`, `secondary` and `public` in front of it. Takes a few seconds.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const plan = DEFAULT_SEED_PLAN;
  const handles: ChainHandle[] = [await startChain({
      chainId: options.chainId ?? 31337,
      name: options.name ?? 'Steadfast Local',
      plan,
      ...(options.blockTimeSeconds ? { blockTimeSeconds: options.blockTimeSeconds } : {}),
    }),];
  const watched = plan.holders.map((holder) => ({ address: devAccount(holder.account).address, label: holder.label }));
  const transfers = handles[0]?.transfers ?? 0;
  const expected = expectationsOf(plan, (account) => devAccount(account).address, transfers);
  let stopping: Promise<void> | undefined;

  return {
    chains: handles.map((handle) => handle.chain),
    watched,
    expected,
    anvilPids: handles.map((handle) => handle.anvilPid),
    setFault(provider: string, fault: Fault): void {
      if (stopping !== undefined) {
        throw new SteadfastError({ code: 'NOT_AVAILABLE', message: 'the demo has stopped', retryable: false });
      }
      const parsed = faultSchema.safeParse(fault);
      if (!parsed.success) {
        throw new SteadfastError({
          code: 'INVALID_INPUT',
          message: `invalid fault for ${provider}`,
          retryable: false,
          details: { issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })) },
        });
      }
      for (const proxy of proxiesNamed(handles, provider)) proxy.setFault(parsed.data);
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
      stopping ??= Promise.all(handles.map((handle) => handle.stop())).then(() => undefined);
      return stopping;
    },
  };
}

/**
 * Proxies addressed by `name` (that provider on every chain) or by `chainId:name` (the id ProviderStatus uses), so
 * one name keeps working when a second chain arrives and a single chain's provider can still be singled out.
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

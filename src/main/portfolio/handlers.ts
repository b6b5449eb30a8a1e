/** Channels of the portfolio itself and of the watched addresses. */
import { getAddress, isAddress, zeroAddress } from 'viem';
import { normalize } from 'viem/ens';
import type { PublicSettings } from '../../shared/domain';
import { SteadfastError } from '../../shared/errors';
import type { AppContext } from '../app-context';
import type { Handlers } from '../ipc/router';
import { findSteadfastError } from '../engine/errors';
import { maskUrl } from '../engine/redact';
import type { FeatureTracker } from './features';

export function portfolioHandlers(
  ctx: AppContext,
  features: FeatureTracker,
): Pick<Handlers, 'portfolio.get' | 'portfolio.refresh' | 'features.list' | 'settings.get' | 'addresses.add' | 'addresses.remove'> {
  const publicSettings = (): PublicSettings => {
    const own = ctx.settings.get().addresses;
    return {
      chains: ctx.runtime().chains.map((c) => ({
        chainId: c.chainId,
        name: c.name,
        providers: c.providers.map((p) => ({ name: p.name, url: maskUrl(p.url), rank: p.rank, weight: p.weight })),
      })),
      addresses: ctx.watched().map((w) => ({ ...w, builtIn: !own.some((o) => o.address === w.address) })),
    };
  };
  return {
    'portfolio.get': () => ctx.runtime().portfolio.get(),
    'portfolio.refresh': () => ctx.runtime().portfolio.refresh(),
    'features.list': () => features.list(),
    'settings.get': () => publicSettings(),
    'addresses.add': async ({ address, label }) => {
      const checksummed = /^0x[0-9a-fA-F]{40}$/.test(address) ? checksum(address) : await resolveEns(ctx, address);
      if (checksummed === zeroAddress) throw invalidInput('the zero address is not a wallet anyone controls');
      if (ctx.watched().some((w) => w.address === checksummed)) throw invalidInput(`${checksummed} is already watched`);
      ctx.settings.update((s) => ({ ...s, addresses: [...s.addresses, { address: checksummed, label }] }));
      void ctx.runtime().portfolio.refresh();
      return publicSettings();
    },
    'addresses.remove': ({ address }) => {
      const checksummed = checksum(address);
      if (!ctx.settings.get().addresses.some((a) => a.address === checksummed)) {
        throw invalidInput(`${checksummed} is not one of your watched addresses`);
      }
      ctx.settings.update((s) => ({ ...s, addresses: s.addresses.filter((a) => a.address !== checksummed) }));
      ctx.events.emit('portfolio.updated', ctx.runtime().portfolio.get());
      return publicSettings();
    },
  };
}

/**
 * The address an ENS name (already validated as `*.eth` by the contract) points to, through Ethereum when it runs
 * (where .eth names live), else the first running chain that has a universal resolver (the embedded chain has its
 * own), read through the engine like every other chain read. The name is stored resolved:
 * a watched address must not move because a name was re-pointed later.
 */
async function resolveEns(ctx: AppContext, name: string): Promise<`0x${string}`> {
  const runtime = ctx.runtime();
  const resolving = runtime.chains.filter((c) => c.ensUniversalResolver !== undefined);
  const chain = resolving.find((c) => c.chainId === 1) ?? resolving[0];
  if (chain === undefined) {
    throw invalidInput(`${name}: no configured chain resolves ENS names; enter the 0x address`);
  }
  let resolved: `0x${string}` | null;
  try {
    resolved = await runtime.engine.chain(chain.chainId).client.getEnsAddress({ name: normalize(name) });
  } catch (cause) {
    // Provider failures keep their own code (OFFLINE, NO_HEALTHY_PROVIDER...): the name may well exist. A chain's
    // answer (RPC_ERROR: a revert the resolver's ABI does not explain) says the name cannot be resolved there.
    const steadfast = findSteadfastError(cause);
    if (steadfast && steadfast.code !== 'RPC_ERROR') throw steadfast;
    throw invalidInput(`${name} could not be resolved on ${chain.name}: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`);
  }
  if (resolved === null) throw invalidInput(`${name} does not resolve to an address on ${chain.name}`);
  return getAddress(resolved);
}

/** Checksum an address; a mixed-case address whose checksum is wrong is refused (it is most likely a typo). */
export function checksum(address: string): `0x${string}` {
  const mixedCase = address !== address.toLowerCase() && address.slice(2) !== address.slice(2).toUpperCase();
  if (mixedCase && !isAddress(address, { strict: true })) {
    throw invalidInput(`${address} has a wrong checksum: check it for a typo`);
  }
  return getAddress(address);
}

function invalidInput(message: string): SteadfastError {
  return new SteadfastError({ code: 'INVALID_INPUT', message, retryable: false });
}

/**
 * Compiles the demo's contracts with solc-js, offline, once per process.
 *
 * solc is loaded through createRequire so that bundlers leave its 9 MB compiler out of the main bundle and only a
 * process that starts the demo pays for loading it.
 */
import { createRequire } from 'node:module';
import type { Abi, Hex } from 'viem';
import multicallSource from './contracts/DemoMulticall3.sol?raw';
import feedSource from './contracts/DemoPriceFeed.sol?raw';
import tokenSource from './contracts/DemoToken.sol?raw';
import resolverSource from './contracts/DemoUniversalResolver.sol?raw';

export type ContractName = 'DemoToken' | 'DemoPriceFeed' | 'DemoMulticall3' | 'DemoUniversalResolver';

export interface Artifact {
  abi: Abi;
  /** Creation code (constructor included). */
  bytecode: Hex;
  /** Runtime code, as installed by anvil_setCode. */
  deployedBytecode: Hex;
}

interface SolcOutput {
  errors?: Array<{ severity: 'error' | 'warning' | 'info'; formattedMessage: string }>;
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
}

const SOURCES: Record<ContractName, string> = {
  DemoToken: tokenSource,
  DemoPriceFeed: feedSource,
  DemoMulticall3: multicallSource,
  DemoUniversalResolver: resolverSource,
};

let cached: Record<ContractName, Artifact> | undefined;

/** The compiled contracts; the first call compiles (about a second including loading solc), later calls are free. */
export function demoArtifacts(): Record<ContractName, Artifact> {
  cached ??= compile();
  return cached;
}

function compile(): Record<ContractName, Artifact> {
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(SOURCES).map(([name, content]) => [`${name}.sol`, { content }])),
    settings: {
      // The optimizer more than doubles compile time (about 1.3 s against 0.6 s) to save gas nobody pays for here.
      optimizer: { enabled: false },
      // Cancun rather than the compiler's newest default, so the code also runs on chains a fork or two behind.
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`demo contracts failed to compile:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const artifact = (name: ContractName): Artifact => {
    const contract = output.contracts?.[`${name}.sol`]?.[name];
    if (contract === undefined) throw new Error(`solc produced no ${name}`);
    return {
      abi: contract.abi,
      bytecode: `0x${contract.evm.bytecode.object}`,
      deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
    };
  };
  return {
    DemoToken: artifact('DemoToken'),
    DemoPriceFeed: artifact('DemoPriceFeed'),
    DemoMulticall3: artifact('DemoMulticall3'),
    DemoUniversalResolver: artifact('DemoUniversalResolver'),
  };
}

/**
 * Compiles the demo's contracts with solc-js, offline, once per process.
 *
 * solc is loaded through createRequire so that bundlers leave its 9 MB compiler out of the main bundle and only a
 * process that starts the demo pays for loading it.
 *
 * Loading solc also has a side effect that must be undone: its emscripten-generated soljson.js, when it runs under
 * Node, installs `process.on('unhandledRejection', (reason) => { throw reason })`. That turns any unhandled rejection
 * anywhere in the app (one request's bug) into an uncaught exception that ends the process, and it silently
 * overrides the entry's own policy. `loadSolc` removes exactly the process listeners the require added (compared
 * with the listeners before it) and leaves everyone else's alone. solc does not need them: they only serve
 * emscripten's command-line `main`, which the library never runs.
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

interface Solc {
  compile(input: string): string;
}

/** The process events whose listeners decide whether the process survives an error: solc must not add to them. */
const GUARDED_EVENTS = ['unhandledRejection', 'uncaughtException', 'uncaughtExceptionMonitor'] as const;

/** `require('solc')`, minus the process listeners the require installed (see the module comment). */
export function loadSolc(): Solc {
  // Viewed as a plain EventEmitter: process' typed overloads take one event name at a time, not a union.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(GUARDED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    return createRequire(import.meta.url)('solc') as Solc;
  } finally {
    for (const event of GUARDED_EVENTS) {
      const had = before.get(event)!;
      for (const listener of emitter.listeners(event)) {
        if (!had.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}

function compile(): Record<ContractName, Artifact> {
  const solc = loadSolc();
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

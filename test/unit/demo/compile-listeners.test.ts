/**
 * Loading solc-js must leave the process' error policy alone. Its emscripten code installs an 'unhandledRejection'
 * listener that rethrows, which turned any stray rejection into the end of the process (headless mode included).
 */
import { describe, expect, it } from 'vitest';
import { demoArtifacts } from '../../../src/main/demo/compile';

const EVENTS = ['unhandledRejection', 'uncaughtException', 'uncaughtExceptionMonitor'] as const;
const emitter: NodeJS.EventEmitter = process;

describe('demo compile', () => {
  it('leaves no process listener that solc added', () => {
    const before = Object.fromEntries(EVENTS.map((event) => [event, [...emitter.listeners(event)]]));
    const artifacts = demoArtifacts();
    expect(artifacts.DemoToken.deployedBytecode).toMatch(/^0x[0-9a-f]{100,}$/);
    for (const event of EVENTS) {
      expect(emitter.listeners(event), event).toEqual(before[event]);
    }
  }, 30_000);

  it('a rejection nobody handles no longer reaches a listener that rethrows it', async () => {
    demoArtifacts();
    // Every listener left is one that was there before solc; none of them is emscripten's `throw reason`.
    for (const listener of process.listeners('unhandledRejection')) {
      expect(String(listener)).not.toMatch(/throw reason/);
    }
  });
});

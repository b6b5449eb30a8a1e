/**
 * Helpers for the request-path tests (dedupe, bulkhead, deadlines, actions, JSON-RPC facade): a behaviour whose
 * answers the test releases by hand, so tests assert order and state instead of timing.
 */
import type { ServerResponse } from 'node:http';
import { sleep } from './fixtures';
import { json, type Behaviour, type RpcCall } from './rpc-server';

export interface Held {
  behaviour: Behaviour;
  /** Calls received and not answered yet, oldest first. */
  readonly pending: RpcCall[];
  /** Answer the oldest held call (or the one `pick` chooses) with `result`. */
  release(result: unknown, pick?: (call: RpcCall) => boolean): void;
  /** Resolves once at least `n` calls are held. */
  until(n: number): Promise<void>;
}

/** Holds every call whose method `holds` accepts (all by default); the others get `otherwise`. */
export function held(holds: (call: RpcCall) => boolean = () => true, otherwise?: Behaviour): Held {
  const queue: Array<{ call: RpcCall; res: ServerResponse }> = [];
  return {
    behaviour(call, res, req) {
      if (!holds(call) && otherwise !== undefined) return otherwise(call, res, req);
      const entry = { call, res };
      queue.push(entry);
      // A call whose socket the client closed is no longer pending.
      req.socket.once('close', () => {
        const i = queue.indexOf(entry);
        if (i >= 0) queue.splice(i, 1);
      });
    },
    get pending() {
      return queue.map((e) => e.call);
    },
    release(result, pick = () => true) {
      const i = queue.findIndex((e) => pick(e.call));
      if (i < 0) throw new Error('no held call to release');
      const [entry] = queue.splice(i, 1);
      json(entry!.res, 200, { jsonrpc: '2.0', id: entry!.call.id, result });
    },
    async until(n) {
      for (let i = 0; i < 500 && queue.length < n; i++) await sleep(5);
      if (queue.length < n) throw new Error(`expected ${n} held calls, got ${queue.length}`);
    },
  };
}

/** Polls `check` until it holds (state reached through the event loop, not a fixed wait). */
export async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await sleep(5);
  if (!check()) throw new Error(`never happened: ${what}`);
}

/** Tracks whether a promise has settled, without letting an unhandled rejection escape. */
export function track<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  return { settled: () => done, promise: tracked };
}

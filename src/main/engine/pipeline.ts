/**
 * The request path as a chain of stages around a terminal handler. Each stage sees the request on its way in and
 * the response (or error) on its way out, and decides whether to call the next one.
 *
 * The stages and their order are listed (with the reasons) where chain-engine.ts builds them; hedging, retry and
 * selection live inside the terminal failover handler.
 */
import type { EngineResponse } from './types';

/** One request on its way through the engine. */
export interface EngineRequest {
  method: string;
  params: readonly unknown[];
  /** Aborts when the caller gives up or the engine is disposed; every stage must pass it on. */
  signal: AbortSignal;
}

export type Handler = (request: EngineRequest) => Promise<EngineResponse>;

/** Wraps the rest of the path. */
export type Stage = (next: Handler) => Handler;

/** `compose([a, b], t)` runs a, then b, then t: the first stage is the outermost. */
export function compose(stages: readonly Stage[], terminal: Handler): Handler {
  return stages.reduceRight<Handler>((next, stage) => stage(next), terminal);
}

/**
 * The fault buttons of the demo panel. `key` is part of each button's test id (`fault-<provider>-<key>`), so these
 * keys are a contract with the end-to-end tests.
 */
import type { Fault } from '../../../../shared/domain';

export interface FaultPreset {
  key: 'none' | 'refuse' | 'hang' | 'delay' | 'http429' | 'http503' | 'html';
  label: string;
  fault: Fault;
}

export const FAULT_PRESETS: readonly FaultPreset[] = [
  { key: 'none', label: 'None (recover)', fault: { kind: 'none' } },
  { key: 'refuse', label: 'Refuse', fault: { kind: 'refuse' } },
  { key: 'hang', label: 'Hang', fault: { kind: 'hang' } },
  { key: 'delay', label: 'Delay 2 s', fault: { kind: 'delay', ms: 2_000 } },
  { key: 'http429', label: 'HTTP 429', fault: { kind: 'http', status: 429 } },
  { key: 'http503', label: 'HTTP 503', fault: { kind: 'http', status: 503 } },
  { key: 'html', label: 'Garbage HTML', fault: { kind: 'garbage', body: 'html' } },
];

/** A short human description of any fault, including ones set by tests that have no button. */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'none':
      return 'healthy';
    case 'refuse':
      return 'refuses connections';
    case 'reset':
      return 'resets connections';
    case 'hang':
      return 'never answers';
    case 'delay':
      return `answers after ${fault.ms} ms`;
    case 'http':
      return fault.retryAfterSeconds === undefined
        ? `HTTP ${fault.status}`
        : `HTTP ${fault.status}, retry after ${fault.retryAfterSeconds} s`;
    case 'garbage':
      return `garbage body (${fault.body})`;
    case 'rpc-error':
      return `JSON-RPC error ${fault.code}`;
    case 'wrong-id':
      return 'answers with the wrong id';
  }
}

/** Which preset button matches the current fault, to highlight it. */
export function presetKeyOf(fault: Fault): FaultPreset['key'] | null {
  const match = FAULT_PRESETS.find((preset) => JSON.stringify(preset.fault) === JSON.stringify(fault));
  return match?.key ?? null;
}

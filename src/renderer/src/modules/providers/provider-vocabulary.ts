/** Breaker states and health levels, each mapped to exactly one badge (text, colour, meaning). */
import type { BreakerState, HealthLevel } from '../../../../shared/domain';
import type { BadgeSpec } from '../ui/badge';

export const BREAKER_BADGES = {
  closed: { text: 'closed', tone: 'ok', hint: 'Requests flow normally.' },
  open: {
    text: 'open',
    tone: 'bad',
    hint: 'Too many recent failures: requests skip this provider until its cool-down ends.',
  },
  'half-open': {
    text: 'half-open',
    tone: 'warn',
    hint: 'Cool-down over: exactly one trial (a user request or the next health probe) decides whether it closes again.',
  },
  isolated: {
    text: 'isolated',
    tone: 'off',
    hint: 'Switched off by an operator: never sent user traffic until switched back on (health probes continue).',
  },
} as const satisfies Record<BreakerState, BadgeSpec>;

export const HEALTH_BADGES = {
  HEALTHY: { text: 'HEALTHY', tone: 'ok', hint: 'Answering quickly and correctly.' },
  DEGRADED: { text: 'DEGRADED', tone: 'warn', hint: 'Answering, but slowly or with some failures.' },
  UNHEALTHY: {
    text: 'UNHEALTHY',
    tone: 'bad',
    hint: 'Not usable for traffic (failing, quarantined, or isolated by an operator): traffic goes to the other providers.',
  },
} as const satisfies Record<HealthLevel, BadgeSpec>;

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
    hint: 'Cool-down over: exactly one trial request decides whether it closes again.',
  },
  isolated: { text: 'isolated', tone: 'off', hint: 'Switched off by an operator: never tried until switched back on.' },
} as const satisfies Record<BreakerState, BadgeSpec>;

export const HEALTH_BADGES = {
  HEALTHY: { text: 'HEALTHY', tone: 'ok', hint: 'Answering quickly and correctly.' },
  DEGRADED: { text: 'DEGRADED', tone: 'warn', hint: 'Answering, but slowly or with some failures.' },
  UNHEALTHY: { text: 'UNHEALTHY', tone: 'bad', hint: 'Failing: traffic goes to the other providers.' },
} as const satisfies Record<HealthLevel, BadgeSpec>;

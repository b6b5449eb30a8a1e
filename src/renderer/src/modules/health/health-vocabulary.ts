/** The app's health levels and memory pressure, each mapped to exactly one badge. */
import type { HealthLevel, MemoryGauge } from '../../../../shared/domain';
import type { BadgeSpec } from '../ui/badge';

export const APP_HEALTH_BADGES = {
  HEALTHY: { text: 'HEALTHY', tone: 'ok', hint: 'Every chain has working providers.' },
  DEGRADED: {
    text: 'DEGRADED',
    tone: 'warn',
    hint: 'Working with less: some providers or features are down; figures may be cached (their age is shown).',
  },
  UNHEALTHY: {
    text: 'UNHEALTHY',
    tone: 'bad',
    hint: 'A chain has no working provider: its figures are the last known ones, or missing.',
  },
} as const satisfies Record<HealthLevel, BadgeSpec>;

export const MEMORY_PRESSURE_BADGES = {
  normal: { text: 'normal', tone: 'ok', hint: 'Memory use is comfortable.' },
  elevated: { text: 'elevated', tone: 'warn', hint: 'Caches are being trimmed to keep memory in bounds.' },
  critical: { text: 'critical', tone: 'bad', hint: 'Caches trimmed and background work paused until memory frees up.' },
} as const satisfies Record<MemoryGauge['pressure'], BadgeSpec>;

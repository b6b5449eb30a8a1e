/** Feature modes and names, each mapped to one badge or label. */
import type { FeatureMode, FeatureName } from '../../../../shared/domain';
import type { BadgeSpec } from '../ui/badge';

export const FEATURE_MODE_BADGES = {
  normal: { text: 'normal', tone: 'ok', hint: 'Working fully.' },
  degraded: { text: 'degraded', tone: 'warn', hint: 'Working with less: slower updates or cached data.' },
  disabled: { text: 'disabled', tone: 'bad', hint: 'Paused to keep more important features working.' },
} as const satisfies Record<FeatureMode, BadgeSpec>;

export const FEATURE_LABELS = {
  realtimePrices: 'Real-time prices',
  history: 'History',
  analytics: 'Analytics',
  alerts: 'Alerts',
} as const satisfies Record<FeatureName, string>;

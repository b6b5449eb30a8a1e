/**
 * "Comes back when …" for a feature that is not normal. Main sends a reason as text, not a code, so this reads the
 * reasons main is known to write (src/main/health/feature-gate.ts, src/main/portfolio/features.ts) and says nothing
 * rather than guess for others. The gate brings features back only once a better health has held for a while
 * (its hysteresis), hence "stays".
 */
import type { FeatureState } from '../../../../shared/domain';

const RULES: ReadonlyArray<{ match: RegExp; when: string }> = [
  { match: /^Offline: no provider answers/i, when: 'a provider answers again' },
  { match: /provider health is (DEGRADED|UNHEALTHY)/i, when: 'provider health recovers and stays recovered for a few seconds' },
  { match: /^Showing cached prices/i, when: 'a price source answers again; cached prices keep their age until then' },
  { match: /^No price could be read/i, when: 'a price source answers' },
  { match: /^Waiting for the first price read/i, when: 'the first price read completes' },
  { match: /\bnot (built|available)\b/i, when: 'this feature ships in a later version' },
  { match: /memory/i, when: 'memory pressure falls back to normal' },
  { match: /(no healthy provider|providers? (are |is )?(down|unavailable|failing)|breaker)/i, when: "the chain's providers recover" },
];

export function comesBackWhen(feature: Pick<FeatureState, 'mode' | 'reason'>): string | null {
  if (feature.mode === 'normal' || feature.reason === null) return null;
  return RULES.find((rule) => rule.match.test(feature.reason!))?.when ?? null;
}

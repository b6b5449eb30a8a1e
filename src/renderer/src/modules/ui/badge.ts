/**
 * The few colours a status badge may take. Each domain maps its own closed vocabulary (breaker states, health levels,
 * feature modes) onto these, one entry per value, so a new value without a badge is a compile error there.
 */
export type BadgeTone = 'ok' | 'warn' | 'bad' | 'off';

export interface BadgeSpec {
  /** Shown verbatim; end-to-end tests match it exactly. */
  text: string;
  tone: BadgeTone;
  /** What the state means for the user, as a tooltip. */
  hint: string;
}

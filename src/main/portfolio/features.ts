/**
 * Moved: feature states are decided by the health-driven feature gate (src/main/health/feature-gate.ts). This alias
 * keeps `portfolioHandlers(ctx, features)` compiling unchanged; it disappears once that signature takes the gate.
 */
export { FeatureGate as FeatureTracker } from '../health/feature-gate';

/**
 * What the composition root hands each feature: the long-lived services, and the runtime (engine and portfolio),
 * which is rebuilt when chains or providers change, so features must ask for it each time rather than keep it.
 */
import type { HealthReport, WatchedAddress } from '../shared/domain';
import type { Demo } from './demo/types';
import type { ManagedEngine } from './engine';
import type { ChainConfig } from './engine/types';
import type { FeatureGate } from './health/feature-gate';
import type { EventBus } from './ipc/events';
import type { Logger } from './log';
import type { PortfolioService } from './portfolio/portfolio-service';
import type { SettingsService } from './settings/settings-service';
import type { SecretStore } from './settings/secrets';
import type { Database } from './storage/database';

export interface Runtime {
  readonly engine: ManagedEngine;
  readonly portfolio: PortfolioService;
  /** The chains as the engine runs them (the demo's, and the user's enabled ones, secrets filled in). */
  readonly chains: readonly ChainConfig[];
}

export interface AppContext {
  readonly mode: 'electron' | 'headless';
  readonly dataDir: string;
  readonly settings: SettingsService;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly db: Database;
  readonly demo: Demo | null;
  readonly log: Logger | undefined;
  /** The current runtime; replaced by `reconfigure`. */
  runtime(): Runtime;
  /** The addresses to read: the demo's seeded ones (when the demo runs) and the user's. */
  watched(): WatchedAddress[];
  /** Rebuild engine and portfolio from the settings as they are now (after chains or providers changed). */
  reconfigure(): Promise<void>;
  /** Register cleanup to run when the app is disposed (timers, subscriptions), newest first. */
  onDispose(cleanup: () => void | Promise<void>): void;
  /** Which features run, and how, given health: feature code asks `features.mode(name)` and `onChange`s. */
  readonly features: FeatureGate;
  /** The latest health report (providers, chains, app resources). */
  readonly health: { report(): HealthReport };
}

/**
 * The composition root's contract with its two entries (Electron `index.ts`, headless `headless.ts`).
 * Neither entry builds engine or services itself: both call `createSteadfast` (app.ts) and only adapt transports.
 */
import type { AppInfo } from '../shared/domain';
import type { EventBus } from './ipc/events';
import type { Router } from './ipc/router';
import type { Logger } from './log';
import type { SettingsBackend } from './settings/backend';
import type { SecretStore } from './settings/secrets';

export interface AppOptions {
  mode: 'electron' | 'headless';
  version: string;
  settings: SettingsBackend;
  /** Folder for caches and other per-instance data (the headless mode takes it on its command line). */
  dataDir: string;
  log?: Logger;
  /** Where API keys go. Electron passes a keychain-backed store; default: a 0600 file in `dataDir`. */
  secrets?: SecretStore;
  /** Default: `steadfast.db` in `dataDir`; `:memory:` for tests. */
  database?: string;
}

export interface SteadfastApp {
  readonly router: Router;
  readonly events: EventBus;
  info(): AppInfo;
  /** Prometheus text exposition of the app's own registry (served at /metrics by the headless server). */
  readonly metrics?: { readonly contentType: string; text(): Promise<string> };
  /** Stops the refresh loop, the engine, and the embedded demo (anvil and its proxies). Safe to call twice. */
  dispose(): Promise<void>;
}

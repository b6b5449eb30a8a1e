/**
 * Settings on disk through electron-store, which puts `settings.json` in the user-data folder. Headless mode uses
 * its base `conf` with the same file format (settings/conf-backend.ts), so the same file works in both.
 */
import Store from 'electron-store';
import type { SettingsBackend } from '../settings/backend';

/** Create the settings backend. Only valid inside Electron, after the app's name is known (i.e. at or after ready). */
export function createElectronSettingsBackend(): SettingsBackend {
  // No schema or defaults here: the settings service validates and migrates the raw document itself.
  return new Store<Record<string, unknown>>({ name: 'settings' }) satisfies SettingsBackend;
}

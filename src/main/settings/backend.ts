/**
 * Where settings live on disk. electron-store (inside Electron) and its base `conf` (headless mode) both expose the
 * whole document as a `store` property and write the same JSON file format, so one interface covers both and the
 * settings service never knows which it has. Only the Electron shell may construct an electron-store.
 */
export interface SettingsBackend {
  /** The whole settings document as stored (unvalidated: it may be old, hand-edited or corrupt). */
  store: Record<string, unknown>;
  /** Absolute path of the file, for messages. */
  readonly path: string;
}

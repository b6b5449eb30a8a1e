/**
 * Reads, migrates, validates and writes the settings document through a SettingsBackend.
 *
 * A document that does not validate is never silently replaced: it is copied aside next to the settings file
 * (`<file>.invalid-<time>.json`) so that nothing the user wrote is lost, and the app starts from defaults.
 */
import { copyFileSync, existsSync } from 'node:fs';
import type { Logger } from '../log';
import type { SettingsBackend } from './backend';
import { migrate } from './migrations';
import { defaultSettings, settingsSchema, type Settings } from './schema';

export class SettingsService {
  #current: Settings;

  constructor(
    private readonly backend: SettingsBackend,
    private readonly log?: Logger,
  ) {
    this.#current = this.#load();
  }

  get(): Settings {
    return this.#current;
  }

  /** Validates the whole new document before anything is written; a failure leaves the old one in place. */
  update(change: (current: Settings) => Settings): Settings {
    const next = settingsSchema.parse(change(structuredClone(this.#current)));
    this.backend.store = next as unknown as Record<string, unknown>;
    this.#current = next;
    return next;
  }

  #load(): Settings {
    const raw = this.backend.store;
    if (Object.keys(raw).length === 0) {
      const fresh = defaultSettings();
      this.backend.store = fresh as unknown as Record<string, unknown>;
      return fresh;
    }
    const parsed = settingsSchema.safeParse(migrate(raw));
    if (parsed.success) return parsed.data;
    const aside = this.#setAside();
    this.log?.warn('settings did not validate; starting from defaults', {
      file: this.backend.path,
      keptAs: aside,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
    const fresh = defaultSettings();
    this.backend.store = fresh as unknown as Record<string, unknown>;
    return fresh;
  }

  #setAside(): string | null {
    if (!existsSync(this.backend.path)) return null;
    const aside = `${this.backend.path}.invalid-${Date.now()}.json`;
    copyFileSync(this.backend.path, aside);
    return aside;
  }
}

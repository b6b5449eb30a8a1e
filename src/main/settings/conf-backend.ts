/**
 * The headless mode's settings backend: `conf`, electron-store's own base, with the same file name and format the
 * Electron app writes (settings.json), so one data folder works in both modes.
 */
import Conf from 'conf';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log';
import type { SettingsBackend } from './backend';

export const SETTINGS_FILE = 'settings';

export function openConfBackend(dataDir: string, log?: Logger): SettingsBackend {
  try {
    return wrap(new Conf<Record<string, unknown>>(confOptions(dataDir)));
  } catch (error) {
    // conf throws on a file that is not JSON. Keep the user's bytes, start afresh.
    const file = join(dataDir, `${SETTINGS_FILE}.json`);
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    log?.warn('settings file was not valid JSON; moved aside', { file, keptAs: aside, error });
    return wrap(new Conf<Record<string, unknown>>(confOptions(dataDir)));
  }
}

/** Only the user may read it: the watched addresses and providers say what they own and where they look. */
function confOptions(dataDir: string) {
  return { cwd: dataDir, configName: SETTINGS_FILE, projectName: 'steadfast', configFileMode: 0o600 };
}

function wrap(conf: Conf<Record<string, unknown>>): SettingsBackend {
  return {
    get store() {
      return conf.store;
    },
    set store(value) {
      conf.store = value;
    },
    path: conf.path,
  };
}

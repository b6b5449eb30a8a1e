/**
 * Secrets (provider API keys, indexer and price-API keys) never go into the settings file. They live in a
 * SecretStore: in Electron, encrypted with the OS keychain through safeStorage (the shell provides that store); in
 * headless mode, where no keychain is reachable, in a separate file readable only by the user (mode 0600). The
 * settings file refers to them by key.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretStore {
  /** True when secrets are encrypted at rest by the OS (keychain); false for the 0600 file. */
  readonly encrypted: boolean;
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** Encrypts and decrypts a string, e.g. Electron's safeStorage. */
export interface Cipher {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export const SECRETS_FILE = 'secrets.json';

/**
 * A JSON file of key → value, written atomically with mode 0600. With a cipher, values are stored encrypted
 * (base64); without one, in plain text, which is why the file is kept apart from settings and unreadable by others.
 */
export function fileSecretStore(dataDir: string, cipher?: Cipher): SecretStore {
  const path = join(dataDir, SECRETS_FILE);
  const read = (): Record<string, string> => {
    if (!existsSync(path)) return {};
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  let values = read();
  const write = () => {
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
  };
  return {
    encrypted: cipher !== undefined,
    get(key) {
      const stored = values[key];
      if (stored === undefined) return undefined;
      return cipher ? cipher.decrypt(Buffer.from(stored, 'base64')) : stored;
    },
    set(key, value) {
      values = { ...values, [key]: cipher ? cipher.encrypt(value).toString('base64') : value };
      write();
    },
    delete(key) {
      if (!(key in values)) return;
      const { [key]: _removed, ...rest } = values;
      values = rest;
      write();
    },
  };
}

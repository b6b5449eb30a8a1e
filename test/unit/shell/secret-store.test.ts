import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src/main/log';

/** safeStorage stand-in: "encrypts" by reversing the bytes behind a marker, so the file never holds the plain text. */
const safeStorage = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable: () => safeStorage.available,
  getSelectedStorageBackend: () => safeStorage.backend,
  encryptString: (plain: string) => Buffer.concat([Buffer.from('SEALED:'), Buffer.from([...Buffer.from(plain)].reverse())]),
  decryptString: (sealed: Buffer) => {
    if (!sealed.subarray(0, 7).equals(Buffer.from('SEALED:'))) throw new Error('Error while decrypting the ciphertext');
    return Buffer.from([...sealed.subarray(7)].reverse()).toString();
  },
}));
vi.mock('electron', () => ({ safeStorage }));

const { createElectronSecretStore } = await import('../../../src/main/shell/secret-store');

let dir: string;
let warnings: string[];
const log: Logger = { info() {}, error() {}, warn: (message) => void warnings.push(message) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'steadfast-keychain-'));
  warnings = [];
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the Electron secret store', () => {
  it('seals secrets with the OS keychain', () => {
    const store = createElectronSecretStore(dir, log);
    store.set('1:alchemy:0', 'sk_live_abcdef');
    expect(store.encrypted).toBe(true);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('sk_live_abcdef');
    expect(createElectronSecretStore(dir, log).get('1:alchemy:0')).toBe('sk_live_abcdef');
    expect(warnings).toEqual([]);
  });

  it('falls back to the 0600 file, with a warning, when no keychain is available', () => {
    safeStorage.available = false;
    const store = createElectronSecretStore(dir, log);
    store.set('k', 'v4lue');
    expect(store.encrypted).toBe(false);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual(['no OS keychain: API keys are kept in a file readable only by this user']);
  });

  it.runIf(process.platform === 'linux')("does not count Linux's hard-coded basic_text key as a keychain", () => {
    safeStorage.backend = 'basic_text';
    expect(createElectronSecretStore(dir, log).encrypted).toBe(false);
  });

  it('treats a secret it cannot decrypt as missing instead of failing', () => {
    safeStorage.available = false;
    createElectronSecretStore(dir, log).set('k', 'plain-not-sealed');
    safeStorage.available = true;
    expect(createElectronSecretStore(dir, log).get('k')).toBeUndefined();
    expect(warnings.at(-1)).toBe('a stored API key could not be decrypted; treating it as missing');
  });
});

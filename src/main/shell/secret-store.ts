/**
 * API keys in Electron: the secrets file sealed with the OS keychain through safeStorage (Keychain on macOS, DPAPI on
 * Windows, libsecret/kwallet on Linux). Where no keychain is reachable the 0600 file is used, as in headless mode,
 * and a warning says so: refusing to start would not protect the keys any better.
 */
import { safeStorage } from 'electron';
import type { Logger } from '../log';
import { fileSecretStore, SECRETS_FILE, type Cipher, type SecretStore } from '../settings/secrets';

/** Build the store. Call after `app` is ready: on Linux, safeStorage knows its backend only then. */
export function createElectronSecretStore(dataDir: string, log?: Logger): SecretStore {
  if (!keychainAvailable()) {
    log?.warn('no OS keychain: API keys are kept in a file readable only by this user', { file: SECRETS_FILE });
    return fileSecretStore(dataDir);
  }
  const cipher: Cipher = {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
  const store = fileSecretStore(dataDir, cipher);
  return {
    encrypted: true,
    get(key) {
      try {
        return store.get(key);
      } catch (error) {
        // Sealed by another keychain (a copied profile, a reset login keyring): treat the key as missing, so the
        // provider is left out with a warning instead of the app failing to start.
        log?.warn('a stored API key could not be decrypted; treating it as missing', { key, error });
        return undefined;
      }
    },
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}

/**
 * Linux's `basic_text` backend encrypts with a password hard-coded in Chromium: no better than the 0600 file, and
 * claiming `encrypted` for it would mislead, so it counts as no keychain.
 */
function keychainAvailable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (process.platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function') {
    return safeStorage.getSelectedStorageBackend() !== 'basic_text';
  }
  return true;
}

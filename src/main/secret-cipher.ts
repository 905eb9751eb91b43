// Electron's safeStorage (Keychain, DPAPI, libsecret/KWallet) as the SecretCipher that wraps the local
// database key. It refuses to run where the key would be protected by nothing: no encryption available, or
// Linux's 'basic_text' backend (a hard-coded password, used when no keyring is running).
import type { SafeStorage } from 'electron';
import type { SecretCipher } from './services/key-vault';

export type { SecretCipher } from './services/key-vault';

export class SecureStorageUnavailableError extends Error {
  constructor(
    readonly reason: 'unavailable' | 'basic_text',
    message: string,
  ) {
    super(message);
    this.name = 'SecureStorageUnavailableError';
  }
}

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

/** Call after `app` is ready (on Linux the backend is only known then). Throws SecureStorageUnavailableError. */
export function electronSafeStorageCipher(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new SecureStorageUnavailableError(
      'unavailable',
      'The operating system offers no secure storage for the database key (safeStorage is unavailable).',
    );
  }
  let backend = platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : 'unknown';
  if (platform === 'linux') {
    backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text') {
      throw new SecureStorageUnavailableError(
        'basic_text',
        "No keyring (GNOME Keyring / KWallet) is running, so safeStorage would only use its 'basic_text' " +
          'backend, which does not protect the database key. Start a keyring service and open Quita again.',
      );
    }
  }
  return {
    description: `Electron safeStorage (${backend})`,
    isAvailable: () => safeStorage.isEncryptionAvailable(),
    encryptString: (plain) => new Uint8Array(safeStorage.encryptString(plain)),
    decryptString: (data) => safeStorage.decryptString(Buffer.from(data)),
  };
}

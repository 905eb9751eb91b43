// Keeps the local database's encryption key. The key is random (32 bytes) and is stored on disk only wrapped
// by a SecretCipher: Electron's safeStorage (OS keychain / DPAPI) in the desktop app, or the clearly marked
// file-based stand-in below in the web host and tests. Electron-free.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QuitaError } from '../dispatch';

/** Same shape as Electron's safeStorage, so the desktop adapter is a thin wrapper. */
export interface SecretCipher {
  isAvailable(): boolean;
  encryptString(plain: string): Uint8Array;
  decryptString(data: Uint8Array): string;
  /** Shown in diagnostics: which backend protects the key. */
  readonly description: string;
}

export const KEY_FILE = 'store.key';

/**
 * Returns the database key, creating one only when neither the key file nor the database exists yet.
 * A missing key beside an existing database is refused: making a new key would orphan the data.
 */
export function loadOrCreateDatabaseKey(dataDir: string, cipher: SecretCipher, databaseExists: boolean): string {
  if (!cipher.isAvailable()) {
    throw new QuitaError('store_unavailable', `Secure key storage is not available (${cipher.description}).`);
  }
  const keyPath = join(dataDir, KEY_FILE);
  if (existsSync(keyPath)) {
    try {
      return cipher.decryptString(readFileSync(keyPath));
    } catch {
      throw new QuitaError(
        'store_unavailable',
        `The key file ${keyPath} cannot be decrypted on this machine/user; the local database was left untouched.`,
      );
    }
  }
  if (databaseExists) {
    throw new QuitaError(
      'store_unavailable',
      `The local database exists but its key file ${keyPath} is missing; the database was left untouched.`,
    );
  }
  const key = randomBytes(32).toString('hex');
  writeAtomically(keyPath, Buffer.from(cipher.encryptString(key)));
  return key;
}

function writeAtomically(path: string, data: Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * STAND-IN ONLY — NOT A SECURE KEY STORE. Used where Electron's safeStorage does not exist (the web host,
 * tests, benchmarks). It wraps secrets with AES-256-GCM under a master key kept in a plain file
 * (`INSECURE-standin-master.key`, mode 0600) in the data folder, so anyone who can read that folder can read
 * the secrets. The desktop app never uses it.
 */
export function fileStandInCipher(dataDir: string): SecretCipher {
  const masterPath = join(dataDir, 'INSECURE-standin-master.key');
  let master: Buffer | null = null;
  const getMaster = (): Buffer => {
    if (master) return master;
    if (existsSync(masterPath)) {
      master = Buffer.from(readFileSync(masterPath, 'utf8').trim(), 'hex');
    } else {
      master = randomBytes(32);
      writeAtomically(masterPath, Buffer.from(master.toString('hex')));
      chmodSync(masterPath, 0o600);
    }
    if (master.length !== 32) throw new Error(`${masterPath} is not a 32-byte hex key`);
    return master;
  };
  return {
    description: 'file stand-in (INSECURE, web host/tests only)',
    isAvailable: () => true,
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', getMaster(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('QSI1'), iv, cipher.getAuthTag(), body]);
    },
    decryptString(data) {
      const buf = Buffer.from(data);
      if (buf.subarray(0, 4).toString() !== 'QSI1') throw new Error('not a stand-in secret');
      const decipher = createDecipheriv('aes-256-gcm', getMaster(), buf.subarray(4, 16));
      decipher.setAuthTag(buf.subarray(16, 32));
      return Buffer.concat([decipher.update(buf.subarray(32)), decipher.final()]).toString('utf8');
    },
  };
}

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { fileStandInCipher, KEY_FILE, loadOrCreateDatabaseKey, type SecretCipher } from './key-vault';

const tempDir = useTempDirs();

describe('database key', () => {
  it('creates a random 32-byte key once, stores it only wrapped, and returns the same key later', () => {
    const dir = tempDir();
    const cipher = fileStandInCipher(dir);
    const key = loadOrCreateDatabaseKey(dir, cipher, false);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const onDisk = readFileSync(join(dir, KEY_FILE));
    expect(onDisk.includes(Buffer.from(key))).toBe(false);
    expect(statSync(join(dir, KEY_FILE)).mode & 0o077).toBe(0);
    expect(loadOrCreateDatabaseKey(dir, cipher, true)).toBe(key);
    expect(loadOrCreateDatabaseKey(tempDir(), fileStandInCipher(tempDir()), false)).not.toBe(key);
  });

  it('refuses to invent a new key for an existing database whose key file is missing', () => {
    const dir = tempDir();
    expect(() => loadOrCreateDatabaseKey(dir, fileStandInCipher(dir), true)).toThrow(/key file .* is missing/);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
  });

  it('refuses a key file that this machine cannot decrypt, without replacing it', () => {
    const dir = tempDir();
    loadOrCreateDatabaseKey(dir, fileStandInCipher(dir), false);
    writeFileSync(join(dir, 'INSECURE-standin-master.key'), 'ab'.repeat(32));
    const before = readFileSync(join(dir, KEY_FILE));
    expect(() => loadOrCreateDatabaseKey(dir, fileStandInCipher(dir), true)).toThrow(/cannot be decrypted/);
    expect(readFileSync(join(dir, KEY_FILE))).toEqual(before);
  });

  it('refuses to run when secure storage is unavailable', () => {
    const unavailable: SecretCipher = {
      description: 'test',
      isAvailable: () => false,
      encryptString: () => new Uint8Array(),
      decryptString: () => '',
    };
    expect(() => loadOrCreateDatabaseKey(tempDir(), unavailable, false)).toThrow(/not available/);
  });

  it('the stand-in cipher round-trips and detects tampering', () => {
    const cipher = fileStandInCipher(tempDir());
    const sealed = Buffer.from(cipher.encryptString('segredo'));
    expect(cipher.decryptString(sealed)).toBe('segredo');
    sealed.writeUInt8(sealed.readUInt8(sealed.length - 1) ^ 1, sealed.length - 1);
    expect(() => cipher.decryptString(sealed)).toThrow();
  });
});

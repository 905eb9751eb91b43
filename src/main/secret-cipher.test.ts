import { describe, expect, it, vi } from 'vitest';
import { electronSafeStorageCipher, SecureStorageUnavailableError } from './secret-cipher';
import { startupErrorText } from './startup-error';

vi.mock('electron', () => ({}));

// A reversible fake of safeStorage: enough to prove the adapter passes bytes through unchanged.
function fakeSafeStorage(available: boolean, backend = 'gnome_libsecret') {
  return {
    isEncryptionAvailable: vi.fn(() => available),
    getSelectedStorageBackend: vi.fn(() => backend as never),
    encryptString: vi.fn((plain: string) => Buffer.from(`enc:${plain}`)),
    decryptString: vi.fn((data: Buffer) => {
      if (!Buffer.isBuffer(data)) throw new TypeError('safeStorage wants a Buffer');
      return data.toString().replace(/^enc:/, '');
    }),
  };
}

describe('electronSafeStorageCipher', () => {
  it('wraps and unwraps through safeStorage', () => {
    const cipher = electronSafeStorageCipher(fakeSafeStorage(true), 'linux');
    expect(cipher.isAvailable()).toBe(true);
    const wrapped = cipher.encryptString('0123abcd');
    expect(wrapped).toBeInstanceOf(Uint8Array);
    expect(cipher.decryptString(new Uint8Array(wrapped))).toBe('0123abcd');
    expect(cipher.description).toContain('gnome_libsecret');
  });

  it('refuses to run when the OS offers no encryption', () => {
    expect(() => electronSafeStorageCipher(fakeSafeStorage(false), 'win32')).toThrow(SecureStorageUnavailableError);
  });

  it("refuses Linux's basic_text backend, which protects nothing", () => {
    let error: unknown;
    try {
      electronSafeStorageCipher(fakeSafeStorage(true, 'basic_text'), 'linux');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecureStorageUnavailableError);
    expect((error as SecureStorageUnavailableError).reason).toBe('basic_text');
    expect((error as Error).message).toMatch(/keyring/i);
  });

  it('does not ask for a Linux backend on other systems', () => {
    const safeStorage = fakeSafeStorage(true, 'basic_text');
    expect(electronSafeStorageCipher(safeStorage, 'darwin').description).toContain('keychain');
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });
});

describe('startupErrorText', () => {
  it('explains a missing keyring in the agent language and says no data was touched', () => {
    const error = new SecureStorageUnavailableError('basic_text', 'no keyring');
    const pt = startupErrorText('pt-BR', error);
    expect(pt.title).toBe('O Quita não pôde abrir seus dados');
    expect(pt.content).toContain('chaveiro');
    expect(pt.content).toContain('Nenhum dado foi apagado ou alterado.');
    expect(pt.content).toContain('no keyring');
    const en = startupErrorText('en', new Error('database is from a newer version'));
    expect(en.title).toBe('Quita could not open your data');
    expect(en.content).toContain('No data was deleted or changed.');
    expect(en.content).toContain('database is from a newer version');
  });
});

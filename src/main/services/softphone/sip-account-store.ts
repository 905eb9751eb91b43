// The softphone's SIP account (server URL, SIP URI, auth user, display name and the password), kept on disk only
// encrypted by the SecretCipher (safeStorage in the desktop app, the marked stand-in in the web host), in
// `sip-credentials.bin` beside the sync session — never in plain files or the settings JSON. Electron-free.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SipSettings } from '../../../shared/contract';
import type { SecretCipher } from '../key-vault';

export const SIP_CREDENTIALS_FILE = 'sip-credentials.bin';

const SipAccount = z.object({
  serverUrl: z.string(),
  sipUri: z.string(),
  authUser: z.string(),
  displayName: z.string(),
  password: z.string().nullable(),
});
export type SipAccount = z.infer<typeof SipAccount>;

const empty: SipAccount = { serverUrl: '', sipUri: '', authUser: '', displayName: '', password: null };

export class SipAccountStore {
  constructor(
    private readonly dataDir: string,
    private readonly cipher: SecretCipher,
  ) {}

  load(): SipAccount {
    const path = join(this.dataDir, SIP_CREDENTIALS_FILE);
    if (!existsSync(path)) return empty;
    try {
      return SipAccount.parse(JSON.parse(this.cipher.decryptString(readFileSync(path))));
    } catch {
      // Unreadable (another machine's key, a damaged file): the agent types the account again.
      return empty;
    }
  }

  /** The settings without the password. */
  settings(): SipSettings {
    const { password, ...rest } = this.load();
    return { ...rest, hasPassword: password !== null && password !== '' };
  }

  /** Saves the account; an absent password keeps the stored one. */
  save(next: Omit<SipAccount, 'password'> & { password?: string | undefined }): SipSettings {
    const current = this.load();
    const account: SipAccount = { ...next, password: next.password ?? current.password };
    const path = join(this.dataDir, SIP_CREDENTIALS_FILE);
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, Buffer.from(this.cipher.encryptString(JSON.stringify(account))), { mode: 0o600 });
    renameSync(tmp, path);
    return this.settings();
  }
}

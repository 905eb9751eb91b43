// The sync server session (URL, user, token) kept on disk only encrypted by the SecretCipher (safeStorage in
// the desktop app, the marked stand-in in the web host), never as plain text.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SessionUser } from '../../../shared/sync';
import type { SecretCipher } from '../key-vault';

export const SyncSession = z.object({
  serverUrl: z.string(),
  token: z.string(),
  expiresAt: z.number(),
  user: SessionUser,
});
export type SyncSession = z.infer<typeof SyncSession>;

const FILE = 'sync-session.bin';

export class SyncSessionStore {
  constructor(
    private readonly dataDir: string,
    private readonly cipher: SecretCipher,
  ) {}

  load(): SyncSession | null {
    const path = join(this.dataDir, FILE);
    if (!existsSync(path)) return null;
    try {
      return SyncSession.parse(JSON.parse(this.cipher.decryptString(readFileSync(path))));
    } catch {
      // An unreadable session only means logging in again; the outbox is untouched.
      return null;
    }
  }

  save(session: SyncSession): void {
    const path = join(this.dataDir, FILE);
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, Buffer.from(this.cipher.encryptString(JSON.stringify(session))), { mode: 0o600 });
    renameSync(tmp, path);
  }

  clear(): void {
    rmSync(join(this.dataDir, FILE), { force: true });
  }
}

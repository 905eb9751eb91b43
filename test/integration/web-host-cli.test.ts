// The web host refuses a data folder it must not touch — a database from a newer Quita, a key that does not
// open it — with a clear message and a non-zero exit, and leaves the files byte for byte as they were.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAppServices } from '../../src/main/services/app-services';
import { fileStandInCipher } from '../../src/main/services/key-vault';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const root = resolve(import.meta.dirname, '../..');
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function runCli(dataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/web-host/cli.ts'), '--no-build', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

function makeStore(): string {
  const dataDir = tempDir();
  openAppServices({ dataDir, cipher: fileStandInCipher(dataDir), host: 'web', demo: { seed: 3, accounts: 20 }, version: 't', emit: () => {} }).close();
  return dataDir;
}

describe('web host CLI on a data folder it must refuse', () => {
  it('refuses a database written by a newer version', () => {
    const dataDir = makeStore();
    const services = openAppServices({ dataDir, cipher: fileStandInCipher(dataDir), host: 'web', demo: false, version: 't', emit: () => {} });
    services.store.db.prepare("INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (500, 'from the future', 'x', 0)").run();
    services.store.db.pragma('wal_checkpoint(TRUNCATE)');
    services.close();
    const before = hash(join(dataDir, 'quita.db'));
    const run = runCli(dataDir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/newer version of Quita/);
    expect(hash(join(dataDir, 'quita.db'))).toBe(before);
  });

  it('refuses a key that does not open the database', () => {
    const dataDir = makeStore();
    // Another master key: the wrapped database key can no longer be unwrapped.
    writeFileSync(join(dataDir, 'INSECURE-standin-master.key'), 'cd'.repeat(32));
    const before = hash(join(dataDir, 'quita.db'));
    const keyBefore = hash(join(dataDir, 'store.key'));
    const run = runCli(dataDir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cannot be decrypted/);
    expect(hash(join(dataDir, 'quita.db'))).toBe(before);
    expect(hash(join(dataDir, 'store.key'))).toBe(keyBefore);
  });
});

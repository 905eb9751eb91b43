import Database from 'better-sqlite3-multiple-ciphers';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase, StoreOpenError } from './database';
import { checksum, migrations } from './migrations';

const tempDir = useTempDirs();
const newKey = () => randomBytes(32).toString('hex');
const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function openFresh(key: string | null = newKey()) {
  const path = join(tempDir(), 'quita.db');
  const db = openDatabase({ path, key });
  return { path, db, key };
}

function expectRefused(fn: () => unknown, reason: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as StoreOpenError).reason).toBe(reason);
    return;
  }
  throw new Error(`expected a refusal (${reason})`);
}

describe('openDatabase', () => {
  it('creates the schema with WAL and synchronous=FULL and records checksummed migrations', () => {
    const { db } = openFresh();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = db.prepare('SELECT id, checksum FROM schema_migrations').all();
    expect(applied).toEqual(migrations.map((m) => ({ id: m.id, checksum: checksum(m) })));
    db.close();
  });

  it('encrypts the file at rest: the plaintext is not in the file and no key cannot read it', () => {
    const { path, db } = openFresh();
    db.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'Conceição da Silva 123.456.789-09')").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(path);
    expect(bytes.includes(Buffer.from('Conceição'))).toBe(false);
    expect(bytes.subarray(0, 15).toString()).not.toBe('SQLite format 3');
    const plain = new Database(path);
    expect(() => plain.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    plain.close();
  });

  it('refuses a wrong key with a clear reason and leaves the file untouched', () => {
    const { path, db } = openFresh();
    db.close();
    const before = fileHash(path);
    expectRefused(() => openDatabase({ path, key: newKey() }), 'wrong_key');
    expect(fileHash(path)).toBe(before);
  });

  it('reopens with the right key and keeps the data', () => {
    const { path, db, key } = openFresh();
    db.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
    db.close();
    const again = openDatabase({ path, key });
    expect(again.prepare("SELECT value FROM meta WHERE key = 'k'").pluck().get()).toBe('v');
    again.close();
  });

  it('refuses a database written by a newer version and does not change it', () => {
    const { path, db, key } = openFresh();
    db.prepare("INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (999, 'future', 'x', 0)").run();
    db.close();
    const before = fileHash(path);
    try {
      openDatabase({ path, key });
      throw new Error('opened a newer database');
    } catch (error) {
      expect(error).toBeInstanceOf(StoreOpenError);
      expect((error as StoreOpenError).reason).toBe('newer_version');
      expect((error as Error).message).toMatch(/newer version of Quita/);
    }
    expect(fileHash(path)).toBe(before);
  });

  it('refuses a database whose applied migration differs from this app', () => {
    const { path, db, key } = openFresh();
    db.prepare("UPDATE schema_migrations SET checksum = 'tampered' WHERE id = 1").run();
    db.close();
    expectRefused(() => openDatabase({ path, key }), 'migration_changed');
  });

  it('refuses a foreign SQLite file instead of migrating it', () => {
    const path = join(tempDir(), 'other.db');
    const key = newKey();
    const other = new Database(path);
    other.pragma(`key="x'${key}'"`);
    other.exec('CREATE TABLE something (a)');
    other.close();
    expectRefused(() => openDatabase({ path, key }), 'corrupt');
  });

  it('applies migrations added later, in order, once', () => {
    const { path, db, key } = openFresh();
    db.close();
    const next = [...migrations, { id: migrations.length + 1, name: 'test addition', sql: 'CREATE TABLE extra (a TEXT) STRICT;' }];
    const upgraded = openDatabase({ path, key, migrations: next });
    expect(upgraded.prepare('SELECT max(id) FROM schema_migrations').pluck().get()).toBe(migrations.length + 1);
    upgraded.close();
    // Opening the upgraded file with the older list is the "newer version" case.
    expectRefused(() => openDatabase({ path, key }), 'newer_version');
  });
});

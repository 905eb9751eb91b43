// Opens the encrypted local SQLite file (better-sqlite3-multiple-ciphers) and brings its schema up to date.
// Refuses — without writing anything — a file it cannot decrypt and a file written by a newer Quita.
import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync } from 'node:fs';
import { checksum, latestMigrationId, migrations, type Migration } from './migrations';

export type Db = Database.Database;

export type StoreOpenFailure = 'wrong_key' | 'newer_version' | 'migration_changed' | 'unknown_migration' | 'corrupt';

/** A database that must not be opened. The file is left exactly as it was. */
export class StoreOpenError extends Error {
  constructor(
    readonly reason: StoreOpenFailure,
    message: string,
  ) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

export interface OpenDatabaseOptions {
  path: string;
  /** Hex key; `null` opens an unencrypted file (benchmarks compare the two). */
  key: string | null;
  migrations?: readonly Migration[];
}

export function openDatabase({ path, key, migrations: known = migrations }: OpenDatabaseOptions): Db {
  const isNew = !existsSync(path);
  const db = new Database(path);
  try {
    if (key !== null) {
      if (!/^[0-9a-f]{64}$/.test(key)) throw new StoreOpenError('wrong_key', 'The database key is malformed.');
      // Raw hex key: no KDF on every open (the key is random, not a password).
      db.pragma(`key="x'${key}'"`);
    }
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if (isNotADatabase(error)) {
        throw new StoreOpenError(
          'wrong_key',
          `${path} cannot be read with this key (wrong key, or not a Quita database). Nothing was changed.`,
        );
      }
      throw error;
    }
    checkVersion(db, known, path);
    db.pragma('journal_mode = WAL');
    // FULL: a commit (an outcome and its outbox event) survives power loss once the call returns.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 32 MiB of decrypted pages: a 50,000-account portfolio's queue and search stay in memory (the default
    // 2 MiB made every queue page re-read and re-decrypt the tables).
    db.pragma('cache_size = -32768');
    migrate(db, known);
    if (isNew) db.pragma('user_version = 1');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function isNotADatabase(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_NOTADB' || /file is not a database/i.test(String((error as Error).message));
}

function hasTable(db: Db, name: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

function checkVersion(db: Db, known: readonly Migration[], path: string): void {
  if (!hasTable(db, 'schema_migrations')) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) throw new StoreOpenError('corrupt', `${path} is not a Quita database. Nothing was changed.`);
    return;
  }
  const applied = db.prepare('SELECT id, name, checksum FROM schema_migrations ORDER BY id').all() as Array<{
    id: number;
    name: string;
    checksum: string;
  }>;
  const latest = Math.max(0, ...known.map((m) => m.id));
  for (const row of applied) {
    const mine = known.find((m) => m.id === row.id);
    if (!mine) {
      if (row.id > latest) {
        throw new StoreOpenError(
          'newer_version',
          `${path} was written by a newer version of Quita (schema ${row.id}, this app knows up to ${latest}). ` +
            'Update Quita; the database was not changed.',
        );
      }
      throw new StoreOpenError('unknown_migration', `${path} has an unknown migration ${row.id}. Nothing was changed.`);
    }
    if (checksum(mine) !== row.checksum) {
      throw new StoreOpenError(
        'migration_changed',
        `Migration ${row.id} (${row.name}) in ${path} differs from this app's. Nothing was changed.`,
      );
    }
  }
}

function migrate(db: Db, known: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
  const applied = new Set(
    (db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>).map((r) => r.id),
  );
  const record = db.prepare('INSERT INTO schema_migrations (id, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const migration of [...known].sort((a, b) => a.id - b.id)) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, migration.name, checksum(migration), Date.now());
    })();
  }
}

export { latestMigrationId };

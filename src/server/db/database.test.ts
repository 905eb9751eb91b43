import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, openTestDatabase, scratchDatabase, type TestDatabase } from '../test-support';
import { DatabaseOpenError, openDatabase, runMigrations, splitStatements } from './database';
import { latestMigrationId, migrations } from './migrations';

describe('splitStatements', () => {
  it('splits on top-level semicolons only', () => {
    const parts = splitStatements(`CREATE TABLE a (x text DEFAULT ';'); -- a comment; with a semicolon
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN RAISE EXCEPTION 'no'; END $fn$;
SELECT 1`);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toContain("RAISE EXCEPTION 'no'; END $fn$");
  });
});

describe.each(engines)('server database on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('applies every migration once and records its checksum', async () => {
    const applied = await t.db.selectFrom('schema_migrations').select(['id', 'checksum']).execute();
    expect(applied.map((r) => r.id)).toEqual(migrations.map((m) => m.id));
    expect(await runMigrations(t.db)).toEqual([]);
  });

  it('refuses a database migrated by a newer server, and one whose migration changed, without touching it', async () => {
    await t.db.insertInto('schema_migrations').values({ id: latestMigrationId + 1, name: 'future', checksum: 'x', applied_at: 0 }).execute();
    await expect(runMigrations(t.db)).rejects.toMatchObject({ code: 'newer_version' });
    await t.db.deleteFrom('schema_migrations').where('id', '=', latestMigrationId + 1).execute();

    const original = await t.db.selectFrom('schema_migrations').select('checksum').where('id', '=', 1).executeTakeFirstOrThrow();
    await t.db.updateTable('schema_migrations').set({ checksum: 'tampered' }).where('id', '=', 1).execute();
    await expect(runMigrations(t.db)).rejects.toBeInstanceOf(DatabaseOpenError);
    await expect(runMigrations(t.db)).rejects.toMatchObject({ code: 'migration_changed' });
    await t.db.updateTable('schema_migrations').set({ checksum: original.checksum }).where('id', '=', 1).execute();
    expect(await runMigrations(t.db)).toEqual([]);
  });

  it('reads bigints as numbers and fences the change feed with xid8 transaction ids', async () => {
    await t.db.insertInto('changes').values({ entity: 'account', entity_id: 'a1', version: 3, account_id: 'a1', team_id: null, changed_at: 1_700_000_000_123 }).execute();
    const row = await t.db.selectFrom('changes').selectAll().where('entity_id', '=', 'a1').executeTakeFirstOrThrow();
    expect(typeof row.seq).toBe('number');
    expect(row.changed_at).toBe(1_700_000_000_123);
    expect(row.version).toBe(3);
    expect(row.txid).toMatch(/^\d+$/);
    const fence = await sql<{ xmin: string; current: string }>`
      SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, pg_current_xact_id()::text AS current`.execute(t.db);
    expect(BigInt(fence.rows[0]!.current)).toBeGreaterThan(BigInt(row.txid));
  });

  it('keeps the audit log append-only', async () => {
    await t.db.insertInto('audit').values({ at: 1, actor_user_id: null, action: 'test', subject: null, detail: sql`'{}'::jsonb`, address: null }).execute();
    await expect(t.db.updateTable('audit').set({ action: 'changed' }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit').execute()).rejects.toThrow(/append-only/);
  });

  it("refuses a database that holds someone else's tables", async () => {
    const scratch = await scratchDatabase(engine);
    try {
      if (scratch.target.kind === 'postgres') {
        const db = await openDatabase(scratch.target, []);
        await sql`CREATE TABLE their_table (x int)`.execute(db);
        await db.deleteFrom('schema_migrations').execute();
        await sql`DROP TABLE schema_migrations`.execute(db);
        await db.destroy();
        await expect(openDatabase(scratch.target)).rejects.toMatchObject({ code: 'not_quita' });
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'quita-pglite-'));
        try {
          const db = await openDatabase({ kind: 'pglite', dataDir: dir }, []);
          await sql`CREATE TABLE their_table (x int)`.execute(db);
          await sql`DROP TABLE schema_migrations`.execute(db);
          await db.destroy();
          await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toMatchObject({ code: 'not_quita' });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    } finally {
      await scratch.drop();
    }
  });
});

describe('PGlite data folder', () => {
  it('keeps data across restarts and does not migrate twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quita-pglite-'));
    try {
      const first = await openDatabase({ kind: 'pglite', dataDir: dir });
      await first.insertInto('teams').values({ id: 't1', name: 'north', created_at: 1 }).execute();
      await first.destroy();
      const second = await openDatabase({ kind: 'pglite', dataDir: dir });
      expect(await second.selectFrom('teams').select('name').execute()).toEqual([{ name: 'north' }]);
      expect(await runMigrations(second)).toEqual([]);
      await second.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The schema may only grow: a table or column that shipped is never dropped or renamed (an older device's
// events and a newer device's database must keep meaning the same thing). Run with UPDATE_SCHEMA_SNAPSHOT=1
// after adding a migration to record the additions.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from './database';

const tempDir = useTempDirs();
const snapshotPath = join(import.meta.dirname, 'schema-snapshot.json');

it('keeps every table and column of the recorded schema (additions only)', () => {
  const db = openDatabase({ path: join(tempDir(), 'q.db'), key: randomBytes(32).toString('hex') });
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const current: Record<string, string[]> = {};
  for (const table of tables) {
    current[table] = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; type: string }>).map(
      (c) => `${c.name} ${c.type}`,
    );
  }
  db.close();
  if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') writeFileSync(snapshotPath, `${JSON.stringify(current, null, 2)}\n`);
  const recorded = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Record<string, string[]>;
  for (const [table, columns] of Object.entries(recorded)) {
    expect(current[table], `table ${table} was removed`).toBeDefined();
    for (const column of columns) expect(current[table], `column ${table}.${column} was removed or retyped`).toContain(column);
  }
  expect(current, 'schema has additions: rerun with UPDATE_SCHEMA_SNAPSHOT=1 and commit the snapshot').toEqual(recorded);
});

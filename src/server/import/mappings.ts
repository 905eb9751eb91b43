// The column mapping each creditor's files use, saved by a real import (migration 3's import_mappings) and
// read by the next one, so a creditor's odd headers are mapped once.
import type { ColumnType, Kysely, RawBuilder } from 'kysely';
import { jsonb, type ServerDatabase } from '../db/database';
import { isPortfolioField, type Mapping } from './fields';

export type ImportMappingsTable = {
  import_mappings: {
    creditor: string;
    mapping: ColumnType<unknown, RawBuilder<unknown>, RawBuilder<unknown>>;
    updated_at: number;
    updated_by: string | null;
  };
};

type Db = Kysely<ServerDatabase>;
const withMappings = (db: Db) => db.withTables<ImportMappingsTable>();

/** Creditor names are compared trimmed with inner spaces collapsed ("Banco  X " is "Banco X"). */
export const canonicalCreditor = (creditor: string): string => creditor.trim().replace(/\s+/g, ' ');

export async function loadMapping(db: Db, creditor: string): Promise<Mapping> {
  const row = await withMappings(db).selectFrom('import_mappings').select('mapping').where('creditor', '=', canonicalCreditor(creditor)).executeTakeFirst();
  const out: Mapping = {};
  for (const [key, header] of Object.entries((row?.mapping ?? {}) as Record<string, unknown>)) {
    if (isPortfolioField(key) && typeof header === 'string') out[key] = header;
  }
  return out;
}

export async function saveMapping(db: Db, creditor: string, mapping: Mapping, actor: { userId: string | null; now: number }): Promise<void> {
  await withMappings(db)
    .insertInto('import_mappings')
    .values({ creditor: canonicalCreditor(creditor), mapping: jsonb(mapping), updated_at: actor.now, updated_by: actor.userId })
    .onConflict((oc) =>
      oc.column('creditor').doUpdateSet((eb) => ({ mapping: eb.ref('excluded.mapping'), updated_at: eb.ref('excluded.updated_at'), updated_by: eb.ref('excluded.updated_by') })),
    )
    .execute();
}

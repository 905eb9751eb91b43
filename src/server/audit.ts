// Append-only audit entries (the table refuses updates and deletes). Written in the caller's transaction when
// there is one, so an action and its audit line commit together.
import type { Kysely } from 'kysely';
import { jsonb, type ServerDatabase } from './db/database';

export interface AuditEntry {
  at: number;
  actorUserId: string | null;
  action: string;
  subject?: string | null;
  detail?: Record<string, unknown>;
  address?: string | null;
}

export async function audit(db: Kysely<ServerDatabase>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit')
    .values({
      at: entry.at,
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject: entry.subject ?? null,
      detail: jsonb(entry.detail ?? {}),
      address: entry.address ?? null,
    })
    .execute();
}

// Who may see or touch which account: an agent the accounts assigned to them and their team's pool, a
// supervisor everything assigned to their team, an admin everything. Unassigned accounts are admin-only.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { SessionUser } from '../../shared/sync';
import type { ServerDatabase } from '../db/database';

export interface AssignmentRow {
  team_id: string;
  user_id: string | null;
}

/** Decides from an account's assignment (null = unassigned). */
export function mayAccessAccount(user: SessionUser, assignment: AssignmentRow | null): boolean {
  if (user.role === 'admin') return true;
  if (!assignment || user.teamId === null) return false;
  if (user.role === 'supervisor') return assignment.team_id === user.teamId;
  return assignment.user_id === user.id || (assignment.user_id === null && assignment.team_id === user.teamId);
}

/** The same rule as a SQL condition over an `assignments` row aliased `asg` (for list queries). */
export function assignmentScope(user: SessionUser): Expression<SqlBool> {
  if (user.role === 'admin') return sql<SqlBool>`true`;
  if (user.teamId === null) return sql<SqlBool>`false`;
  if (user.role === 'supervisor') return sql<SqlBool>`asg.team_id = ${user.teamId}`;
  return sql<SqlBool>`(asg.user_id = ${user.id} OR (asg.user_id IS NULL AND asg.team_id = ${user.teamId}))`;
}

/** Assignments of the given accounts, keyed by account id (absent = unassigned). */
export async function assignmentsOf(db: Kysely<ServerDatabase>, accountIds: readonly string[]): Promise<Map<string, AssignmentRow>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('assignments')
    .select(['account_id', 'team_id', 'user_id'])
    .where('account_id', 'in', [...new Set(accountIds)])
    .execute();
  return new Map(rows.map((r) => [r.account_id, { team_id: r.team_id, user_id: r.user_id }]));
}

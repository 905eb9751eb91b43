// Administration the CLI and the admin routes share: teams, users, passwords, portfolio rows, assignments and
// the status counts. Errors carry stable codes the CLI prints with a next step.
import { v7 as uuidv7 } from 'uuid';
import type { Account, Customer } from '../shared/model';
import { Username, type Role } from '../shared/sync';
import { audit } from './audit';
import { hashPassword, MIN_PASSWORD_LENGTH } from './auth/passwords';
import { revokeUserSessions } from './auth/sessions';
import { jsonb, type ServerDb } from './db/database';
import { announceAccounts, recordChanges, type ChangeRow } from './sync/feed';

export type AdminErrorCode =
  | 'team_exists'
  | 'team_not_found'
  | 'user_exists'
  | 'user_not_found'
  | 'invalid_username'
  | 'weak_password'
  | 'team_required'
  | 'account_not_found';

export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

export interface Actor {
  userId: string | null;
  now: number;
}

export async function createTeam(db: ServerDb, name: string, actor: Actor): Promise<{ id: string; name: string }> {
  const trimmed = name.trim();
  const exists = await db.selectFrom('teams').select('id').where('name', '=', trimmed).executeTakeFirst();
  if (exists) throw new AdminError('team_exists', `A team named "${trimmed}" already exists.`);
  const team = { id: uuidv7(), name: trimmed };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('teams').values({ ...team, created_at: actor.now }).execute();
    await audit(trx, { at: actor.now, actorUserId: actor.userId, action: 'team.created', subject: team.id, detail: { name: trimmed } });
  });
  return team;
}

async function teamIdByName(db: ServerDb, name: string): Promise<string> {
  const row = await db.selectFrom('teams').select('id').where('name', '=', name.trim()).executeTakeFirst();
  if (!row) throw new AdminError('team_not_found', `No team named "${name}". Create it first with create-team.`);
  return row.id;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AdminError('weak_password', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
}

export async function createUser(
  db: ServerDb,
  input: { username: string; password: string; role: Role; team?: string | null; displayName?: string },
  actor: Actor,
): Promise<{ id: string; username: string; role: Role; teamId: string | null }> {
  const parsed = Username.safeParse(input.username);
  if (!parsed.success) throw new AdminError('invalid_username', `"${input.username}" is not a valid username: letters, digits and . _ @ - only (2 to 64).`);
  const username = parsed.data;
  checkPassword(input.password);
  if (input.role !== 'admin' && !input.team) throw new AdminError('team_required', `An ${input.role} needs a team (--team <name>).`);
  const teamId = input.team ? await teamIdByName(db, input.team) : null;
  const exists = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (exists) throw new AdminError('user_exists', `The username "${username}" is taken.`);
  const id = uuidv7();
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({ id, username, display_name: input.displayName?.trim() || username, password_hash: passwordHash, role: input.role, team_id: teamId, created_at: actor.now })
      .execute();
    await audit(trx, { at: actor.now, actorUserId: actor.userId, action: 'user.created', subject: id, detail: { username, role: input.role, teamId } });
  });
  return { id, username, role: input.role, teamId };
}

/** Sets a new password and ends every session of the user. */
export async function resetPassword(db: ServerDb, username: string, password: string, actor: Actor): Promise<{ revokedSessions: number }> {
  checkPassword(password);
  const user = await db.selectFrom('users').select('id').where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
  if (!user) throw new AdminError('user_not_found', `No user "${username}".`);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
    const revokedSessions = await revokeUserSessions(trx, user.id, actor.now);
    await audit(trx, { at: actor.now, actorUserId: actor.userId, action: 'user.password_reset', subject: user.id, detail: { revokedSessions } });
    return { revokedSessions };
  });
}

/** Inserts or replaces customers and accounts (the minimal import path; each replace bumps the version). */
export async function upsertPortfolio(db: ServerDb, customers: readonly Customer[], accounts: readonly Account[], actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const feed: ChangeRow[] = [];
    for (const c of customers) {
      const row = await trx
        .insertInto('customers')
        .values({
          id: c.id,
          name: c.name,
          document_kind: c.documentKind,
          document: c.document,
          phones: jsonb(c.phones),
          emails: jsonb(c.emails),
          address: jsonb(c.address),
          time_zone: c.timeZone,
          language: c.language,
          flags: jsonb(c.flags),
          version: c.version,
          updated_at: actor.now,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            document_kind: eb.ref('excluded.document_kind'),
            document: eb.ref('excluded.document'),
            phones: eb.ref('excluded.phones'),
            emails: eb.ref('excluded.emails'),
            address: eb.ref('excluded.address'),
            time_zone: eb.ref('excluded.time_zone'),
            language: eb.ref('excluded.language'),
            flags: eb.ref('excluded.flags'),
            version: eb('customers.version', '+', 1),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returning('version')
        .executeTakeFirstOrThrow();
      feed.push({ entity: 'customer', entityId: c.id, version: row.version, accountId: null });
    }
    for (const a of accounts) {
      const row = await trx
        .insertInto('accounts')
        .values({
          id: a.id,
          customer_id: a.customerId,
          creditor: a.creditor,
          product: a.product,
          account_number: a.accountNumber,
          currency: a.currency,
          original_balance_cents: a.originalBalanceCents,
          current_balance_cents: a.currentBalanceCents,
          due_date: a.dueDate,
          status: a.status,
          boleto_line: a.boletoLine,
          pix_key: a.pixKey,
          version: a.version,
          updated_at: actor.now,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            customer_id: eb.ref('excluded.customer_id'),
            creditor: eb.ref('excluded.creditor'),
            product: eb.ref('excluded.product'),
            account_number: eb.ref('excluded.account_number'),
            currency: eb.ref('excluded.currency'),
            original_balance_cents: eb.ref('excluded.original_balance_cents'),
            current_balance_cents: eb.ref('excluded.current_balance_cents'),
            due_date: eb.ref('excluded.due_date'),
            status: eb.ref('excluded.status'),
            boleto_line: eb.ref('excluded.boleto_line'),
            pix_key: eb.ref('excluded.pix_key'),
            version: eb('accounts.version', '+', 1),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returning('version')
        .executeTakeFirstOrThrow();
      feed.push({ entity: 'account', entityId: a.id, version: row.version, accountId: a.id });
    }
    await recordChanges(trx, feed, actor.now);
  });
}

export type AssignTarget = { user: string } | { team: string };

/** Assigns accounts to an agent (within the agent's team) or to a team's pool, replacing earlier assignments. */
export async function assignAccounts(db: ServerDb, accountIds: readonly string[], target: AssignTarget, actor: Actor): Promise<number> {
  let teamId: string;
  let userId: string | null = null;
  if ('user' in target) {
    const user = await db.selectFrom('users').select(['id', 'team_id']).where('username', '=', target.user.trim().toLowerCase()).executeTakeFirst();
    if (!user) throw new AdminError('user_not_found', `No user "${target.user}".`);
    if (!user.team_id) throw new AdminError('team_required', `"${target.user}" has no team; accounts go to users of a team.`);
    teamId = user.team_id;
    userId = user.id;
  } else {
    teamId = await teamIdByName(db, target.team);
  }
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return 0;
  const found = new Set((await db.selectFrom('accounts').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new AdminError('account_not_found', `Unknown account(s): ${missing.slice(0, 10).join(', ')}. Nothing was assigned.`);
  await db.transaction().execute(async (trx) => {
    const feed: ChangeRow[] = [];
    const previous = new Map(
      (await trx.selectFrom('assignments').select(['account_id', 'team_id', 'user_id']).where('account_id', 'in', ids).execute()).map((r) => [r.account_id, r]),
    );
    for (const id of ids) {
      const before = previous.get(id);
      // Whoever loses the account is told to drop it (the pull skips this row if they still see it otherwise).
      if (before && (before.team_id !== teamId || before.user_id !== userId)) {
        feed.push({ entity: 'access_revoked', entityId: id, version: 1, accountId: id, teamId: before.team_id, userId: before.user_id });
      }
      const row = await trx
        .insertInto('assignments')
        .values({ account_id: id, team_id: teamId, user_id: userId, version: 1, assigned_at: actor.now, assigned_by: actor.userId })
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet((eb) => ({
            team_id: teamId,
            user_id: userId,
            version: eb('assignments.version', '+', 1),
            assigned_at: actor.now,
            assigned_by: actor.userId,
          })),
        )
        .returning('version')
        .executeTakeFirstOrThrow();
      feed.push({ entity: 'assignment', entityId: id, version: row.version, accountId: id, teamId });
    }
    // Not push(...rows): a large portfolio's history is more rows than a call's argument list may hold.
    for (const row of await announceAccounts(trx, ids)) feed.push(row);
    await recordChanges(trx, feed, actor.now);
    await audit(trx, { at: actor.now, actorUserId: actor.userId, action: 'accounts.assigned', subject: userId ?? teamId, detail: { count: ids.length, teamId, userId } });
  });
  return ids.length;
}

export interface ServerStatus {
  teams: number;
  users: number;
  activeSessions: number;
  customers: number;
  accounts: number;
  assignedAccounts: number;
  events: { accepted: number; rejected: number };
  contactAttempts: number;
  promises: number;
  callbacks: number;
}

export async function serverStatus(db: ServerDb, now: number): Promise<ServerStatus> {
  const count = async (table: 'teams' | 'users' | 'customers' | 'accounts' | 'assignments' | 'contact_attempts' | 'promises' | 'callbacks') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const events = await db.selectFrom('events').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const sessions = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return {
    teams: await count('teams'),
    users: await count('users'),
    activeSessions: Number(sessions.n),
    customers: await count('customers'),
    accounts: await count('accounts'),
    assignedAccounts: await count('assignments'),
    events: {
      accepted: Number(events.find((e) => e.status === 'accepted')?.n ?? 0),
      rejected: Number(events.find((e) => e.status === 'rejected')?.n ?? 0),
    },
    contactAttempts: await count('contact_attempts'),
    promises: await count('promises'),
    callbacks: await count('callbacks'),
  };
}

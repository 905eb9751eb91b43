// Login, token check and logout. A token is valid while its session is unexpired, unrevoked and its user
// enabled; every failure reads the same to the caller.
import type { Role, SessionUser } from '../../shared/sync';
import { audit } from '../audit';
import type { ServerDb } from '../db/database';
import { HttpError } from '../http-error';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { loginRetryAfter, recordLoginAttempt, type LoginLimits } from './rate-limit';
import { newToken, tokenHash } from './tokens';

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60_000;

export interface AuthContext {
  user: SessionUser;
  tokenHash: string;
  expiresAt: number;
}

export interface LoginOptions {
  now: number;
  address: string;
  limits: LoginLimits;
  sessionTtlMs: number;
}

export async function login(
  db: ServerDb,
  username: string,
  password: string,
  opts: LoginOptions,
): Promise<{ token: string; expiresAt: number; user: SessionUser }> {
  const retryAfter = await loginRetryAfter(db, username, opts.address, opts.now, opts.limits);
  if (retryAfter !== null) {
    throw new HttpError(429, 'rate_limited', `Too many failed logins; try again in ${retryAfter} s`, undefined, {
      'retry-after': String(retryAfter),
    });
  }
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  let ok = false;
  if (row && !row.disabled) ok = await verifyPassword(row.password_hash, password);
  else await burnPasswordCheck(password);

  await recordLoginAttempt(db, { username, address: opts.address, succeeded: ok, at: opts.now });
  if (!row || !ok) {
    await audit(db, { at: opts.now, actorUserId: null, action: 'login.failed', subject: username, address: opts.address });
    throw new HttpError(401, 'invalid_credentials', 'Wrong username or password');
  }

  const token = newToken();
  const expiresAt = opts.now + opts.sessionTtlMs;
  await db
    .insertInto('sessions')
    .values({ token_hash: tokenHash(token), user_id: row.id, expires_at: expiresAt, revoked_at: null, created_at: opts.now, address: opts.address })
    .execute();
  await audit(db, { at: opts.now, actorUserId: row.id, action: 'login.succeeded', subject: row.username, address: opts.address });
  return { token, expiresAt, user: toSessionUser(row) };
}

/** The session behind a bearer token, or null for a missing, unknown, expired or revoked one. */
export async function authenticate(db: ServerDb, token: string, now: number): Promise<AuthContext | null> {
  const hash = tokenHash(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.team_id', 's.expires_at'])
    .where('s.token_hash', '=', hash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return null;
  return { user: toSessionUser(row), tokenHash: hash, expiresAt: Number(row.expires_at) };
}

export async function logout(db: ServerDb, auth: AuthContext, now: number, address: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', auth.tokenHash).where('revoked_at', 'is', null).execute();
  await audit(db, { at: now, actorUserId: auth.user.id, action: 'logout', subject: auth.user.username, address });
}

/** Ends every session of a user (password reset, disabling). */
export async function revokeUserSessions(db: ServerDb, userId: string, now: number): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function toSessionUser(row: { id: string; username: string; display_name: string; role: Role; team_id: string | null }): SessionUser {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, teamId: row.team_id };
}

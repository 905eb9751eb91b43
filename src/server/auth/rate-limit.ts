// Failed-login limits, per username and per address, kept in the database so every server instance behind a
// load balancer counts the same attempts.
import { sql } from 'kysely';
import type { ServerDb } from '../db/database';

export interface LoginLimits {
  /** Failures for one username (since its last successful login) within the window before it is refused. */
  perUsername: number;
  /** Failures from one address within the window (an office behind one NAT shares it: keep it higher). */
  perAddress: number;
  windowMs: number;
}

export const defaultLoginLimits: LoginLimits = { perUsername: 5, perAddress: 20, windowMs: 15 * 60_000 };

/** Returns the seconds to wait when either limit is reached, or null when a login may be tried. */
export async function loginRetryAfter(
  db: ServerDb,
  username: string,
  address: string,
  now: number,
  limits: LoginLimits,
): Promise<number | null> {
  const since = now - limits.windowMs;
  // The Nth most recent counted failure: once it leaves the window, the count drops below the limit.
  const byUsername = await sql<{ at: number }>`
    SELECT at FROM login_attempts
    WHERE username = ${username} AND NOT succeeded AND at > ${since}
      AND at > coalesce((SELECT max(at) FROM login_attempts WHERE username = ${username} AND succeeded), 0)
    ORDER BY at DESC OFFSET ${limits.perUsername - 1} LIMIT 1`.execute(db);
  const byAddress = await sql<{ at: number }>`
    SELECT at FROM login_attempts
    WHERE address = ${address} AND NOT succeeded AND at > ${since}
    ORDER BY at DESC OFFSET ${limits.perAddress - 1} LIMIT 1`.execute(db);
  const blockers = [byUsername.rows[0], byAddress.rows[0]].filter((r) => r !== undefined).map((r) => Number(r.at));
  if (blockers.length === 0) return null;
  const until = Math.max(...blockers) + limits.windowMs;
  return Math.max(1, Math.ceil((until - now) / 1000));
}

export async function recordLoginAttempt(
  db: ServerDb,
  attempt: { username: string; address: string; succeeded: boolean; at: number },
): Promise<void> {
  await db.insertInto('login_attempts').values(attempt).execute();
}

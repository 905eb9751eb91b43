// Agents' states as their desks report them (POST /v1/agents/state): the current state per user and an
// append-only history for handle time, productive hours and pauses. Times are the server's; a desk's clock only
// says how long ago its call began. A desk that stops reporting (closed, offline, crashed) turns 'offline' after
// STALE_MS; when it reports again, the history first gets an 'offline' row at the last time it was heard from,
// so a night with the app closed never counts as a night "available".
import { sql } from 'kysely';
import type { AgentStateReport } from '../../shared/domain/kpi/console-schema';
import type { SessionUser } from '../../shared/sync';
import type { ServerDb } from '../db/database';

/** Desks re-send their state every minute; silence for longer than this means offline. */
export const HEARTBEAT_MS = 60_000;
export const STALE_MS = 150_000;

export const TEAM_CHANNEL = 'quita_team';

export interface StateAnswer {
  state: AgentStateReport['state'];
  since: number;
  /** False for a heartbeat that changed nothing. */
  changed: boolean;
}

export async function recordAgentState(db: ServerDb, user: SessionUser, report: AgentStateReport, now: number): Promise<StateAnswer> {
  const reason = report.state === 'paused' ? (report.reason ?? 'break') : null;
  // The call's age by the desk's own clock, placed on the server's (a desk with a wrong clock still times right).
  const callStartedAt =
    report.state === 'on_call' && report.callStartedAt != null ? now - Math.max(0, report.at - report.callStartedAt) : null;
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('agent_states').selectAll().where('user_id', '=', user.id).forUpdate().executeTakeFirst();
    const stale = current !== undefined && current.state !== 'offline' && now - Number(current.last_seen_at) > STALE_MS;
    if (stale) {
      await trx
        .insertInto('agent_state_history')
        .values({ user_id: user.id, state: 'offline', reason: null, at: Number(current.last_seen_at), client_at: null })
        .execute();
    }
    const changed = !current || stale || current.state !== report.state || current.reason !== reason;
    const since = changed ? now : Number(current.since);
    const row = {
      state: report.state,
      reason,
      since,
      // The same call keeps its start; a new on_call takes the reported one.
      call_started_at: report.state === 'on_call' ? (!changed && current?.call_started_at != null ? Number(current.call_started_at) : callStartedAt) : null,
      client_at: report.at,
      last_seen_at: now,
    };
    if (current) await trx.updateTable('agent_states').set(row).where('user_id', '=', user.id).execute();
    else await trx.insertInto('agent_states').values({ user_id: user.id, ...row }).execute();
    if (changed) {
      await trx.insertInto('agent_state_history').values({ user_id: user.id, state: report.state, reason, at: now, client_at: report.at }).execute();
      // Delivered at commit (see sync/feed.ts): supervisors of the team refetch their board.
      await sql`SELECT pg_notify(${TEAM_CHANNEL}, ${user.teamId ?? ''})`.execute(trx);
    }
    return { state: report.state, since, changed };
  });
}

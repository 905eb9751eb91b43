// The team board: every agent of the team (an admin: of every team, or the one asked for) with their state now
// and today's numbers. One query for the agents and their states, one aggregate for today's attempts.
import type { TeamBoard } from '../../shared/domain/kpi/console-schema';
import type { ServerDb } from '../db/database';
import { STALE_MS } from './agent-state';
import { attemptTotals, todayPeriod } from './kpi-query';

export async function teamBoard(db: ServerDb, teamId: string | null, timeZone: string, now: number): Promise<TeamBoard> {
  let q = db
    .selectFrom('users as u')
    .leftJoin('agent_states as st', 'st.user_id', 'u.id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.team_id', 'st.state', 'st.reason', 'st.since', 'st.call_started_at', 'st.last_seen_at'])
    .where('u.role', '=', 'agent')
    .where('u.disabled', '=', false)
    .orderBy('u.display_name')
    .orderBy('u.username');
  if (teamId !== null) q = q.where('u.team_id', '=', teamId);
  const period = todayPeriod(timeZone, now);
  const [agents, today] = await Promise.all([
    q.execute(),
    attemptTotals(db, { teamId, agentId: null, portfolios: [], fromMs: period.fromMs, toMs: period.toMs, timeZone, now }, 'agent'),
  ]);
  return {
    now,
    today: period.today,
    timeZone,
    teamId,
    agents: agents.map((a) => {
      const lastSeen = a.last_seen_at == null ? null : Number(a.last_seen_at);
      // Silence means the desk is closed or cut off: offline since it was last heard from.
      const stale = lastSeen === null || now - lastSeen > STALE_MS;
      const numbers = today.get(a.id);
      return {
        id: a.id,
        username: a.username,
        displayName: a.display_name,
        teamId: a.team_id,
        state: stale ? 'offline' : (a.state ?? 'offline'),
        reason: stale ? null : (a.reason ?? null),
        since: stale ? lastSeen : a.since == null ? null : Number(a.since),
        callStartedAt: !stale && a.state === 'on_call' && a.call_started_at != null ? Number(a.call_started_at) : null,
        lastSeenAt: lastSeen,
        today: {
          attempts: numbers?.attempts ?? 0,
          contacts: numbers?.contacts ?? 0,
          promises: numbers?.promises ?? 0,
          promisedCents: numbers?.promisedCents ?? 0,
        },
      };
    }),
  };
}

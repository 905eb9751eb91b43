// The supervisor console's routes:
//   POST /v1/agents/state {state, reason?, callStartedAt?, at}   any signed-in user: their own state (and heartbeat)
//   GET  /v1/team/board?team=                                     supervisor (own team) / admin (all or one team)
//   GET  /v1/team/options                                         the teams, agents and portfolios the filters offer
//   GET  /v1/kpis?from&to&timeZone&team&agent&portfolio&groupBy=day|agent|strategyVariant|scriptVariant
//   GET  /v1/team/live (WebSocket; Bearer header or ?token=)     `{ type: 'team', teamId }` pokes
// Scoped like the call-outcome report: a supervisor sees their own team (asking for another is 403), an admin
// every team, an agent none of it (403).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AgentStateReport, KpiGroupBy, type ConsoleOptions } from '../../shared/domain/kpi/console-schema';
import { Id } from '../../shared/model';
import type { SessionUser } from '../../shared/sync';
import { authenticate } from '../auth/sessions';
import type { ServerDb } from '../db/database';
import { HttpError, invalidInput } from '../http-error';
import { officeTimeZone, ReportFilters, resolveFilters } from '../reports/filters';
import { recordAgentState } from './agent-state';
import { teamBoard } from './board';
import { kpiReport, todayPeriod } from './kpi-query';
import { TeamHub } from './team-live';

export interface SupervisionDeps {
  db: ServerDb;
  clock: () => number;
}

const KpiQuery = ReportFilters.omit({ disposition: true, asOf: true }).extend({ groupBy: KpiGroupBy.optional() }).strict();
const BoardQuery = z.object({ team: Id.optional() }).strict();
const LiveQuery = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,128}$/).optional() }).strict();

function signedIn(request: FastifyRequest): SessionUser {
  const user = request.auth?.user;
  if (!user) throw new HttpError(401, 'unauthenticated', 'Sign in first (missing, expired or revoked token)');
  return user;
}

/** The team a supervisor or admin may look at for this request (null = every team, admins only). */
function viewedTeam(user: SessionUser, asked: string | undefined): string | null {
  if (user.role === 'agent') throw new HttpError(403, 'forbidden', 'Your role may not do this');
  if (user.role === 'admin') return asked ?? null;
  if (user.teamId === null) throw new HttpError(403, 'forbidden', 'A supervisor without a team has nothing to see');
  if (asked !== undefined && asked !== user.teamId) throw new HttpError(403, 'forbidden', 'A supervisor sees their own team only');
  return user.teamId;
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: 'query' | 'body'): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw invalidInput(parsed.error, where);
  return parsed.data;
}

export async function registerSupervisionRoutes(app: FastifyInstance, deps: SupervisionDeps): Promise<void> {
  const { db, clock } = deps;
  const hub = new TeamHub(db, (error) => app.log.error({ err: error }, 'team pokes'));
  await hub.start();
  app.addHook('onClose', async () => hub.close());

  app.post('/v1/agents/state', async (request) => {
    const user = signedIn(request);
    const body = parse(AgentStateReport, request.body, 'body');
    return recordAgentState(db, user, body, clock());
  });

  app.get('/v1/team/board', async (request) => {
    const user = signedIn(request);
    viewedTeam(user, undefined);
    const query = parse(BoardQuery, request.query, 'query');
    return teamBoard(db, viewedTeam(user, query.team), officeTimeZone(), clock());
  });

  app.get('/v1/team/options', async (request): Promise<ConsoleOptions> => {
    const user = signedIn(request);
    const team = viewedTeam(user, undefined);
    let teams = db.selectFrom('teams').select(['id', 'name']).orderBy('name');
    let agents = db.selectFrom('users').select(['id', 'display_name', 'team_id']).where('role', '=', 'agent').where('disabled', '=', false).orderBy('display_name');
    let portfolios = db.selectFrom('accounts as a').select('a.creditor').distinct().orderBy('a.creditor');
    if (team !== null) {
      teams = teams.where('id', '=', team);
      agents = agents.where('team_id', '=', team);
      portfolios = portfolios.innerJoin('assignments as asg', 'asg.account_id', 'a.id').where('asg.team_id', '=', team);
    }
    const [t, a, p] = await Promise.all([teams.execute(), agents.execute(), portfolios.limit(500).execute()]);
    return {
      teams: t,
      agents: a.map((r) => ({ id: r.id, displayName: r.display_name, teamId: r.team_id })),
      portfolios: p.map((r) => r.creditor),
    };
  });

  app.get('/v1/kpis', async (request) => {
    const user = signedIn(request);
    // Who comes first: an agent hears 403 whatever the query says.
    viewedTeam(user, undefined);
    const { groupBy, ...filters } = parse(KpiQuery, request.query, 'query');
    const now = clock();
    const resolved = resolveFilters(filters, now);
    const teamId = viewedTeam(user, filters.team);
    const today = todayPeriod(resolved.timeZone, now);
    const scope = {
      teamId,
      agentId: resolved.agentId,
      portfolios: resolved.portfolios,
      fromMs: resolved.fromMs ?? today.fromMs,
      toMs: resolved.toMs ?? (resolved.fromMs === null ? today.toMs : Math.max(now, today.toMs)),
      timeZone: resolved.timeZone,
      now,
    };
    if (scope.toMs - scope.fromMs > 400 * 86_400_000) throw new HttpError(400, 'invalid_input', 'A KPI period spans at most 400 days');
    return kpiReport(db, scope, groupBy ?? null, async () => {
      const rows = await db.selectFrom('users').select(['id', 'display_name']).where('role', '=', 'agent').execute();
      return new Map(rows.map((r) => [r.id, r.display_name]));
    });
  });

  app.get(
    '/v1/team/live',
    {
      websocket: true,
      preValidation: async (request) => {
        const query = parse(LiveQuery, request.query, 'query');
        if (!request.auth && query.token) request.auth = await authenticate(db, query.token, clock());
        viewedTeam(signedIn(request), undefined);
      },
    },
    (socket, request) => {
      const remove = hub.add(request.auth!.user, socket);
      socket.on('close', remove);
    },
  );
}

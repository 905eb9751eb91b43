// The KPI figures, added up by the database per group (never by loading rows): attempts, contacts and promises
// from contact_attempts (with each attempt's standing promise), time per state from agent_state_history, and
// money collected from payments. The definitions of the rates live in shared/domain/kpi.
//
// Scope and attribution: attempts and state time belong to the agent's team (as in the call-outcome report);
// collected money to the team and agent the paid account is assigned to, and to nobody's strategy or script
// variant (a payment answers no single call), so it is null when grouping by variant. State time is not
// per portfolio: with a portfolio filter, handle time and calls per hour are left out.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { addDays, startOfDayIn, todayIn } from '../../shared/domain/dates';
import { defaultDispositionConfig, type DispositionConfig } from '../../shared/domain/dispositions';
import { addTotals, compareVariants, computeKpis, contactCodes, emptyTotals, type KpiTotals } from '../../shared/domain/kpi/kpi';
import type { KpiGroupBy, KpiReport } from '../../shared/domain/kpi/console-schema';
import type { ServerDb } from '../db/database';
import { STALE_MS } from './agent-state';

export interface KpiScope {
  /** null = every team (admins only). */
  teamId: string | null;
  agentId: string | null;
  portfolios: string[];
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  timeZone: string;
  now: number;
}

type Partial = Pick<KpiTotals, 'attempts' | 'contacts' | 'rightPartyContacts' | 'promises' | 'promisedCents' | 'promisesKept' | 'promisesBroken'>;
type StateTime = Pick<KpiTotals, 'handleMs' | 'calls' | 'productiveMs' | 'pausedMs'>;

const n = (v: unknown): number => Number(v ?? 0);
const and = (parts: Expression<SqlBool>[]): RawBuilder<SqlBool> => sql<SqlBool>`${sql.join(parts, sql` AND `)}`;

function attemptKey(groupBy: KpiGroupBy | null, timeZone: string): RawBuilder<string> {
  switch (groupBy) {
    case 'day':
      return sql<string>`to_char(to_timestamp(ca.started_at / 1000.0) AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`;
    case 'agent':
      return sql<string>`ca.agent_id`;
    case 'strategyVariant':
      return sql<string>`coalesce(ca.strategy_variant, '')`;
    case 'scriptVariant':
      return sql<string>`CASE WHEN ca.script_variant IS NULL THEN '' ELSE coalesce(ca.script_id, '') || '/' || ca.script_variant END`;
    default:
      return sql<string>`''`;
  }
}

/** Attempts, contacts and promises per group, in one pass over the period's attempts. */
export async function attemptTotals(
  db: ServerDb,
  scope: KpiScope,
  groupBy: KpiGroupBy | null,
  config: DispositionConfig = defaultDispositionConfig,
): Promise<Map<string, Partial>> {
  const codes = contactCodes(config);
  const inList = (list: string[]) => (list.length ? sql`ca.disposition IN (${sql.join(list)})` : sql`false`);
  const where: Expression<SqlBool>[] = [sql<SqlBool>`ca.started_at >= ${scope.fromMs}`, sql<SqlBool>`ca.started_at < ${scope.toMs}`];
  if (scope.teamId !== null) where.push(sql<SqlBool>`u.team_id = ${scope.teamId}`);
  if (scope.agentId !== null) where.push(sql<SqlBool>`ca.agent_id = ${scope.agentId}`);
  if (scope.portfolios.length) where.push(sql<SqlBool>`a.creditor IN (${sql.join(scope.portfolios)})`);
  const key = attemptKey(groupBy, scope.timeZone);
  // An attempt's promise: the latest not cancelled (a renegotiated one was replaced), as in the report.
  const r = await sql<Record<string, unknown>>`
    SELECT ${key} AS key, count(*) AS attempts,
      count(*) FILTER (WHERE ${inList(codes.contact)}) AS contacts,
      count(*) FILTER (WHERE ${inList(codes.rightParty)}) AS rpc,
      count(p.amount_cents) AS promises, coalesce(sum(p.amount_cents), 0) AS promised,
      count(*) FILTER (WHERE p.status = 'kept') AS kept,
      count(*) FILTER (WHERE p.status = 'broken') AS broken
    FROM contact_attempts ca
      JOIN users u ON u.id = ca.agent_id
      JOIN accounts a ON a.id = ca.account_id
      LEFT JOIN LATERAL (
        SELECT pr.amount_cents, pr.status FROM promises pr
        WHERE pr.attempt_id = ca.id AND pr.status <> 'cancelled' ORDER BY pr.created_at DESC LIMIT 1
      ) p ON true
    WHERE ${and(where)}
    GROUP BY 1`.execute(db);
  return new Map(
    r.rows.map((row) => [
      String(row.key),
      {
        attempts: n(row.attempts),
        contacts: n(row.contacts),
        rightPartyContacts: n(row.rpc),
        promises: n(row.promises),
        promisedCents: n(row.promised),
        promisesKept: n(row.kept),
        promisesBroken: n(row.broken),
      },
    ]),
  );
}

/** A state lasting longer than this is split off at the period's start only if it began within it. */
const LOOKBACK_MS = 24 * 3_600_000;

/** Time per state, per day or agent: each history row lasts until the user's next row (or until now). */
export async function stateTotals(db: ServerDb, scope: KpiScope, groupBy: KpiGroupBy | null): Promise<Map<string, StateTime>> {
  if (groupBy === 'strategyVariant' || groupBy === 'scriptVariant' || scope.portfolios.length) return new Map();
  const to = Math.min(scope.toMs, scope.now);
  if (to <= scope.fromMs) return new Map();
  const where: Expression<SqlBool>[] = [sql<SqlBool>`s.at >= ${scope.fromMs - LOOKBACK_MS}`, sql<SqlBool>`s.at < ${to}`];
  if (scope.teamId !== null) where.push(sql<SqlBool>`u.team_id = ${scope.teamId}`);
  if (scope.agentId !== null) where.push(sql<SqlBool>`s.user_id = ${scope.agentId}`);
  const key =
    groupBy === 'day'
      ? sql`to_char(to_timestamp(greatest(h.at, ${scope.fromMs}) / 1000.0) AT TIME ZONE ${scope.timeZone}, 'YYYY-MM-DD')`
      : groupBy === 'agent'
        ? sql`h.user_id`
        : sql`''`;
  const span = sql`greatest(0, least(h.end_at, ${to}) - greatest(h.at, ${scope.fromMs}))`;
  const r = await sql<Record<string, unknown>>`
    WITH h AS (
      SELECT s.user_id, s.state, s.at,
        coalesce(
          (SELECT min(nx.at) FROM agent_state_history nx
            WHERE nx.user_id = s.user_id AND (nx.at > s.at OR (nx.at = s.at AND nx.id > s.id))),
          CASE WHEN st.last_seen_at < ${scope.now - STALE_MS} THEN st.last_seen_at ELSE ${scope.now}::bigint END
        ) AS end_at
      FROM agent_state_history s
        JOIN users u ON u.id = s.user_id
        LEFT JOIN agent_states st ON st.user_id = s.user_id
      WHERE ${and(where)}
    )
    SELECT ${key} AS key,
      coalesce(sum(${span}) FILTER (WHERE h.state IN ('on_call', 'wrap_up')), 0) AS handle,
      count(*) FILTER (WHERE h.state = 'on_call' AND h.at >= ${scope.fromMs}) AS calls,
      coalesce(sum(${span}) FILTER (WHERE h.state IN ('available', 'on_call', 'wrap_up')), 0) AS productive,
      coalesce(sum(${span}) FILTER (WHERE h.state = 'paused'), 0) AS paused
    FROM h WHERE h.end_at > ${scope.fromMs}
    GROUP BY 1`.execute(db);
  return new Map(
    r.rows.map((row) => [String(row.key), { handleMs: n(row.handle), calls: n(row.calls), productiveMs: n(row.productive), pausedMs: n(row.paused) }]),
  );
}

/** Payments dated within the period, per day or agent of the paid account's assignment. */
export async function collectedTotals(db: ServerDb, scope: KpiScope, groupBy: KpiGroupBy | null): Promise<Map<string, number> | null> {
  if (groupBy === 'strategyVariant' || groupBy === 'scriptVariant') return null;
  const { fromDate, toDate } = periodDates(scope);
  const where: Expression<SqlBool>[] = [sql<SqlBool>`pm.paid_on >= ${fromDate}`, sql<SqlBool>`pm.paid_on <= ${toDate}`];
  if (scope.teamId !== null) where.push(sql<SqlBool>`asg.team_id = ${scope.teamId}`);
  if (scope.agentId !== null) where.push(sql<SqlBool>`asg.user_id = ${scope.agentId}`);
  if (scope.portfolios.length) where.push(sql<SqlBool>`a.creditor IN (${sql.join(scope.portfolios)})`);
  const key = groupBy === 'day' ? sql`pm.paid_on` : groupBy === 'agent' ? sql`coalesce(asg.user_id, '')` : sql`''`;
  const r = await sql<Record<string, unknown>>`
    SELECT ${key} AS key, coalesce(sum(pm.amount_cents), 0) AS collected
    FROM payments pm
      JOIN accounts a ON a.id = pm.account_id
      JOIN assignments asg ON asg.account_id = pm.account_id
    WHERE ${and(where)}
    GROUP BY 1`.execute(db);
  return new Map(r.rows.map((row) => [String(row.key), n(row.collected)]));
}

/** The period's first and last office-local dates. */
export function periodDates(scope: Pick<KpiScope, 'fromMs' | 'toMs' | 'timeZone'>): { fromDate: string; toDate: string } {
  return { fromDate: todayIn(scope.timeZone, scope.fromMs), toDate: todayIn(scope.timeZone, Math.max(scope.fromMs, scope.toMs - 1)) };
}

/** The whole KPI answer: totals for the scope and, when asked, one group per day, agent or variant. */
export async function kpiReport(db: ServerDb, scope: KpiScope, groupBy: KpiGroupBy | null, labels: (key: string) => Promise<Map<string, string>>): Promise<KpiReport> {
  const merge = (key: string, a: Map<string, Partial>, s: Map<string, StateTime>, c: Map<string, number> | null): KpiTotals => ({
    ...emptyTotals(),
    ...a.get(key),
    ...s.get(key),
    collectedCents: c === null ? null : (c.get(key) ?? 0),
  });
  const variants = groupBy === 'strategyVariant' || groupBy === 'scriptVariant';
  // Every grouping partitions the attempts (and, by day or agent, the state time and payments), so the period's
  // totals are the groups added up: one pass over the period, not two. Variants own no time or money: those
  // totals are asked for on their own.
  const [ga, gs, gc] = await Promise.all([
    attemptTotals(db, scope, groupBy),
    stateTotals(db, scope, variants ? null : groupBy),
    collectedTotals(db, scope, variants ? null : groupBy),
  ]);
  const sum = <T,>(m: Map<string, T>): T[] => [...m.values()];
  const totals: KpiTotals = {
    ...addTotals([...sum(ga).map((a) => ({ ...emptyTotals(), ...a })), ...sum(gs).map((x) => ({ ...emptyTotals(), ...x }))]),
    collectedCents: gc === null ? null : sum(gc).reduce((a, b) => a + b, 0),
  };
  let groups: KpiReport['groups'] = [];
  if (groupBy) {
    const groupStates = variants ? new Map<string, StateTime>() : gs;
    const groupCollected = variants ? null : gc;
    let keys = [...new Set([...ga.keys(), ...groupStates.keys(), ...(groupCollected?.keys() ?? [])])];
    if (groupBy === 'day') {
      // Every day of the period, so a chart shows the quiet days as zero rather than skipping them.
      const { fromDate, toDate } = periodDates(scope);
      keys = [];
      for (let d = fromDate; d <= toDate && keys.length < 400; d = addDays(d, 1)) keys.push(d);
    }
    const names = groupBy === 'agent' ? await labels('agent') : new Map<string, string>();
    groups = keys
      .map((key) => {
        const t = merge(key, ga, groupStates, groupCollected);
        return { key, label: names.get(key) ?? key, totals: t, kpis: computeKpis(t) };
      })
      .sort((x, y) => (groupBy === 'day' ? x.key.localeCompare(y.key) : y.totals.attempts - x.totals.attempts || x.key.localeCompare(y.key)));
  }
  const { fromDate, toDate } = periodDates(scope);
  return {
    from: fromDate,
    to: toDate,
    timeZone: scope.timeZone,
    groupBy,
    totals,
    kpis: computeKpis(totals),
    groups,
    comparisons: variants ? compareVariants(groups) : [],
  };
}

/** Today in the office, as a scope's period. */
export function todayPeriod(timeZone: string, now: number): { fromMs: number; toMs: number; today: string } {
  const today = todayIn(timeZone, now);
  return { fromMs: startOfDayIn(today, timeZone), toMs: startOfDayIn(addDays(today, 1), timeZone), today };
}


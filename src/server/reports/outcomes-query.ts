// The call-outcome report over the server's contact_attempts, read in keyset pages on (started_at, id) so an
// export of millions of rows never holds more than one page, and no long transaction blocks the (single
// connection) PGlite engine. Who may see what: an admin every team; a supervisor the attempts of their own
// team's agents (a team's outcomes are the ones its agents logged); agents get no report at all.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Disposition } from '../../shared/model';
import pg from 'pg';
import { engineOf, type ServerDb } from '../db/database';
import type { ResolvedFilters } from './filters';

/** Who asks. The CLI runs as an operator with the database in hand: it acts as an admin. */
export interface ReportViewer {
  role: 'supervisor' | 'admin';
  teamId: string | null;
  /** Whole CPF/CNPJ in the file; otherwise only the last digits (see `mayReadDocuments`). */
  fullDocuments: boolean;
}

/** Only an admin reads whole customer documents in reports; supervisors get them masked (LGPD minimisation). */
export function mayReadDocuments(role: string): boolean {
  return role === 'admin';
}

/** One attempt as the database gives it: raw columns, formatted later by each writer. */
export interface OutcomeRecord {
  id: string;
  started_at: number;
  ended_at: number | null;
  number: string | null;
  disposition: Disposition;
  notes: string;
  script_id: string | null;
  script_version: number | null;
  script_variant: string | null;
  strategy_variant: string | null;
  agent_name: string;
  customer_name: string;
  document_kind: string;
  document: string;
  account_number: string;
  creditor: string;
  promise_due_date: string | null;
  promise_amount_cents: number | null;
  promise_currency: string | null;
}

/** The WHERE clause both the count and the pages use: filters and the viewer's scope. */
function conditions(filters: ResolvedFilters, viewer: ReportViewer): RawBuilder<SqlBool> {
  const parts: Expression<SqlBool>[] = [sql<SqlBool>`ca.received_at <= ${filters.asOf}`];
  if (viewer.role === 'supervisor') parts.push(viewer.teamId === null ? sql<SqlBool>`false` : sql<SqlBool>`u.team_id = ${viewer.teamId}`);
  if (filters.fromMs !== null) parts.push(sql<SqlBool>`ca.started_at >= ${filters.fromMs}`);
  if (filters.toMs !== null) parts.push(sql<SqlBool>`ca.started_at < ${filters.toMs}`);
  if (filters.teamId !== null) parts.push(sql<SqlBool>`u.team_id = ${filters.teamId}`);
  if (filters.agentId !== null) parts.push(sql<SqlBool>`ca.agent_id = ${filters.agentId}`);
  if (filters.dispositions.length > 0) parts.push(sql<SqlBool>`ca.disposition IN (${sql.join(filters.dispositions)})`);
  if (filters.portfolios.length > 0) parts.push(sql<SqlBool>`a.creditor IN (${sql.join(filters.portfolios)})`);
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

const FROM = sql`contact_attempts ca
  JOIN users u ON u.id = ca.agent_id
  JOIN accounts a ON a.id = ca.account_id
  JOIN customers c ON c.id = ca.customer_id`;

// The attempt's promise, if any: the latest one not cancelled (one row per attempt, always; a cancelled promise
// is no promise, so the rows add up to the PDF's promise totals).
const SELECT = sql`SELECT ca.id, ca.started_at, ca.ended_at, ca.number, ca.disposition, ca.notes,
  ca.script_id, ca.script_version, ca.script_variant, ca.strategy_variant,
  u.display_name AS agent_name, c.name AS customer_name, c.document_kind, c.document,
  a.account_number, a.creditor,
  p.due_date AS promise_due_date, p.amount_cents AS promise_amount_cents, p.currency AS promise_currency
FROM ${FROM}
  LEFT JOIN LATERAL (
    SELECT pr.due_date, pr.amount_cents, pr.currency FROM promises pr
    WHERE pr.attempt_id = ca.id AND pr.status <> 'cancelled'
    ORDER BY pr.created_at DESC
    LIMIT 1
  ) p ON true`;

/** Rows the export will write (same conditions, same snapshot bound `asOf`). */
export async function countOutcomes(db: ServerDb, filters: ResolvedFilters, viewer: ReportViewer): Promise<number> {
  const r = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${FROM} WHERE ${conditions(filters, viewer)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** The whole report as one ordered statement (what the bench hands to `psql \copy`). */
export function outcomesStatement(filters: ResolvedFilters, viewer: ReportViewer): RawBuilder<OutcomeRecord> {
  return sql<OutcomeRecord>`${SELECT} WHERE ${conditions(filters, viewer)} ORDER BY ca.started_at, ca.id`;
}

export const DEFAULT_PAGE_SIZE = 2_000;

/**
 * The report in (started_at, id) order, a page at a time. On PostgreSQL: a server-side cursor in a read-only
 * transaction of its own connection (one plan for the whole export, as `psql \copy` gets). On PGlite, whose
 * one connection a long transaction would take from every other request: keyset pages on (started_at, id).
 * Either way the next page is already asked for while the caller formats this one, and at most two pages are
 * in memory.
 */
export function outcomePages(
  db: ServerDb,
  filters: ResolvedFilters,
  viewer: ReportViewer,
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncGenerator<OutcomeRecord[]> {
  const engine = engineOf(db);
  return engine.kind === 'postgres' ? cursorPages(db, engine.url, filters, viewer, pageSize) : keysetPages(db, filters, viewer, pageSize);
}

async function* keysetPages(db: ServerDb, filters: ResolvedFilters, viewer: ReportViewer, pageSize: number): AsyncGenerator<OutcomeRecord[]> {
  const where = conditions(filters, viewer);
  const page = async (after: OutcomeRecord | null): Promise<OutcomeRecord[]> => {
    const keyset = after ? sql<SqlBool>` AND (ca.started_at, ca.id) > (${after.started_at}, ${after.id})` : sql<SqlBool>``;
    const r = await sql<OutcomeRecord>`${SELECT} WHERE ${where}${keyset} ORDER BY ca.started_at, ca.id LIMIT ${pageSize}`.execute(db);
    return r.rows.map(normalise);
  };
  let pending: Promise<OutcomeRecord[]> | null = page(null);
  try {
    while (pending) {
      const rows: OutcomeRecord[] = await pending;
      pending = rows.length === pageSize ? page(rows[rows.length - 1]!) : null;
      if (rows.length > 0) yield rows;
    }
  } finally {
    // A reader that stopped early leaves a page in flight: let it settle quietly.
    pending?.catch(() => {});
  }
}

const INT8_OID = 20;

async function* cursorPages(db: ServerDb, url: string, filters: ResolvedFilters, viewer: ReportViewer, pageSize: number): AsyncGenerator<OutcomeRecord[]> {
  const compiled = outcomesStatement(filters, viewer).compile(db);
  // Its own connection: the pool's stay free for other requests however long the reader takes.
  const client = new pg.Client({
    connectionString: url,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  client.on('error', () => {}); // a dropped connection fails the pending query, which the reader sees
  await client.connect();
  let pending: Promise<OutcomeRecord[]> | null = null;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Every row will be read: plan for the whole result, as the plain query would be, not for the first 10%.
    await client.query('SET LOCAL cursor_tuple_fraction = 1');
    await client.query(`DECLARE report_outcomes NO SCROLL CURSOR FOR ${compiled.sql}`, [...compiled.parameters]);
    const fetch = async () => (await client.query<OutcomeRecord>(`FETCH ${pageSize} FROM report_outcomes`)).rows;
    pending = fetch();
    while (pending) {
      const rows: OutcomeRecord[] = await pending;
      pending = rows.length === pageSize ? fetch() : null;
      if (rows.length > 0) yield rows;
    }
    await client.query('COMMIT');
  } finally {
    pending?.catch(() => {});
    await client.end().catch(() => {});
  }
}

// PGlite reads bigint as numbers, pg (as opened by openDatabase) too; raw sql keeps that, but be sure.
function normalise(row: OutcomeRecord): OutcomeRecord {
  if (typeof row.started_at !== 'number') row.started_at = Number(row.started_at);
  if (row.ended_at !== null && typeof row.ended_at !== 'number') row.ended_at = Number(row.ended_at);
  if (row.promise_amount_cents !== null && typeof row.promise_amount_cents !== 'number') row.promise_amount_cents = Number(row.promise_amount_cents);
  return row;
}

export interface OutcomeSummary {
  rows: number;
  byDisposition: { disposition: Disposition; attempts: number }[];
  byAgent: { agent: string; attempts: number; promises: number; promiseAmountCents: number }[];
  promises: { currency: string; count: number; amountCents: number }[];
}

/** The PDF's totals, computed by the database (never by reading the rows). */
export async function summariseOutcomes(db: ServerDb, filters: ResolvedFilters, viewer: ReportViewer): Promise<OutcomeSummary> {
  const where = conditions(filters, viewer);
  const promise = sql`LEFT JOIN LATERAL (
    SELECT pr.amount_cents, pr.currency FROM promises pr WHERE pr.attempt_id = ca.id AND pr.status <> 'cancelled'
    ORDER BY pr.created_at DESC LIMIT 1) p ON true`;
  const [byDisposition, byAgent, promises] = await Promise.all([
    sql<{ disposition: Disposition; n: number | string }>`SELECT ca.disposition, count(*) AS n FROM ${FROM}
      WHERE ${where} GROUP BY ca.disposition ORDER BY n DESC, ca.disposition`.execute(db),
    sql<{ agent: string; n: number | string; promises: number | string; amount: number | string | null }>`
      SELECT u.display_name AS agent, count(*) AS n, count(p.amount_cents) AS promises, coalesce(sum(p.amount_cents), 0) AS amount
      FROM ${FROM} ${promise} WHERE ${where} GROUP BY u.id, u.display_name ORDER BY n DESC, u.display_name`.execute(db),
    sql<{ currency: string; n: number | string; amount: number | string }>`
      SELECT p.currency, count(*) AS n, sum(p.amount_cents) AS amount
      FROM ${FROM} ${promise} WHERE ${where} AND p.amount_cents IS NOT NULL GROUP BY p.currency ORDER BY p.currency`.execute(db),
  ]);
  const dispositions = byDisposition.rows.map((r) => ({ disposition: r.disposition, attempts: Number(r.n) }));
  return {
    rows: dispositions.reduce((s, d) => s + d.attempts, 0),
    byDisposition: dispositions,
    byAgent: byAgent.rows.map((r) => ({ agent: r.agent, attempts: Number(r.n), promises: Number(r.promises), promiseAmountCents: Number(r.amount ?? 0) })),
    promises: promises.rows.map((r) => ({ currency: r.currency, count: Number(r.n), amountCents: Number(r.amount) })),
  };
}

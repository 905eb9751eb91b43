// Opens the server's database — PGlite in-process (the default: nothing to install) or PostgreSQL over `pg` —
// as one Kysely type, and brings its schema up to date before anything else touches it.
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type ColumnType, type Generated, type RawBuilder } from 'kysely';
import pg from 'pg';
import { pgliteDialect } from './pglite-dialect';
import { checksum, migrations as knownMigrations, type Migration } from './migrations';

/** Postgres bigint: numbers once read (see `openDatabase`), numbers or strings when written. */
type Int8 = ColumnType<number, number | string, number | string>;
type Int8Generated = ColumnType<number, never, never>;
/** jsonb: written through `jsonb()` so both drivers send the same text. */
type Jsonb<T> = ColumnType<T, RawBuilder<T>, RawBuilder<T>>;

/** An agent's state as the supervisor console shows it (agent_states, migration 9). */
export type AgentPresence = 'available' | 'on_call' | 'wrap_up' | 'paused' | 'offline';

export interface ServerDatabase {
  schema_migrations: { id: number; name: string; checksum: string; applied_at: Int8 };
  teams: { id: string; name: string; created_at: Int8 };
  users: {
    id: string;
    username: string;
    display_name: string;
    password_hash: string;
    role: 'agent' | 'supervisor' | 'admin';
    team_id: string | null;
    disabled: Generated<boolean>;
    created_at: Int8;
  };
  sessions: {
    token_hash: string;
    user_id: string;
    expires_at: Int8;
    revoked_at: Int8 | null;
    created_at: Int8;
    address: string | null;
  };
  login_attempts: { id: Int8Generated; username: string; address: string; succeeded: boolean; at: Int8 };
  customers: {
    id: string;
    name: string;
    document_kind: string;
    document: string;
    phones: Jsonb<unknown>;
    emails: Jsonb<unknown>;
    address: Jsonb<unknown> | null;
    time_zone: string;
    language: string;
    flags: Jsonb<unknown>;
    version: Int8;
    updated_at: Int8;
  };
  accounts: {
    id: string;
    customer_id: string;
    creditor: string;
    product: string;
    account_number: string;
    currency: string;
    original_balance_cents: Int8;
    current_balance_cents: Int8;
    due_date: string;
    status: string;
    boleto_line: string | null;
    pix_key: string | null;
    version: Int8;
    updated_at: Int8;
  };
  assignments: {
    account_id: string;
    team_id: string;
    user_id: string | null;
    version: Int8;
    assigned_at: Int8;
    assigned_by: string | null;
  };
  events: {
    id: string;
    device_id: string;
    seq: Int8;
    user_id: string;
    type: string;
    account_id: string | null;
    payload: Jsonb<unknown>;
    created_at: Int8;
    received_at: Int8;
    status: 'accepted' | 'rejected';
    reject_reason: string | null;
  };
  contact_attempts: {
    id: string;
    event_id: string;
    account_id: string;
    customer_id: string;
    channel: string;
    direction: string;
    number: string | null;
    started_at: Int8;
    answered_at: Int8 | null;
    ended_at: Int8 | null;
    sip_status: number | null;
    disposition: string;
    agent_id: string;
    script_id: string | null;
    script_version: number | null;
    script_variant: string | null;
    strategy_variant: string | null;
    notes: string;
    device_id: string;
    received_at: Int8;
  };
  promises: {
    id: string;
    event_id: string;
    account_id: string;
    attempt_id: string | null;
    amount_cents: Int8;
    currency: string;
    due_date: string;
    installments: Jsonb<unknown>;
    status: string;
    created_at: Int8;
    resolved_at: Int8 | null;
    user_id: string;
    version: Generated<number>;
  };
  callbacks: {
    id: string;
    event_id: string;
    account_id: string;
    attempt_id: string | null;
    due_at: Int8;
    status: string;
    created_at: Int8;
    resolved_at: Int8 | null;
    user_id: string;
    version: Generated<number>;
  };
  changes: {
    seq: Int8Generated;
    entity: string;
    entity_id: string;
    version: Int8;
    account_id: string | null;
    team_id: string | null;
    user_id: string | null;
    txid: ColumnType<string, never, never>;
    changed_at: Int8;
  };
  payments: {
    id: string;
    external_id: string;
    account_id: string;
    amount_cents: Int8;
    currency: string;
    paid_on: string;
    received_at: Int8;
    source: string;
  };
  device_revocations: { device_id: string; revoked_at: Int8; revoked_by: string | null; reason: string };
  agent_states: {
    user_id: string;
    state: AgentPresence;
    reason: string | null;
    since: Int8;
    call_started_at: Int8 | null;
    client_at: Int8;
    last_seen_at: Int8;
  };
  agent_state_history: { id: Int8Generated; user_id: string; state: AgentPresence; reason: string | null; at: Int8; client_at: Int8 | null };
  outbound_messages: {
    id: string;
    account_id: string;
    customer_id: string;
    user_id: string;
    channel: string;
    recipient: string;
    subject: string | null;
    body: string;
    provider: string;
    status: string;
    provider_message_id: string | null;
    error: string | null;
    created_at: Int8;
    sent_at: Int8 | null;
  };
  conflicts: {
    id: Int8Generated;
    entity: string;
    entity_id: string;
    base_version: Int8;
    current_version: Int8;
    proposed: Jsonb<unknown>;
    event_id: string;
    user_id: string;
    device_id: string;
    created_at: Int8;
  };
  audit: {
    id: Int8Generated;
    at: Int8;
    actor_user_id: string | null;
    action: string;
    subject: string | null;
    detail: Jsonb<unknown>;
    address: string | null;
  };
}

export type ServerDb = Kysely<ServerDatabase>;

export type DatabaseTarget = { kind: 'pglite'; dataDir?: string } | { kind: 'postgres'; url: string };

export type DatabaseOpenFailure = 'newer_version' | 'unknown_migration' | 'migration_changed' | 'not_quita';

export class DatabaseOpenError extends Error {
  constructor(
    readonly code: DatabaseOpenFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

/** A jsonb value. Sent as text and cast by the server, because pg and PGlite serialise JS values differently. */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)}::text as jsonb)`;
}

const INT8_OID = 20;

/** What the live-poke listener needs beyond Kysely: the engine, and PGlite's client or PostgreSQL's URL. */
export type EngineHandle = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; url: string };
const engines = new WeakMap<ServerDb, EngineHandle>();

export function engineOf(db: ServerDb): EngineHandle {
  const handle = engines.get(db);
  if (!handle) throw new Error('not a database opened by openDatabase');
  return handle;
}

/** Opens the database and runs pending migrations; throws `DatabaseOpenError` on a database it must not touch. */
export async function openDatabase(target: DatabaseTarget, known: readonly Migration[] = knownMigrations): Promise<ServerDb> {
  let db: ServerDb;
  if (target.kind === 'pglite') {
    const client = await PGlite.create(target.dataDir ? { dataDir: target.dataDir } : {});
    db = new Kysely<ServerDatabase>({ dialect: pgliteDialect(client) });
    engines.set(db, { kind: 'pglite', client });
  } else {
    // PGlite reads bigint as a number and pg as a string; read both as numbers (every bigint here is an
    // epoch-ms instant, a count, a version or money in cents: all far below 2^53).
    const types = {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    };
    const pool = new pg.Pool({ connectionString: target.url, types, max: 10 });
    // An idle pooled connection that PostgreSQL ends (restart, failover, admin termination) emits 'error' on the
    // pool; unhandled, that would crash the server. The pool drops the client and opens a new one when needed.
    pool.on('error', (error) => {
      if (process.env.QUITA_LOG_POOL_ERRORS) console.warn(`PostgreSQL pool: idle connection lost (${error.message})`);
    });
    db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
    engines.set(db, { kind: 'postgres', url: target.url });
  }
  try {
    await runMigrations(db, known);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/**
 * Checks every applied migration against `known` and applies the missing ones, all in one transaction under
 * an advisory lock, so several server instances starting together on one PostgreSQL migrate once.
 */
export async function runMigrations(db: ServerDb, known: readonly Migration[] = knownMigrations): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(7260001)`.execute(trx);
    const has = await sql<{ present: boolean }>`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`.execute(trx);
    if (!has.rows[0]?.present) {
      const other = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema()`.execute(trx);
      if ((other.rows[0]?.n ?? 0) > 0) {
        throw new DatabaseOpenError('not_quita', 'This database already holds tables that are not Quita\'s. Nothing was changed.');
      }
      await sql`CREATE TABLE schema_migrations (
        id integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at bigint NOT NULL)`.execute(trx);
    }
    const applied = await trx.selectFrom('schema_migrations').select(['id', 'name', 'checksum']).orderBy('id').execute();
    const latest = Math.max(0, ...known.map((m) => m.id));
    for (const row of applied) {
      const mine = known.find((m) => m.id === row.id);
      if (!mine) {
        if (row.id > latest) {
          throw new DatabaseOpenError(
            'newer_version',
            `The database was migrated by a newer Quita server (schema ${row.id}, this server knows up to ${latest}). ` +
              'Update the server; the database was not changed.',
          );
        }
        throw new DatabaseOpenError('unknown_migration', `The database has an unknown migration ${row.id}. Nothing was changed.`);
      }
      if (checksum(mine) !== row.checksum) {
        throw new DatabaseOpenError(
          'migration_changed',
          `Migration ${row.id} (${row.name}) in the database differs from this server's. Nothing was changed.`,
        );
      }
    }
    const done = new Set(applied.map((r) => r.id));
    const ran: number[] = [];
    for (const migration of [...known].sort((a, b) => a.id - b.id)) {
      if (done.has(migration.id)) continue;
      // One statement per query: PGlite's extended protocol refuses several in one.
      for (const statement of splitStatements(migration.sql)) await sql.raw(statement).execute(trx);
      await trx
        .insertInto('schema_migrations')
        .values({ id: migration.id, name: migration.name, checksum: checksum(migration), applied_at: Date.now() })
        .execute();
      ran.push(migration.id);
    }
    return ran;
  });
}

/** Splits migration SQL on top-level semicolons, leaving quoted strings, $tag$ bodies and -- comments intact. */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      current += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    const tag = ch === '$' ? /^\$[A-Za-z_]*\$/.exec(text.slice(i))?.[0] : undefined;
    if (tag) {
      const end = text.indexOf(tag, i + tag.length);
      current += text.slice(i, end + tag.length);
      i = end + tag.length;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
    i += 1;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

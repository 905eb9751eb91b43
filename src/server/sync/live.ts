// Live pokes: each connected client gets `{ type: 'changed', seq }` when the feed advances in its scope, so it
// pulls at once instead of polling. Instances share nothing but the database: every write transaction queues
// `pg_notify('quita_changes', '<seq>')` (delivered only at commit, see feed.ts) and every instance LISTENs on a
// dedicated connection, so a push landing on instance B reaches a client connected to instance A.
// A poke is a hint, never data: a missed one costs only latency (clients also pull on connect and on a timer).
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import type { LivePoke, SessionUser } from '../../shared/sync';
import { mayAccessAccount } from '../auth/scope';
import { engineOf, type ServerDb } from '../db/database';
import { CHANGES_CHANNEL } from './feed';

export interface LiveSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

interface Client {
  user: SessionUser;
  socket: LiveSocket;
}

interface ScopedRow {
  entity: string;
  row_team: string | null;
  row_user: string | null;
  team_id: string | null;
  user_id: string | null;
}

/** Whether one change row (with the account's current assignment joined) concerns this user; errs towards yes. */
export function pokeConcerns(user: SessionUser, row: ScopedRow): boolean {
  if (row.entity === 'conflict') return row.row_user === user.id;
  if (row.entity === 'access_revoked') {
    return mayAccessAccount(user, row.row_team === null ? null : { team_id: row.row_team, user_id: row.row_user });
  }
  if (user.role === 'admin') return true;
  return mayAccessAccount(user, row.team_id === null ? null : { team_id: row.team_id, user_id: row.user_id });
}

export class LiveHub {
  private readonly clients = new Set<Client>();
  private stopListening: (() => Promise<void>) | null = null;
  /** Work is chained so notifications are handled one at a time, in arrival order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: ServerDb,
    private readonly log: (error: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    const onSeq = (payload: string | undefined) => {
      const seq = Number(payload);
      if (!Number.isSafeInteger(seq) || seq <= 0) return;
      this.chain = this.chain.then(() => this.fanOut(seq)).catch(this.log);
    };
    const engine = engineOf(this.db);
    if (engine.kind === 'pglite') {
      // PGlite is one in-process connection: its own LISTEN sees NOTIFYs sent by queries on that connection.
      const client: PGlite = engine.client;
      const unlisten = await client.listen(CHANGES_CHANNEL, onSeq);
      this.stopListening = unlisten;
    } else {
      this.stopListening = await listenOnPostgres(engine.url, onSeq, this.log);
    }
  }

  get size(): number {
    return this.clients.size;
  }

  /** Adds a client and pokes it once with the feed's head, so a client that reconnects pulls what it missed. */
  async add(user: SessionUser, socket: LiveSocket): Promise<() => void> {
    const client = { user, socket };
    this.clients.add(client);
    const head = await this.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    send(socket, { type: 'changed', seq: Number(head?.seq ?? 0) });
    return () => this.clients.delete(client);
  }

  /** Pokes the clients concerned by the transaction that wrote `seq` (all its rows share one txid). */
  private async fanOut(seq: number): Promise<void> {
    if (this.clients.size === 0) return;
    const rows = await sql<ScopedRow>`
      SELECT c.entity, c.team_id AS row_team, c.user_id AS row_user, asg.team_id, asg.user_id
      FROM changes c
      LEFT JOIN accounts a ON c.entity = 'customer' AND a.customer_id = c.entity_id
      LEFT JOIN assignments asg ON asg.account_id = COALESCE(c.account_id, a.id)
      WHERE c.txid = (SELECT txid FROM changes WHERE seq = ${seq})`.execute(this.db);
    for (const client of this.clients) {
      if (rows.rows.some((r) => pokeConcerns(client.user, r))) send(client.socket, { type: 'changed', seq });
    }
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.socket.close(1001, 'server stopping');
    this.clients.clear();
    await this.stopListening?.();
    this.stopListening = null;
    await this.chain;
  }
}

function send(socket: LiveSocket, poke: LivePoke): void {
  try {
    socket.send(JSON.stringify(poke));
  } catch {
    // A socket closing under us: its close handler removes it.
  }
}

/** LISTEN on a connection of its own (a pooled one would be handed back and lose it); reconnects if it drops. */
async function listenOnPostgres(url: string, onSeq: (payload: string | undefined) => void, log: (e: unknown) => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => {
      if (msg.channel === CHANGES_CHANNEL) onSeq(msg.payload);
    });
    c.on('error', (error) => {
      log(error);
      if (stopped) return;
      client = null;
      void c.end().catch(() => {});
      retry = setTimeout(() => void connect().catch(log), 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end();
  };
}

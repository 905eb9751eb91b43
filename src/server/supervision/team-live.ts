// Live pokes for supervisor consoles (GET /v1/team/live): `{ type: 'team', teamId }` when something on a team's
// board changed — an agent's state (TEAM_CHANNEL, notified by agent-state.ts at commit) or an outcome or promise
// pushed by one of its agents (the sync feed's channel: the transaction's attempts and promises name the agents).
// Like the sync pokes, every instance LISTENs, so a desk on instance B reaches a console on instance A; a poke
// is a hint to refetch, never data.
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import type { TeamPoke } from '../../shared/domain/kpi/console-schema';
import type { SessionUser } from '../../shared/sync';
import { engineOf, type ServerDb } from '../db/database';
import type { LiveSocket } from '../sync/live';
import { CHANGES_CHANNEL } from '../sync/feed';
import { TEAM_CHANNEL } from './agent-state';

interface Viewer {
  user: SessionUser;
  socket: LiveSocket;
}

/** Whether a poke for `teamId` concerns this viewer: a supervisor's own team, everything for an admin. */
export function teamPokeConcerns(user: SessionUser, teamId: string | null): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'supervisor' && teamId !== null && user.teamId === teamId;
}

export class TeamHub {
  private readonly viewers = new Set<Viewer>();
  private stop: (() => Promise<void>) | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: ServerDb,
    private readonly log: (error: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    const onTeam = (payload: string | undefined) => this.enqueue(async () => this.poke(payload ? payload : null));
    const onChange = (payload: string | undefined) => {
      const seq = Number(payload);
      if (!Number.isSafeInteger(seq) || seq <= 0) return;
      this.enqueue(async () => {
        if (this.viewers.size === 0) return;
        for (const teamId of await this.teamsOfChange(seq)) this.poke(teamId);
      });
    };
    const engine = engineOf(this.db);
    if (engine.kind === 'pglite') {
      const client: PGlite = engine.client;
      const offTeam = await client.listen(TEAM_CHANNEL, onTeam);
      const offChange = await client.listen(CHANGES_CHANNEL, onChange);
      this.stop = async () => {
        await offTeam();
        await offChange();
      };
    } else {
      this.stop = await listen(engine.url, { [TEAM_CHANNEL]: onTeam, [CHANGES_CHANNEL]: onChange }, this.log);
    }
  }

  add(user: SessionUser, socket: LiveSocket): () => void {
    const viewer = { user, socket };
    this.viewers.add(viewer);
    return () => this.viewers.delete(viewer);
  }

  get size(): number {
    return this.viewers.size;
  }

  async close(): Promise<void> {
    for (const v of this.viewers) v.socket.close(1001, 'server stopping');
    this.viewers.clear();
    await this.stop?.();
    this.stop = null;
    await this.chain;
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch(this.log);
  }

  private poke(teamId: string | null): void {
    const message: TeamPoke = { type: 'team', teamId };
    for (const v of this.viewers) {
      if (!teamPokeConcerns(v.user, teamId)) continue;
      try {
        v.socket.send(JSON.stringify(message));
      } catch {
        // A closing socket: its close handler removes it.
      }
    }
  }

  /** Teams whose agents logged attempts or promises in the transaction that wrote `seq`. */
  private async teamsOfChange(seq: number): Promise<string[]> {
    const r = await sql<{ team_id: string | null }>`
      SELECT DISTINCT u.team_id FROM changes c
        LEFT JOIN contact_attempts ca ON c.entity = 'contact_attempt' AND ca.id = c.entity_id
        LEFT JOIN promises p ON c.entity = 'promise' AND p.id = c.entity_id
        JOIN users u ON u.id = coalesce(ca.agent_id, p.user_id)
      WHERE c.txid = (SELECT txid FROM changes WHERE seq = ${seq}) AND c.entity IN ('contact_attempt', 'promise')`.execute(this.db);
    return r.rows.map((row) => row.team_id).filter((t): t is string => t !== null);
  }
}

/** LISTEN on a connection of its own (a pooled one would be handed back and lose it); reconnects if it drops. */
async function listen(url: string, handlers: Record<string, (payload: string | undefined) => void>, log: (e: unknown) => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (msg) => handlers[msg.channel]?.(msg.payload));
    c.on('error', (error) => {
      log(error);
      if (stopped) return;
      client = null;
      void c.end().catch(() => {});
      retry = setTimeout(() => void connect().catch(log), 1000);
    });
    await c.connect();
    for (const channel of Object.keys(handlers)) await c.query(`LISTEN ${channel}`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end();
  };
}

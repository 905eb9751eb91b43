// Sync figures (issue 7 "Figures"), on a fresh PostgreSQL database per run (dropped after) and on PGlite:
//   ingest      50 concurrent simulated devices pushing batches of 50 valid contact.logged events: events/s
//   initialSync 50,000 accounts with their history into an EMPTY client store through the real client pull,
//               against a raw better-sqlite3 bulk insert of the same rows into a fresh encrypted file
//   roundTrip   200 simulated agents each pushing one outcome every 10 s: push round trip p50 / p99
// The load generators run in this process next to the server, so the server has fewer cores than it would alone.
// For the initial sync the server runs on a thread of its own (a client never shares its thread with the server
// it syncs from; sharing one would add the server's page building to the client's time instead of overlapping it).
import Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { v7 as uuidv7 } from 'uuid';
import type { Account, ContactAttempt } from '../src/shared/model';
import { generatePortfolio } from '../src/shared/demo/portfolio';
import { todayIn } from '../src/shared/domain/dates';
import type { PushRequest } from '../src/shared/sync';
import { fileStandInCipher } from '../src/main/services/key-vault';
import { openDatabase as openClientDatabase } from '../src/main/services/store/database';
import { Store } from '../src/main/services/store/repositories';
import { SyncSessionStore } from '../src/main/services/sync/session-store';
import { SyncClient } from '../src/main/services/sync/sync-client';
import { assignAccounts, createTeam, createUser, upsertPortfolio } from '../src/server/admin';
import { jsonb, openDatabase, type ServerDb } from '../src/server/db/database';
import { scratchDatabase, startTestServer, type Engine, type TestServer } from '../src/server/test-support';
import { nowMs, quantile, round } from './stats';

const PASSWORD = 'senha do benchmark';
const TZ = 'America/Sao_Paulo';

export interface SyncBenchOptions {
  engines: Engine[];
  /** Which figures to measure (all by default); `SYNC_BENCH_PARTS=initialSync` measures one alone. */
  parts?: Array<'ingest' | 'roundTrip' | 'initialSync'>;
  ingest: { devices: number; batch: number; seconds: number };
  initialSync: { accounts: number };
  roundTrip: { agents: number; periodMs: number; seconds: number };
}

const envList = (name: string): string[] | undefined => process.env[name]?.split(',').filter(Boolean);

export const defaultSyncBench: SyncBenchOptions = {
  engines: (envList('SYNC_BENCH_ENGINES') as Engine[] | undefined) ?? ['postgres', 'pglite'],
  ...(envList('SYNC_BENCH_PARTS') ? { parts: envList('SYNC_BENCH_PARTS') as SyncBenchOptions['parts'] } : {}),
  ingest: { devices: 50, batch: 50, seconds: 10 },
  initialSync: { accounts: Number(process.env.SYNC_BENCH_ACCOUNTS ?? 50_000) },
  roundTrip: { agents: 200, periodMs: 10_000, seconds: 30 },
};

export async function syncBench(options: SyncBenchOptions = defaultSyncBench) {
  const out: Record<string, unknown> = {
    targets: { ingestEventsPerSecond: '>= 2000 (PostgreSQL)', initialSyncSeconds: '<= 15', initialSyncVsRawInsert: '<= 4x', pushRoundTripP99Ms: '< 250' },
  };
  const want = (part: 'ingest' | 'roundTrip' | 'initialSync') => !options.parts || options.parts.includes(part);
  for (const engine of options.engines) {
    out[engine] = {
      ...(want('ingest') ? { ingest: await withServer(engine, (rig) => ingest(rig, options.ingest)) } : {}),
      ...(want('roundTrip') ? { roundTrip: await withServer(engine, (rig) => roundTrip(rig, options.roundTrip)) } : {}),
      ...(want('initialSync') ? { initialSync: await initialSync(engine, options.initialSync.accounts) } : {}),
    };
  }
  return out;
}

interface Rig {
  db: ServerDb;
  server: TestServer;
}

async function withServer<T>(engine: Engine, run: (rig: Rig) => Promise<T>): Promise<T> {
  const scratch = await scratchDatabase(engine);
  const db = await openDatabase(scratch.target);
  const server = await startTestServer({ db });
  try {
    return await run({ db, server });
  } finally {
    await server.close();
    await db.destroy();
    await scratch.drop();
  }
}

/** A team pool of `accounts` demo accounts and `users` agents in that team, each signed in. */
async function pool(rig: Rig, accounts: number, users: number) {
  const actor = { userId: null, now: Date.now() };
  const now = Date.now();
  const portfolio = generatePortfolio({ seed: 31, accounts, today: todayIn(TZ, now), now });
  await createTeam(rig.db, 'bench', actor);
  const agents = await Promise.all(
    Array.from({ length: users }, (_, i) => createUser(rig.db, { username: `agent-${i}`, password: PASSWORD, role: 'agent', team: 'bench' }, actor)),
  );
  await upsertPortfolio(rig.db, portfolio.customers, portfolio.accounts, actor);
  await assignAccounts(rig.db, portfolio.accounts.map((a) => a.id), { team: 'bench' }, actor);
  const tokens: string[] = [];
  for (const agent of agents) {
    const response = await fetch(`${rig.server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: agent.username, password: PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`login ${agent.username}: HTTP ${response.status}`);
    tokens.push(((await response.json()) as { token: string }).token);
  }
  return { accounts: portfolio.accounts, agents, tokens };
}

function contactEvent(account: Account, deviceId: string, seq: number, agentId: string): PushRequest['events'][number] {
  const at = Date.now();
  const payload: ContactAttempt = {
    id: uuidv7(),
    accountId: account.id,
    customerId: account.customerId,
    channel: 'phone',
    direction: 'outbound',
    number: null,
    startedAt: at,
    answeredAt: null,
    endedAt: at,
    sipStatus: null,
    disposition: 'no_answer',
    agentId,
    scriptId: null,
    scriptVersion: null,
    scriptVariant: null,
    strategyVariant: null,
    notes: 'Cliente não atendeu; tentar de novo à tarde',
  };
  return { id: uuidv7(), deviceId, seq, type: 'contact.logged', payload, createdAt: at };
}

async function push(url: string, token: string, body: PushRequest): Promise<void> {
  const response = await fetch(`${url}/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const ack = (await response.json()) as { acknowledged?: string[]; rejected?: unknown[] };
  if (response.status !== 200 || ack.acknowledged?.length !== body.events.length || ack.rejected?.length) {
    throw new Error(`push: HTTP ${response.status} ${JSON.stringify(ack).slice(0, 300)}`);
  }
}

async function ingest(rig: Rig, o: SyncBenchOptions['ingest']) {
  const { accounts, agents, tokens } = await pool(rig, 2_000, 10);
  const deadline = nowMs() + o.seconds * 1000;
  const started = nowMs();
  let events = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: o.devices }, async (_, d) => {
      const deviceId = `bench-device-${d}`;
      const agent = d % agents.length;
      let seq = 0;
      while (nowMs() < deadline) {
        const batch = Array.from({ length: o.batch }, () => contactEvent(accounts[(d * 7919 + seq) % accounts.length]!, deviceId, seq++, agents[agent]!.id));
        const t = nowMs();
        await push(rig.server.url, tokens[agent]!, { deviceId, events: batch });
        latencies.push(nowMs() - t);
        events += batch.length;
      }
    }),
  );
  const seconds = (nowMs() - started) / 1000;
  const stored = await rig.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return {
    devices: o.devices,
    batch: o.batch,
    seconds: round(seconds, 2),
    events,
    stored: Number(stored.n),
    eventsPerSecond: Math.round(events / seconds),
    batchMs: { p50: round(quantile(latencies, 0.5), 1), p99: round(quantile(latencies, 0.99), 1) },
  };
}

async function roundTrip(rig: Rig, o: SyncBenchOptions['roundTrip']) {
  const { accounts, agents, tokens } = await pool(rig, 2_000, 20);
  const latencies: number[] = [];
  const end = nowMs() + o.seconds * 1000;
  await Promise.all(
    Array.from({ length: o.agents }, async (_, i) => {
      const deviceId = `desk-${i}`;
      const who = i % agents.length;
      // Staggered like a floor of agents, not a thundering herd.
      await sleep((o.periodMs * i) / o.agents);
      for (let seq = 0; nowMs() < end; seq++) {
        const next = nowMs() + o.periodMs;
        const t = nowMs();
        await push(rig.server.url, tokens[who]!, { deviceId, events: [contactEvent(accounts[(i * 31 + seq) % accounts.length]!, deviceId, seq, agents[who]!.id)] });
        latencies.push(nowMs() - t);
        await sleep(next - nowMs());
      }
    }),
  );
  return {
    agents: o.agents,
    pushes: latencies.length,
    p50Ms: round(quantile(latencies, 0.5), 1),
    p99Ms: round(quantile(latencies, 0.99), 1),
    maxMs: round(Math.max(...latencies), 1),
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** A demo portfolio with its history in the server's tables, assigned to team "bench" (agent "ana" signs in). */
export async function loadPortfolioWithHistory(db: ServerDb, accountCount: number, now: number) {
  const actor = { userId: null, now };
  const p = generatePortfolio({ seed: 47, accounts: accountCount, today: todayIn(TZ, now), now });
  await createTeam(db, 'bench', actor);
  const agent = await createUser(db, { username: 'ana', password: PASSWORD, role: 'agent', team: 'bench' }, actor);
  await upsertPortfolio(db, p.customers, p.accounts, actor);

  // History as if it had been pushed: attempts and promises come from events (their event_id must exist).
  const attemptEvents = p.attempts.map(() => uuidv7());
  const promiseEvents = p.promises.map(() => uuidv7());
  const eventRows = [
    ...p.attempts.map((a, i) => ({ id: attemptEvents[i]!, type: 'contact.logged', account_id: a.accountId, created_at: a.startedAt })),
    ...p.promises.map((x, i) => ({ id: promiseEvents[i]!, type: 'promise.made', account_id: x.accountId, created_at: x.createdAt })),
  ].map((e, seq) => ({ ...e, device_id: 'import', seq, user_id: agent.id, payload: jsonb({ imported: true }), received_at: now, status: 'accepted' as const, reject_reason: null }));
  await chunked(eventRows, 2000, (rows) => db.insertInto('events').values(rows).execute());
  await chunked(
    p.attempts.map((a, i) => ({
      id: a.id,
      event_id: attemptEvents[i]!,
      account_id: a.accountId,
      customer_id: a.customerId,
      channel: a.channel,
      direction: a.direction,
      number: a.number,
      started_at: a.startedAt,
      answered_at: a.answeredAt,
      ended_at: a.endedAt,
      sip_status: a.sipStatus,
      disposition: a.disposition,
      agent_id: agent.id,
      script_id: a.scriptId,
      script_version: a.scriptVersion,
      script_variant: a.scriptVariant,
      strategy_variant: a.strategyVariant,
      notes: a.notes,
      device_id: 'import',
      received_at: now,
    })),
    2000,
    (rows) => db.insertInto('contact_attempts').values(rows).execute(),
  );
  await chunked(
    p.promises.map((x, i) => ({
      id: x.id,
      event_id: promiseEvents[i]!,
      account_id: x.accountId,
      attempt_id: x.attemptId,
      amount_cents: x.amountCents,
      currency: x.currency,
      due_date: x.dueDate,
      installments: jsonb(x.installments),
      status: x.status,
      created_at: x.createdAt,
      resolved_at: x.resolvedAt,
      user_id: agent.id,
    })),
    2000,
    (rows) => db.insertInto('promises').values(rows).execute(),
  );
  await chunked(
    p.payments.map((x) => ({
      id: x.id,
      external_id: x.id,
      account_id: x.accountId,
      amount_cents: x.amountCents,
      currency: x.currency,
      paid_on: x.paidOn,
      received_at: x.receivedAt,
      source: x.source,
    })),
    2000,
    (rows) => db.insertInto('payments').values(rows).execute(),
  );
  // Assigning announces every account with its history on the feed (feed.ts announceAccounts).
  await assignAccounts(db, p.accounts.map((a) => a.id), { team: 'bench' }, actor);
  return p;
}

interface ServerThreadInput {
  engine: Engine;
  accounts: number;
  now: number;
}

/** The worker side: a server on a fresh database loaded with the portfolio; closes when told. */
async function serveInThread(input: ServerThreadInput): Promise<void> {
  const scratch = await scratchDatabase(input.engine);
  const db = await openDatabase(scratch.target);
  const server = await startTestServer({ db });
  const started = nowMs();
  await loadPortfolioWithHistory(db, input.accounts, input.now);
  parentPort!.postMessage({ url: server.url, loadSeconds: (nowMs() - started) / 1000 });
  parentPort!.once('message', () => {
    void (async () => {
      await server.close();
      await db.destroy();
      await scratch.drop();
      process.exit(0);
    })();
  });
}

if (!isMainThread && (workerData as { syncBenchServer?: ServerThreadInput } | null)?.syncBenchServer) {
  void serveInThread((workerData as { syncBenchServer: ServerThreadInput }).syncBenchServer);
}

/** Loads the portfolio and its history server-side in bulk (on the server's thread), then pulls it into an empty client store. */
async function initialSync(engine: Engine, accountCount: number) {
  const now = Date.now();
  // A worker thread does not inherit tsx's loader: register it there before loading this file.
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { syncBenchServer: { engine, accounts: accountCount, now } satisfies ServerThreadInput } });
  const exited = once(worker, 'exit');
  try {
    const [ready] = (await Promise.race([once(worker, 'message'), exited.then(() => Promise.reject(new Error('the server thread ended')))])) as [
      { url: string; loadSeconds: number },
    ];
    // The same deterministic portfolio the server thread loaded, for the raw insert below.
    const p = generatePortfolio({ seed: 47, accounts: accountCount, today: todayIn(TZ, now), now });
    return await pullInto({ url: ready.url }, p, ready.loadSeconds);
  } finally {
    worker.postMessage('close');
    await exited;
  }
}

async function pullInto(rig: { url: string }, p: ReturnType<typeof generatePortfolio>, loadSeconds: number) {
  const historyRows = p.attempts.length + p.promises.length + p.payments.length;
  // The client: an empty encrypted store, the real SyncClient, its default page size.
  const dir = mkdtempSync(join(tmpdir(), 'quita-sync-bench-'));
  try {
    const key = randomBytes(32).toString('hex');
    let serverSeconds = 0;
    let pages = 0;
    const store = new Store(openClientDatabase({ path: join(dir, 'quita.db'), key }));
    const client = new SyncClient({
      store,
      sessions: new SyncSessionStore(dir, fileStandInCipher(dir)),
      emit: () => {},
      live: false,
      requestTimeoutMs: 300_000,
      // Request durations (request sent to body received). The client asks for the next page before writing the
      // current one, so these overlap the client's writes: their sum is not a share of pullSeconds.
      fetch: async (input, init) => {
        const t = nowMs();
        const response = await fetch(input, init);
        const body = await response.arrayBuffer();
        if (String(input).includes('/v1/sync/pull')) {
          serverSeconds += (nowMs() - t) / 1000;
          pages += 1;
        }
        return new Response(body, { status: response.status, headers: response.headers });
      },
    });
    await client.login(rig.url, 'ana', PASSWORD);
    const t = nowMs();
    const status = await client.syncNow();
    const pullSeconds = (nowMs() - t) / 1000;
    client.stop();
    if (status.problem) throw new Error(`initial sync: ${status.problem} ${status.message}`);
    const count = (table: string) => Number(store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
    const local = { accounts: count('accounts'), customers: count('customers'), contactAttempts: count('contact_attempts'), promises: count('promises'), payments: count('payments') };
    store.close();

    // The floor: the same rows into a fresh encrypted file, one prepared INSERT per table, one transaction.
    const raw = rawBulkInsert(join(dir, 'raw.db'), key, {
      customers: p.customers,
      accounts: p.accounts,
      contact_attempts: p.attempts,
      promises: p.promises,
      payments: p.payments,
    });
    return {
      accounts: p.accounts.length,
      customers: p.customers.length,
      historyRows,
      history: { contactAttempts: p.attempts.length, promises: p.promises.length, payments: p.payments.length },
      serverLoadSeconds: round(loadSeconds, 1),
      pullSeconds: round(pullSeconds, 2),
      pullPages: pages,
      pullRequestsSeconds: round(serverSeconds, 2),
      rawInsertSeconds: round(raw, 2),
      ratioToRawInsert: round(pullSeconds / raw, 2),
      local,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function chunked<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

function rawBulkInsert(path: string, key: string, tables: Record<string, readonly object[]>): number {
  const db = new Database(path);
  db.pragma(`key="x'${key}'"`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const started = nowMs();
  db.transaction(() => {
    for (const [table, rows] of Object.entries(tables)) {
      const columns = Object.keys(rows[0] ?? { id: '' });
      db.exec(`CREATE TABLE ${table} (${columns.map((c) => (c === 'id' ? 'id TEXT PRIMARY KEY' : `"${c}"`)).join(', ')})`);
      const insert = db.prepare(`INSERT INTO ${table} VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of rows) {
        insert.run(
          ...columns.map((c) => {
            const v = (row as Record<string, unknown>)[c];
            return v === undefined ? null : typeof v === 'object' && v !== null ? JSON.stringify(v) : typeof v === 'boolean' ? Number(v) : v;
          }),
        );
      }
    }
  })();
  const seconds = (nowMs() - started) / 1000;
  db.close();
  return seconds;
}

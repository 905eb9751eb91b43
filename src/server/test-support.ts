// Test helpers for the server's suites: a fresh database per run on each engine (in-memory PGlite, or a
// database of its own on the real PostgreSQL, dropped afterwards), a real server on a free port, and a small
// portfolio with two teams. Test-only: nothing in the server imports it.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Account, ContactAttempt, Customer } from '../shared/model';
import { createTeam, createUser, assignAccounts, upsertPortfolio } from './admin';
import { createServer, type ServerOptions } from './app';
import { openDatabase, type ServerDb } from './db/database';

export type Engine = 'pglite' | 'postgres';
export const engines: Engine[] = ['pglite', 'postgres'];

export const adminUrl = process.env.QUITA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  /** The connection target (for postgres, a URL of a database made for this run). */
  target: { kind: 'pglite' } | { kind: 'postgres'; url: string };
  drop(): Promise<void>;
}

/** An empty database: in-memory PGlite, or `quita_test_<random>` on the real PostgreSQL. */
export async function scratchDatabase(engine: Engine): Promise<ScratchDatabase> {
  if (engine === 'pglite') return { target: { kind: 'pglite' }, drop: async () => {} };
  const name = `quita_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface TestDatabase {
  db: ServerDb;
  scratch: ScratchDatabase;
  close(): Promise<void>;
}

export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  const scratch = await scratchDatabase(engine);
  const db = await openDatabase(scratch.target);
  return {
    db,
    scratch,
    close: async () => {
      await db.destroy();
      await scratch.drop();
    },
  };
}

export interface TestServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startTestServer(options: ServerOptions): Promise<TestServer> {
  const app = await createServer(options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

export const PASSWORD = 'correct horse battery';

export const customer = (id: string): Customer => ({
  id,
  name: `Cliente ${id}`,
  documentKind: 'cpf',
  document: '52998224725',
  phones: [{ e164: '+5511987654321', kind: 'mobile' }],
  emails: [],
  address: null,
  timeZone: 'America/Sao_Paulo',
  language: 'pt-BR',
  flags: { doNotContact: false, ceaseCommunication: false, dispute: false, deceased: false, bankruptcy: false, vulnerable: false },
  version: 1,
});

/** A no-answer call on the account (the payload of a `contact.logged` event). */
export const contactAttempt = (accountId: string): ContactAttempt => ({
  id: uuidv7(),
  accountId,
  customerId: `cus-${accountId}`,
  channel: 'phone',
  direction: 'outbound',
  number: null,
  startedAt: 1_750_000_000_000,
  answeredAt: null,
  endedAt: null,
  sipStatus: null,
  disposition: 'no_answer',
  agentId: null,
  scriptId: null,
  scriptVersion: null,
  scriptVariant: null,
  strategyVariant: null,
  notes: '',
});

export const account = (id: string, customerId: string): Account => ({
  id,
  customerId,
  creditor: 'Banco Exemplo',
  product: 'Cartão',
  accountNumber: `N-${id}`,
  currency: 'BRL',
  originalBalanceCents: 150_000,
  currentBalanceCents: 120_000,
  dueDate: '2025-01-10',
  status: 'open',
  boletoLine: null,
  pixKey: null,
  version: 1,
});

/**
 * Teams north and south; admin (no team), sup-north, agents ana and bia (north), caio (south); accounts
 * acc-ana → ana, acc-bia → bia, acc-pool → north's pool, acc-south → south's pool, acc-free unassigned.
 */
export async function seedPortfolio(db: ServerDb): Promise<Record<'admin' | 'supNorth' | 'ana' | 'bia' | 'caio', string>> {
  const actor = { userId: null, now: Date.now() };
  await createTeam(db, 'north', actor);
  await createTeam(db, 'south', actor);
  const [admin, supNorth, ana, bia, caio] = await Promise.all([
    createUser(db, { username: 'admin', password: PASSWORD, role: 'admin' }, actor),
    createUser(db, { username: 'sup-north', password: PASSWORD, role: 'supervisor', team: 'north' }, actor),
    createUser(db, { username: 'ana', password: PASSWORD, role: 'agent', team: 'north', displayName: 'Ana Souza' }, actor),
    createUser(db, { username: 'bia', password: PASSWORD, role: 'agent', team: 'north' }, actor),
    createUser(db, { username: 'caio', password: PASSWORD, role: 'agent', team: 'south' }, actor),
  ]);
  const ids = ['acc-ana', 'acc-bia', 'acc-pool', 'acc-south', 'acc-free'];
  await upsertPortfolio(
    db,
    ids.map((id) => customer(`cus-${id}`)),
    ids.map((id) => account(id, `cus-${id}`)),
    actor,
  );
  await assignAccounts(db, ['acc-ana'], { user: 'ana' }, actor);
  await assignAccounts(db, ['acc-bia'], { user: 'bia' }, actor);
  await assignAccounts(db, ['acc-pool'], { team: 'north' }, actor);
  await assignAccounts(db, ['acc-south'], { team: 'south' }, actor);
  return { admin: admin.id, supNorth: supNorth.id, ana: ana.id, bia: bia.id, caio: caio.id };
}

/** JSON over real HTTP. */
export async function call(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let payload: string | undefined;
  if (opts.rawBody !== undefined || opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = opts.rawBody ?? JSON.stringify(opts.body);
  }
  const res = await fetch(base + path, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

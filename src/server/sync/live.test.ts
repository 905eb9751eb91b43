import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDatabase, type ServerDb } from '../db/database';
import { call, contactAttempt, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';

/** A live socket that collects pokes; `next` waits for the next one (or fails after `ms`). */
async function connect(url: string, opts: { token?: string; header?: string }) {
  const wsUrl = url.replace('http', 'ws') + '/v1/sync/live' + (opts.token ? `?token=${opts.token}` : '');
  const ws = new WebSocket(wsUrl, opts.header ? { headers: { authorization: `Bearer ${opts.header}` } } : {});
  const queue: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    const w = waiters.shift();
    if (w) w(m);
    else queue.push(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return {
    ws,
    next: (ms = 3000) =>
      queue.length
        ? Promise.resolve(queue.shift())
        : new Promise<unknown>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no poke')), ms);
            waiters.push((m) => {
              clearTimeout(timer);
              resolve(m);
            });
          }),
    /** True if nothing arrives within `ms`. */
    quiet: (ms = 400) => new Promise<boolean>((resolve) => setTimeout(() => resolve(queue.length === 0), ms)),
  };
}

const contact = (accountId: string) => ({
  id: uuidv7(),
  deviceId: 'dev-live',
  seq: 1,
  type: 'contact.logged',
  createdAt: 1_750_000_000_000,
  payload: contactAttempt(accountId),
});

describe.each(engines)('live pokes on %s', (engine) => {
  let t: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let dbB: ServerDb | null = null;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedPortfolio(t.db);
    a = await startTestServer({ db: t.db });
    // Two instances on one PostgreSQL, each with its own pool and LISTEN connection. PGlite is embedded in a
    // single process, so its "second instance" is a second server over the same database object.
    if (t.scratch.target.kind === 'postgres') dbB = await openDatabase(t.scratch.target);
    b = await startTestServer({ db: dbB ?? t.db });
    for (const u of ['ana', 'caio']) {
      tokens[u] = (await call(b.url, 'POST', '/v1/auth/login', { body: { username: u, password: PASSWORD } })).body.token;
    }
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dbB?.destroy();
    await t?.close();
  });

  it('pokes a client on instance A when a push lands on instance B, and only clients whose scope changed', async () => {
    const ana = await connect(a.url, { header: tokens.ana });
    const caio = await connect(a.url, { token: tokens.caio }); // browsers: token in the query
    try {
      // On connect: the feed's head, so a reconnecting client pulls what it missed.
      expect(await ana.next()).toMatchObject({ type: 'changed' });
      expect(await caio.next()).toMatchObject({ type: 'changed' });
      const res = await call(b.url, 'POST', '/v1/sync/push', { token: tokens.ana, body: { deviceId: 'dev-live', events: [contact('acc-ana')] } });
      expect(res.status).toBe(200);
      const head = await t.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
      expect(await ana.next()).toEqual({ type: 'changed', seq: Number(head.seq) });
      // caio (another team) is not poked for ana's account.
      expect(await caio.quiet()).toBe(true);
    } finally {
      ana.ws.close();
      caio.ws.close();
    }
  });

  it('refuses a live socket without a valid token before upgrading', async () => {
    await expect(connect(a.url, {})).rejects.toThrow('HTTP 401');
    await expect(connect(a.url, { token: 'x'.repeat(40) })).rejects.toThrow('HTTP 401');
  });
});

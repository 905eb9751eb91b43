import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { computeKpis, compareRates } from '../../shared/domain/kpi';
import { insertAttempt, insertEvent, insertPromise } from '../reports/report-test-support';
import { call, contactAttempt, engines, type Engine, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';
import { STALE_MS } from './agent-state';

const MIN = 60_000;
const D = '2025-06-16'; // a Monday
const T0 = Date.UTC(2025, 5, 16, 12, 0, 0); // 09:00 in São Paulo
const DAY = 24 * 60 * MIN;
const ZONE = 'America/Sao_Paulo';

/** Opens the team live socket and collects its messages. */
async function teamSocket(url: string, token: string): Promise<{ messages: unknown[]; next(pred: (m: any) => boolean, ms?: number): Promise<any>; close(): void }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/team/live`, { headers: { authorization: `Bearer ${token}` } });
  const messages: unknown[] = [];
  const waiters: { pred: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    messages.push(m);
    for (const w of [...waiters]) if (w.pred(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    messages,
    next: (pred, ms = 5000) =>
      new Promise((resolve, reject) => {
        const found = messages.find(pred);
        if (found) return resolve(found);
        const timer = setTimeout(() => reject(new Error('no poke')), ms);
        waiters.push({ pred, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      }),
    close: () => ws.close(),
  };
}

type Who = 'admin' | 'sup' | 'ana' | 'bia' | 'caio';

/** A fresh database and server per suite (the state history is append-only: suites must not share one). */
function useServer(engine: Engine) {
  const ctx = {
    t: null as unknown as TestDatabase,
    server: null as unknown as TestServer,
    ids: null as unknown as Awaited<ReturnType<typeof seedPortfolio>>,
    now: T0,
    north: '',
    south: '',
    tokens: { admin: '', sup: '', ana: '', bia: '', caio: '' } as Record<Who, string>,
    state: (who: Who, body: Record<string, unknown>) =>
      call(ctx.server.url, 'POST', '/v1/agents/state', { token: ctx.tokens[who], body: { at: ctx.now, ...body } }),
    /** Moves the clock, the agent's desk sending its heartbeat every two minutes meanwhile. */
    async advance(who: Who, to: number, current: Record<string, unknown>) {
      while (ctx.now + 2 * MIN < to) {
        ctx.now += 2 * MIN;
        const r = await ctx.state(who, current);
        expect(r.body.changed).toBe(false);
      }
      ctx.now = to;
    },
  };
  beforeAll(async () => {
    ctx.t = await openTestDatabase(engine);
    ctx.ids = await seedPortfolio(ctx.t.db);
    const teams = await ctx.t.db.selectFrom('teams').select(['id', 'name']).execute();
    ctx.north = teams.find((x) => x.name === 'north')!.id;
    ctx.south = teams.find((x) => x.name === 'south')!.id;
    ctx.server = await startTestServer({ db: ctx.t.db, clock: () => ctx.now });
    for (const [key, username] of [['admin', 'admin'], ['sup', 'sup-north'], ['ana', 'ana'], ['bia', 'bia'], ['caio', 'caio']] as const) {
      ctx.tokens[key] = (await call(ctx.server.url, 'POST', '/v1/auth/login', { body: { username, password: PASSWORD } })).body.token;
    }
  }, 120_000);
  afterAll(async () => {
    await ctx.server?.close();
    await ctx.t?.close();
  });
  return ctx;
}

describe.each(engines)('agent states and the team board on %s', (engine) => {
  const ctx = useServer(engine);

  it('keeps each agent\'s state, places the call start on the server\'s clock and pokes the team\'s supervisors', async () => {
    const sup = await teamSocket(ctx.server.url, ctx.tokens.sup);
    try {
      const paused = await ctx.state('ana', { state: 'paused', reason: 'lunch' });
      expect(paused.status).toBe(200);
      expect(paused.body).toEqual({ state: 'paused', since: T0, changed: true });
      await sup.next((m) => m.type === 'team' && m.teamId === ctx.north);

      // The same state again is a heartbeat: no history row, no poke.
      ctx.now += MIN;
      expect((await ctx.state('ana', { state: 'paused', reason: 'lunch' })).body).toEqual({ state: 'paused', since: T0, changed: false });

      let board = await call(ctx.server.url, 'GET', '/v1/team/board', { token: ctx.tokens.sup });
      expect(board.status).toBe(200);
      expect(board.body.teamId).toBe(ctx.north);
      expect(board.body.today).toBe(D);
      expect(board.body.agents.map((a: { username: string }) => a.username)).toEqual(['ana', 'bia']);
      const ana = board.body.agents.find((a: { id: string }) => a.id === ctx.ids.ana);
      expect(ana).toMatchObject({ state: 'paused', reason: 'lunch', since: T0, lastSeenAt: T0 + MIN, displayName: 'Ana Souza' });
      expect(board.body.agents.find((a: { id: string }) => a.id === ctx.ids.bia)).toMatchObject({ state: 'offline', since: null });

      // A desk whose clock is an hour behind: the call began 30 s before its report, whatever its clock says.
      ctx.now += MIN;
      const deskClock = ctx.now - 3_600_000;
      await ctx.state('ana', { state: 'on_call', callStartedAt: deskClock - 30_000, at: deskClock });
      board = await call(ctx.server.url, 'GET', '/v1/team/board', { token: ctx.tokens.sup });
      expect(board.body.agents.find((a: { id: string }) => a.id === ctx.ids.ana)).toMatchObject({ state: 'on_call', reason: null, callStartedAt: ctx.now - 30_000 });

      // A south agent's change does not reach the north supervisor; a north agent's outcome pushed does.
      sup.messages.length = 0;
      await ctx.state('caio', { state: 'available' });
      const attempt = { ...contactAttempt('acc-bia'), startedAt: ctx.now };
      const push = await call(ctx.server.url, 'POST', '/v1/sync/push', {
        token: ctx.tokens.bia,
        body: { deviceId: 'dev-bia', events: [{ id: uuidv7(), deviceId: 'dev-bia', seq: 1, type: 'contact.logged', payload: attempt, createdAt: ctx.now }] },
      });
      expect(push.body.acknowledged).toHaveLength(1);
      await sup.next((m) => m.type === 'team' && m.teamId === ctx.north);
      expect(sup.messages.every((m) => (m as { teamId: string }).teamId === ctx.north)).toBe(true);
      board = await call(ctx.server.url, 'GET', '/v1/team/board', { token: ctx.tokens.sup });
      expect(board.body.agents.find((a: { id: string }) => a.id === ctx.ids.bia).today).toEqual({ attempts: 1, contacts: 0, promises: 0, promisedCents: 0 });
    } finally {
      sup.close();
    }
    const history = await ctx.t.db.selectFrom('agent_state_history').select(['state', 'reason', 'at']).where('user_id', '=', ctx.ids.ana).orderBy('id').execute();
    expect(history).toEqual([
      { state: 'paused', reason: 'lunch', at: T0 },
      { state: 'on_call', reason: null, at: T0 + 2 * MIN },
    ]);
  });

  it('turns a silent desk offline and records the gap when it reports again', async () => {
    const start = ctx.now;
    ctx.now += STALE_MS + 1;
    const board = await call(ctx.server.url, 'GET', `/v1/team/board?team=${ctx.south}`, { token: ctx.tokens.admin });
    expect(board.body.agents).toHaveLength(1);
    expect(board.body.agents[0]).toMatchObject({ username: 'caio', state: 'offline', since: start });
    ctx.now += 10 * MIN;
    expect((await ctx.state('caio', { state: 'available' })).body.changed).toBe(true);
    const history = await ctx.t.db.selectFrom('agent_state_history').select(['state', 'at']).where('user_id', '=', ctx.ids.caio).orderBy('id').execute();
    expect(history).toEqual([
      { state: 'available', at: start },
      { state: 'offline', at: start },
      { state: 'available', at: ctx.now },
    ]);
  });

  it('refuses agents and other teams, and shows an admin every team or the one asked for', async () => {
    expect((await call(ctx.server.url, 'GET', '/v1/team/board', { token: ctx.tokens.ana })).status).toBe(403);
    expect((await call(ctx.server.url, 'GET', '/v1/kpis', { token: ctx.tokens.ana })).status).toBe(403);
    expect((await call(ctx.server.url, 'GET', '/v1/team/options', { token: ctx.tokens.ana })).status).toBe(403);
    expect((await call(ctx.server.url, 'GET', `/v1/team/board?team=${ctx.south}`, { token: ctx.tokens.sup })).status).toBe(403);
    expect((await call(ctx.server.url, 'GET', `/v1/kpis?team=${ctx.south}`, { token: ctx.tokens.sup })).status).toBe(403);
    expect((await call(ctx.server.url, 'GET', '/v1/team/board')).status).toBe(401);
    expect((await call(ctx.server.url, 'POST', '/v1/agents/state', { token: ctx.tokens.ana, body: { state: 'offline', at: ctx.now } })).status).toBe(400);
    const all = await call(ctx.server.url, 'GET', '/v1/team/board', { token: ctx.tokens.admin });
    expect(all.body.agents.map((a: { username: string }) => a.username).sort()).toEqual(['ana', 'bia', 'caio']);
    const options = await call(ctx.server.url, 'GET', '/v1/team/options', { token: ctx.tokens.sup });
    expect(options.body.teams).toEqual([{ id: ctx.north, name: 'north' }]);
    expect(options.body.agents.map((a: { id: string }) => a.id).sort()).toEqual([ctx.ids.ana, ctx.ids.bia].sort());
    expect(options.body.portfolios).toEqual(['Banco Exemplo']);
    await expect(teamSocket(ctx.server.url, ctx.tokens.ana)).rejects.toThrow();
  });
});

describe.each(engines)('KPIs on %s', (engine) => {
  const ctx = useServer(engine);

  beforeAll(async () => {
    const ev = await insertEvent(ctx.t.db, ctx.ids.admin);
    const at = (k: number) => T0 + k * 10 * MIN;
    const attempts: [string, string, string, number, string, string | null, string | null, ([number, string] | null)?][] = [
      // id, agent, account, startedAt, disposition, strategy variant, script/variant, promise [cents, status]
      ['a1', ctx.ids.ana, 'acc-ana', at(1), 'no_answer', 'A', null],
      ['a2', ctx.ids.ana, 'acc-ana', at(2), 'busy', 'A', null],
      ['a3', ctx.ids.ana, 'acc-ana', at(3), 'wrong_number', 'B', null],
      ['a4', ctx.ids.ana, 'acc-ana', at(4), 'refused', 'A', 's1/v1'],
      ['a5', ctx.ids.ana, 'acc-ana', at(5), 'promise_to_pay', 'B', 's1/v2', [10_000, 'kept']],
      ['a6', ctx.ids.ana, 'acc-ana', at(6), 'promise_to_pay', 'B', 's1/v2', [5_000, 'broken']],
      ['a7', ctx.ids.bia, 'acc-bia', at(7), 'third_party', 'A', 's1/v1'],
      ['a8', ctx.ids.bia, 'acc-bia', at(8), 'promise_to_pay', 'A', 's1/v1', [2_000, 'pending']],
      ['a9', ctx.ids.caio, 'acc-south', at(9), 'promise_to_pay', 'A', null, [70_000, 'pending']],
      ['a10', ctx.ids.ana, 'acc-ana', T0 - DAY, 'no_answer', 'A', null],
      ['a11', ctx.ids.ana, 'acc-ana', T0 - DAY + MIN, 'callback', 'B', null],
    ];
    for (const [id, agentId, accountId, startedAt, disposition, strategyVariant, script, promise] of attempts) {
      const [scriptId, scriptVariant] = script ? script.split('/') : [null, null];
      await insertAttempt(ctx.t.db, ev, { id, agentId, accountId, startedAt, disposition, strategyVariant, scriptId, scriptVariant, scriptVersion: script ? 1 : null });
      if (promise) await insertPromise(ctx.t.db, ev, { attemptId: id, accountId, userId: agentId, amountCents: promise[0], status: promise[1], dueDate: '2025-07-01', createdAt: 2 });
    }
    // A promise replaced by a later one on the same attempt is no promise.
    await insertPromise(ctx.t.db, ev, { attemptId: 'a8', accountId: 'acc-bia', userId: ctx.ids.bia, amountCents: 99_900, status: 'cancelled', dueDate: '2025-07-01', createdAt: 1 });
    for (const [accountId, paidOn, cents] of [['acc-ana', D, 30_000], ['acc-pool', '2025-06-15', 10_000], ['acc-south', D, 77_700], ['acc-ana', '2025-06-10', 55_500]] as const) {
      await ctx.t.db.insertInto('payments').values({ id: uuidv7(), external_id: uuidv7(), account_id: accountId, amount_cents: cents, currency: 'BRL', paid_on: paidOn, received_at: 1, source: 'test' }).execute();
    }
    // Ana's day from 09:00: available an hour, a 5-minute call and a minute of wrap-up, available until lunch at
    // 10:30, back at 11:30, still available at 12:00. Her desk sends a heartbeat every two minutes.
    ctx.now = T0;
    await ctx.state('ana', { state: 'available' });
    await ctx.advance('ana', T0 + 60 * MIN, { state: 'available' });
    await ctx.state('ana', { state: 'on_call', callStartedAt: ctx.now });
    await ctx.advance('ana', T0 + 65 * MIN, { state: 'on_call', callStartedAt: T0 + 60 * MIN });
    await ctx.state('ana', { state: 'wrap_up' });
    ctx.now = T0 + 66 * MIN;
    await ctx.state('ana', { state: 'available' });
    await ctx.advance('ana', T0 + 90 * MIN, { state: 'available' });
    await ctx.state('ana', { state: 'paused', reason: 'lunch' });
    await ctx.advance('ana', T0 + 150 * MIN, { state: 'paused', reason: 'lunch' });
    await ctx.state('ana', { state: 'available' });
    await ctx.advance('ana', T0 + 180 * MIN, { state: 'available' });
    await ctx.state('ana', { state: 'available' });
  }, 120_000);

  it('adds up a period in SQL with the definitions of the domain', async () => {
    const r = await call(ctx.server.url, 'GET', `/v1/kpis?from=2025-06-15&to=${D}&timeZone=${ZONE}`, { token: ctx.tokens.sup });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ from: '2025-06-15', to: D, timeZone: ZONE, groupBy: null, groups: [], comparisons: [] });
    expect(r.body.totals).toMatchObject({
      attempts: 10,
      contacts: 7,
      rightPartyContacts: 5,
      promises: 3,
      promisedCents: 17_000,
      promisesKept: 1,
      promisesBroken: 1,
      collectedCents: 40_000,
    });
    expect(r.body.kpis.contactRate.value).toBe(0.7);
    expect(r.body.kpis.rpcRate.value).toBe(0.5);
    expect(r.body.kpis.promiseRate.value).toBe(0.6);
    expect(r.body.kpis.keptRate.value).toBe(0.5);
    expect(r.body.kpis).toEqual(computeKpis(r.body.totals));
  });

  it('measures handle time, productive and paused time from the state history', async () => {
    const r = await call(ctx.server.url, 'GET', `/v1/kpis?from=${D}&to=${D}&timeZone=${ZONE}&agent=${ctx.ids.ana}`, { token: ctx.tokens.sup });
    // Today only, ana only.
    expect(r.body.totals.calls).toBe(1);
    expect(r.body.totals.pausedMs).toBe(60 * MIN);
    expect(r.body.totals.handleMs).toBe(6 * MIN);
    expect(r.body.totals.productiveMs).toBe(120 * MIN);
    expect(r.body.totals.attempts).toBe(6);
    expect(r.body.kpis.callsPerHour).toBe(3);
  });

  it('groups by day, agent and variant, with A/B comparisons', async () => {
    const q = `/v1/kpis?from=2025-06-15&to=${D}&timeZone=${ZONE}`;
    const byDay = (await call(ctx.server.url, 'GET', `${q}&groupBy=day`, { token: ctx.tokens.sup })).body;
    expect(byDay.groups.map((g: { key: string; totals: { attempts: number; contacts: number; collectedCents: number } }) => [g.key, g.totals.attempts, g.totals.contacts, g.totals.collectedCents])).toEqual([
      ['2025-06-15', 2, 1, 10_000],
      [D, 8, 6, 30_000],
    ]);
    const byAgent = (await call(ctx.server.url, 'GET', `${q}&groupBy=agent`, { token: ctx.tokens.sup })).body;
    expect(byAgent.groups.map((g: { key: string; label: string; totals: { attempts: number; collectedCents: number } }) => [g.label, g.totals.attempts, g.totals.collectedCents])).toEqual([
      ['Ana Souza', 8, 30_000],
      ['bia', 2, 0],
      ['', 0, 10_000], // the team pool's payment: collected, but by no agent
    ]);
    const byStrategy = (await call(ctx.server.url, 'GET', `${q}&groupBy=strategyVariant`, { token: ctx.tokens.sup })).body;
    expect(byStrategy.groups.map((g: { key: string; totals: { attempts: number; contacts: number; collectedCents: number | null } }) => [g.key, g.totals.attempts, g.totals.contacts, g.totals.collectedCents])).toEqual([
      ['A', 6, 3, null],
      ['B', 4, 4, null],
    ]);
    expect(byStrategy.totals.collectedCents).toBe(40_000);
    const contact = byStrategy.comparisons.find((c: { rate: string }) => c.rate === 'contactRate');
    expect(contact.baseline).toBe('A');
    expect(contact.against[0].variant).toBe('B');
    expect(contact.against[0].comparison).toEqual(compareRates({ successes: 4, trials: 4 }, { successes: 3, trials: 6 }));
    expect(contact.against[0].comparison.difference).toBe(0.5);
    const byScript = (await call(ctx.server.url, 'GET', `${q}&groupBy=scriptVariant`, { token: ctx.tokens.sup })).body;
    // Each grouping's totals are the period's, whichever way the period was cut.
    const plain = (await call(ctx.server.url, 'GET', q, { token: ctx.tokens.sup })).body;
    for (const grouped of [byDay, byAgent, byStrategy, byScript]) expect(grouped.totals).toEqual(plain.totals);
    expect(byScript.groups.map((g: { key: string; totals: { attempts: number } }) => [g.key, g.totals.attempts])).toEqual([
      ['', 5],
      ['s1/v1', 3],
      ['s1/v2', 2],
    ]);
  });

  it('filters by portfolio, and an admin sees every team', async () => {
    await ctx.t.db.updateTable('accounts').set({ creditor: 'Financeira Sul' }).where('id', '=', 'acc-bia').execute();
    try {
      const r = (await call(ctx.server.url, 'GET', `/v1/kpis?from=2025-06-15&to=${D}&timeZone=${ZONE}&portfolio=Banco%20Exemplo`, { token: ctx.tokens.sup })).body;
      expect(r.totals.attempts).toBe(8);
      expect(r.kpis.callsPerHour).toBeNull(); // state time is not per portfolio
    } finally {
      await ctx.t.db.updateTable('accounts').set({ creditor: 'Banco Exemplo' }).where('id', '=', 'acc-bia').execute();
    }
    const all = (await call(ctx.server.url, 'GET', `/v1/kpis?from=2025-06-15&to=${D}&timeZone=${ZONE}`, { token: ctx.tokens.admin })).body;
    expect(all.totals.attempts).toBe(11);
    expect(all.totals.collectedCents).toBe(40_000 + 77_700);
    const south_ = (await call(ctx.server.url, 'GET', `/v1/kpis?from=2025-06-15&to=${D}&timeZone=${ZONE}&team=${ctx.south}`, { token: ctx.tokens.admin })).body;
    expect(south_.totals).toMatchObject({ attempts: 1, promises: 1, promisedCents: 70_000 });
    expect((await call(ctx.server.url, 'GET', `/v1/kpis?groupBy=week`, { token: ctx.tokens.sup })).status).toBe(400);
  });
});

// Two agents' local stores and a real sync server on a real port (PGlite and PostgreSQL): outcomes logged while
// the network is down are pushed when it returns; a lost acknowledgement (the server committed, the client never
// heard) is retried without doubling anything; the server holds every event exactly once and the outboxes empty.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../src/shared/contract';
import { generatePortfolio } from '../../src/shared/demo/portfolio';
import { todayIn } from '../../src/shared/domain/dates';
import { dispatch } from '../../src/main/dispatch';
import { openAppServices } from '../../src/main/services/app-services';
import { fileStandInCipher } from '../../src/main/services/key-vault';
import { assignAccounts, createTeam, createUser, upsertPortfolio } from '../../src/server/admin';
import { engines, openTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../../src/server/test-support';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const SEED = 4242;
const ACCOUNTS = 60;
const PASSWORD = 'senha forte do teste';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function startServer(engine: (typeof engines)[number]): Promise<{ server: TestServer; database: TestDatabase }> {
  const database = await openTestDatabase(engine);
  const actor = { userId: null, now: Date.now() };
  const now = Date.now();
  const portfolio = generatePortfolio({ seed: SEED, accounts: ACCOUNTS, today: todayIn('America/Sao_Paulo', now), now });
  await createTeam(database.db, 'recife', actor);
  await createUser(database.db, { username: 'ana', password: PASSWORD, role: 'agent', team: 'recife' }, actor);
  await createUser(database.db, { username: 'bia', password: PASSWORD, role: 'agent', team: 'recife' }, actor);
  await upsertPortfolio(database.db, portfolio.customers, portfolio.accounts, actor);
  await assignAccounts(database.db, portfolio.accounts.map((a) => a.id), { team: 'recife' }, actor);
  const server = await startTestServer({ db: database.db });
  cleanups.push(() => database.close(), () => server.close());
  return { server, database };
}

/** A desk: the agent's own data folder, the same demo portfolio, and a network that can be cut. */
function desk(options: { live?: boolean } = {}) {
  const dataDir = tempDir();
  const network = { down: false, dropNextAnswer: false };
  const services = openAppServices({
    dataDir,
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo: { seed: SEED, accounts: ACCOUNTS },
    version: 'test',
    emit: () => {},
    startSync: options.live ?? false,
    sync: {
      // Only the live poke (or an explicit sync:now) may trigger a sync in these tests.
      intervalMs: 600_000,
      fetch: async (input, init) => {
        if (network.down) throw new TypeError('fetch failed: connect ECONNREFUSED');
        const response = await fetch(input, init);
        if (network.dropNextAnswer) {
          // The server committed and answered; the answer is lost on the way back.
          network.dropNextAnswer = false;
          await response.arrayBuffer();
          throw new TypeError('fetch failed: socket hang up');
        }
        return response;
      },
    },
  });
  cleanups.push(() => services.close());
  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = (await dispatch(services.handlers, channel, input)) as Result<ChannelOutput<C>>;
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }
  return { services, network, call };
}

/** Open accounts of customers with no flags, straight from the store: the worklist depends on the hour. */
function accountIds(d: ReturnType<typeof desk>): string[] {
  return d.services.store.db
    .prepare("SELECT a.id FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.status = 'open' AND c.flags_json NOT LIKE '%true%' ORDER BY a.id LIMIT 100")
    .pluck()
    .all() as string[];
}

async function logOutcomes(d: ReturnType<typeof desk>, n: number, offset: number): Promise<void> {
  const ids = accountIds(d);
  for (let i = 0; i < n; i++) {
    await d.call('outcome:log', { accountId: ids[(offset + i) % ids.length]!, disposition: 'no_answer', notes: `tentativa ${i}` });
  }
}

async function eventCount(database: TestDatabase): Promise<{ total: number; distinct: number }> {
  const row = await database.db
    .selectFrom('events')
    .select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('id').distinct().as('distinct')])
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), distinct: Number(row.distinct) };
}

describe.each(engines)('sync push on %s', (engine) => {
  it('pushes what two agents logged offline once the network is back, exactly once', async () => {
    const { server, database } = await startServer(engine);
    const ana = desk();
    const bia = desk();
    await ana.call('sync:login', { serverUrl: server.url, username: 'ana', password: PASSWORD });
    await bia.call('sync:login', { serverUrl: server.url, username: 'bia', password: PASSWORD });

    ana.network.down = true;
    bia.network.down = true;
    await logOutcomes(ana, 5, 0);
    await logOutcomes(bia, 4, 10);
    const offline = await ana.call('sync:now', {});
    expect(offline).toMatchObject({ state: 'offline', problem: 'network_unreachable', pendingEvents: 5 });

    ana.network.down = false;
    bia.network.down = false;
    const [a, b] = await Promise.all([ana.call('sync:now', {}), bia.call('sync:now', {})]);
    expect(a).toMatchObject({ state: 'online', problem: null, pendingEvents: 0, username: 'ana' });
    expect(b).toMatchObject({ state: 'online', pendingEvents: 0 });
    expect(a.lastSyncAt).not.toBeNull();
    expect(await eventCount(database)).toEqual({ total: 9, distinct: 9 });
  });

  it('each agent sees what the other logged, pulled from the server', async () => {
    const { server } = await startServer(engine);
    const ana = desk();
    const bia = desk();
    await ana.call('sync:login', { serverUrl: server.url, username: 'ana', password: PASSWORD });
    await bia.call('sync:login', { serverUrl: server.url, username: 'bia', password: PASSWORD });
    const accountId = accountIds(ana)[0]!;
    await ana.call('outcome:log', { accountId, disposition: 'refused', notes: 'Ana falou com o cliente' });
    await bia.call('outcome:log', { accountId, disposition: 'no_answer', notes: 'Bia tentou mais tarde' });
    await ana.call('sync:now', {});
    await bia.call('sync:now', {});
    await ana.call('sync:now', {});
    const notes = async (d: ReturnType<typeof desk>) =>
      (await d.call('account:get', { accountId })).history.flatMap((h) => (h.kind === 'contact' ? [h.notes] : []));
    expect(await notes(ana)).toEqual(expect.arrayContaining(['Ana falou com o cliente', 'Bia tentou mais tarde']));
    expect(await notes(bia)).toEqual(expect.arrayContaining(['Ana falou com o cliente', 'Bia tentou mais tarde']));
    // Pulled again: nothing doubles.
    await bia.call('sync:now', {});
    expect((await notes(bia)).filter((n) => n === 'Ana falou com o cliente')).toHaveLength(1);
  });

  it('a desk on the live feed receives the other desk\'s work without asking', async () => {
    const { server } = await startServer(engine);
    const ana = desk();
    const bia = desk({ live: true });
    await ana.call('sync:login', { serverUrl: server.url, username: 'ana', password: PASSWORD });
    await bia.call('sync:login', { serverUrl: server.url, username: 'bia', password: PASSWORD });
    const accountId = accountIds(ana)[0]!;
    // Let bia's first sync and live connection settle before ana's push.
    await expect.poll(async () => (await bia.call('sync:status', {})).lastSyncAt, { timeout: 10_000 }).not.toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    await ana.call('outcome:log', { accountId, disposition: 'callback', callbackAt: Date.now() + 3_600_000, notes: 'Retornar às 15h' });
    await ana.call('sync:now', {});
    await expect
      .poll(async () => (await bia.call('account:get', { accountId })).history.some((h) => h.kind === 'contact' && h.notes === 'Retornar às 15h'), { timeout: 10_000 })
      .toBe(true);
  });

  it('retries a push whose acknowledgement was lost without doubling it', async () => {
    const { server, database } = await startServer(engine);
    const ana = desk();
    await ana.call('sync:login', { serverUrl: server.url, username: 'ana', password: PASSWORD });
    await logOutcomes(ana, 3, 0);
    ana.network.dropNextAnswer = true;
    const lost = await ana.call('sync:now', {});
    expect(lost).toMatchObject({ state: 'offline', pendingEvents: 3 });
    expect((await eventCount(database)).total).toBe(3); // the server has them; the desk does not know yet

    const retried = await ana.call('sync:now', {});
    expect(retried).toMatchObject({ state: 'online', pendingEvents: 0 });
    expect(await eventCount(database)).toEqual({ total: 3, distinct: 3 });
  });

  it('keeps events the server rejected out of the outbox and counts them for the agent', async () => {
    const { server } = await startServer(engine);
    const ana = desk();
    await ana.call('sync:login', { serverUrl: server.url, username: 'ana', password: PASSWORD });
    // An account the server does not know (created only on this desk): the server stores the event as rejected.
    const { store } = ana.services;
    store.transaction(() => {
      store.upsertAccounts([{ ...store.getAccount(accountIds(ana)[0]!)!, id: 'local-only-account', accountNumber: 'LOCAL-1' }]);
    });
    await ana.call('outcome:log', { accountId: 'local-only-account', disposition: 'busy' });
    const status = await ana.call('sync:now', {});
    expect(status).toMatchObject({ pendingEvents: 0, rejectedEvents: 1, problem: 'events_rejected', state: 'online' });
  });

  it('refuses a wrong password with a stable code and keeps working locally', async () => {
    const { server } = await startServer(engine);
    const ana = desk();
    const result = await dispatch(ana.services.handlers, 'sync:login', { serverUrl: server.url, username: 'ana', password: 'errada' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    await logOutcomes(ana, 1, 0);
    expect(await ana.call('sync:status', {})).toMatchObject({ state: 'local_only', pendingEvents: 1 });
  });

  it('reports an expired session in words and does not lose the outbox', async () => {
    const { server, database } = await startServer(engine);
    const ana = desk();
    await ana.call('sync:login', { serverUrl: server.url, username: 'ana', password: PASSWORD });
    await database.db.updateTable('sessions').set({ revoked_at: Date.now() }).execute();
    await logOutcomes(ana, 2, 0);
    expect(await ana.call('sync:now', {})).toMatchObject({ state: 'error', problem: 'session_expired', pendingEvents: 2 });
  });
});

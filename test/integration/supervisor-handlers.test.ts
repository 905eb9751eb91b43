// The console's channels through the real handler map, against a real sync server (PGlite) on a free port:
// the token stays in main, errors arrive as contract codes, the state waits out a lost connection and is sent
// when it returns, and the server's team pokes become team:changed events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir';
import { startTestServer, openTestDatabase, seedPortfolio, PASSWORD, call as http, type TestDatabase, type TestServer } from '../../src/server/test-support';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../src/shared/contract';
import { dispatch } from '../../src/main/dispatch';
import { openAppServices, type AppServices } from '../../src/main/services/app-services';
import { EventHub } from '../../src/main/services/events';
import { fileStandInCipher } from '../../src/main/services/key-vault';
import { createSupervisorHandlers } from '../../src/main/supervisor-handlers';

const tempDir = useTempDirs();

function open(dataDir: string) {
  const hub = new EventHub();
  const events: { event: string; payload: unknown }[] = [];
  hub.subscribe((event, payload) => events.push({ event, payload }));
  const services = openAppServices({
    dataDir,
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo: false,
    version: 'test',
    emit: hub.emit,
    startSync: false,
  });
  return { services, events };
}

async function invoke<C extends ChannelName>(services: AppServices, channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  return (await dispatch(services.handlers, channel, input)) as Result<ChannelOutput<C>>;
}

async function until<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('supervisor channels', () => {
  let t: TestDatabase;
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof seedPortfolio>>;
  let supToken = '';

  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    ids = await seedPortfolio(t.db);
    server = await startTestServer({ db: t.db });
    supToken = (await http(server.url, 'POST', '/v1/auth/login', { body: { username: 'sup-north', password: PASSWORD } })).body.token;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const anaOnBoard = async () => {
    const board = await http(server.url, 'GET', '/v1/team/board', { token: supToken });
    return board.body.agents.find((a: { id: string }) => a.id === ids.ana);
  };

  it('sends the agent\'s state with the session main holds, and refuses the console to an agent', async () => {
    const { services } = open(tempDir());
    try {
      const before = await invoke(services, 'team:board', {});
      expect(before).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
      expect(await invoke(services, 'agent:state', { state: 'paused', reason: 'training' })).toEqual({ ok: true, value: { sent: false } });

      await services.sync.login(server.url, 'ana', PASSWORD);
      expect(await invoke(services, 'agent:state', { state: 'paused', reason: 'training' })).toEqual({ ok: true, value: { sent: true } });
      expect(await anaOnBoard()).toMatchObject({ state: 'paused', reason: 'training' });
      expect(await invoke(services, 'team:board', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await invoke(services, 'team:kpis', { from: '2025-01-01', to: '2025-01-31' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      // The renderer's input is checked by the contract too.
      expect(await invoke(services, 'agent:state', { state: 'offline' as 'paused' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    } finally {
      services.close();
    }
  });

  it('keeps the latest state while the server is unreachable and sends it when the connection returns', async () => {
    let serverUrl = 'http://127.0.0.1:9'; // nothing listens on the discard port
    const session = { serverUrl, token: '', expiresAt: 0, user: { id: ids.ana, username: 'ana', displayName: 'Ana', role: 'agent' as const, teamId: null } };
    session.token = (await http(server.url, 'POST', '/v1/auth/login', { body: { username: 'ana', password: PASSWORD } })).body.token;
    const handlers = createSupervisorHandlers({
      sync: { session: () => ({ ...session, serverUrl }) },
      clock: Date.now,
      emit: () => {},
      heartbeatMs: 50,
      requestTimeoutMs: 2000,
    });
    const report = handlers['agent:state']!;
    expect(await report({ state: 'available', reason: null, callStartedAt: null })).toEqual({ sent: false });
    expect(await report({ state: 'on_call', reason: null, callStartedAt: Date.now() - 42_000 })).toEqual({ sent: false });
    expect((await anaOnBoard()).state).not.toBe('on_call');
    serverUrl = server.url;
    const ana = await until(anaOnBoard, (a) => a.state === 'on_call');
    expect(ana.state).toBe('on_call');
    // The call's age survives the wait: it began about 42 s before the report, on the server's clock.
    expect(ana.since - ana.callStartedAt).toBeGreaterThanOrEqual(42_000);
    expect(ana.since - ana.callStartedAt).toBeLessThan(60_000);
    // Only the latest state was sent: 'available' never reached the history.
    const history = await t.db.selectFrom('agent_state_history').select('state').where('user_id', '=', ids.ana).orderBy('id').execute();
    expect(history.map((h) => h.state)).not.toContain('available');
  });

  it('gives a supervisor the board, options and KPIs, and turns the server\'s pokes into team:changed', async () => {
    const { services, events } = open(tempDir());
    try {
      await services.sync.login(server.url, 'sup-north', PASSWORD);
      // A supervisor's desk is on no board: its state stays home.
      expect(await invoke(services, 'agent:state', { state: 'available' })).toEqual({ ok: true, value: { sent: false } });
      const board = await invoke(services, 'team:board', {});
      expect(board.ok).toBe(true);
      if (!board.ok) return;
      expect(board.value.agents.map((a) => a.username)).toEqual(['ana', 'bia']);
      const options = await invoke(services, 'team:options', {});
      expect(options.ok && options.value.portfolios).toEqual(['Banco Exemplo']);
      const kpis = await invoke(services, 'team:kpis', { from: '2025-01-01', to: '2025-01-31', groupBy: 'day', portfolios: ['Banco Exemplo'] });
      expect(kpis.ok && kpis.value.groups).toHaveLength(31);

      // The live socket opened with the board; bia's desk changes state → the console hears of it.
      const bia = (await http(server.url, 'POST', '/v1/auth/login', { body: { username: 'bia', password: PASSWORD } })).body.token;
      const poked = () => events.filter((e) => e.event === 'team:changed').length;
      await until(() => 0, () => true, 200);
      await http(server.url, 'POST', '/v1/agents/state', { token: bia, body: { state: 'available', at: Date.now() } });
      expect(await until(poked, (n) => n > 0)).toBeGreaterThan(0);
    } finally {
      services.close();
    }
  });
});

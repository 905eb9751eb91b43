// SMS and email from the follow-up panel's channel (message:send) through the real handler map, a real sync
// server (PGlite) holding the same demo portfolio, a real SMTP listener and a loopback SMS gateway: the desk's
// policy is checked first, the server sends, and the message lands in the account's history with its outbox
// event; refusals arrive as the contract's codes and record nothing.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/dispatch';
import { openAppServices, type AppServices } from '../../src/main/services/app-services';
import { EventHub } from '../../src/main/services/events';
import { fileStandInCipher } from '../../src/main/services/key-vault';
import { assignAccounts, createTeam, createUser, upsertPortfolio } from '../../src/server/admin';
import { SmtpEmailProvider, WebhookSmsProvider } from '../../src/server/messages/providers';
import { openTestDatabase, startTestServer, type TestDatabase, type TestServer } from '../../src/server/test-support';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../src/shared/contract';
import { generatePortfolio } from '../../src/shared/demo/portfolio';
import { todayIn } from '../../src/shared/domain/dates';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0); // Monday 12:00 in São Paulo: inside message hours
const ZONE = 'America/Sao_Paulo';
const DEMO = { seed: 4242, accounts: 120 };
const PASSWORD = 'correct horse battery';

async function invoke<C extends ChannelName>(services: AppServices, channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  return (await dispatch(services.handlers, channel, input)) as Result<ChannelOutput<C>>;
}

describe('message:send', () => {
  let t: TestDatabase;
  let server: TestServer;
  let smtp: SMTPServer;
  let gateway: Server;
  let email: SmtpEmailProvider;
  const mails: { to: string[]; data: string }[] = [];
  const texts: { to: string; text: string }[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    gateway = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        texts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${texts.length}` }));
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));

    t = await openTestDatabase('pglite');
    const actor = { userId: null, now: NOW };
    await createTeam(t.db, 'demo', actor);
    await createUser(t.db, { username: 'ana', password: PASSWORD, role: 'agent', team: 'demo' }, actor);
    const portfolio = generatePortfolio({ ...DEMO, today: todayIn(ZONE, NOW), now: NOW });
    await upsertPortfolio(t.db, portfolio.customers, portfolio.accounts, actor);
    await assignAccounts(t.db, portfolio.accounts.map((a) => a.id), { team: 'demo' }, actor);
    email = new SmtpEmailProvider({ url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: 'Cobrança <c@acme.test>', timeoutMs: 5000 });
    server = await startTestServer({
      db: t.db,
      clock: () => NOW,
      messageProviders: {
        email,
        sms: new WebhookSmsProvider({ url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`, token: 't' }),
      },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    email?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    await new Promise<void>((resolve) => gateway?.close(() => resolve()));
    await t?.close();
  });

  function openDesk() {
    const hub = new EventHub();
    return openAppServices({
      dataDir: tempDir(),
      cipher: fileStandInCipher(tempDir()),
      host: 'web',
      demo: DEMO,
      version: 'test',
      emit: hub.emit,
      clock: () => NOW,
      startSync: false,
    });
  }

  /** An account whose customer has an email and a mobile on file and no flag set. */
  function pick(services: AppServices): { accountId: string; email: string; mobile: string } {
    const rows = services.store.db
      .prepare(`SELECT a.id FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.status = 'open' AND c.flags_json NOT LIKE '%true%' ORDER BY a.id`)
      .pluck()
      .all() as string[];
    for (const id of rows) {
      const customer = services.store.getCustomer(services.store.getAccount(id)!.customerId)!;
      const mobile = customer.phones.find((p) => p.kind === 'mobile');
      if (customer.emails.length > 0 && mobile) return { accountId: id, email: customer.emails[0]!, mobile: mobile.e164 };
    }
    throw new Error('no account with an email and a mobile in the demo portfolio');
  }

  const messagesOf = (services: AppServices, accountId: string) =>
    services.store.db.prepare(`SELECT action, channel, recipient, text FROM follow_up_messages WHERE account_id = ?`).all(accountId);
  const outboxCount = (services: AppServices) => Number(services.store.db.prepare(`SELECT count(*) FROM outbox WHERE type = 'message.recorded'`).pluck().get());

  it('needs a server session, then emails the customer and records it in the history once', async () => {
    const services = openDesk();
    try {
      const { accountId, email: address } = pick(services);
      const input = { requestId: crypto.randomUUID(), accountId, channel: 'email' as const, to: address, subject: 'Seu boleto', text: 'Olá! Segue a linha digitável.' };
      expect(await invoke(services, 'message:send', input)).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
      expect(messagesOf(services, accountId)).toHaveLength(0);

      await services.sync.login(server.url, 'ana', PASSWORD);
      expect(await invoke(services, 'message:send', input)).toEqual({ ok: true, value: { id: input.requestId, duplicate: false } });
      expect(mails.at(-1)!.to).toEqual([address]);
      expect(mails.at(-1)!.data).toContain('Subject: Seu boleto');
      expect(messagesOf(services, accountId)).toEqual([
        { action: 'email_sent', channel: 'email', recipient: address, text: 'Seu boleto\n\nOlá! Segue a linha digitável.' },
      ]);
      expect(outboxCount(services)).toBe(1);
      const history = await invoke(services, 'account:get', { accountId });
      expect(history.ok && history.value.history.some((h) => h.kind === 'message' && h.channel === 'email')).toBe(true);

      // The same request again (a lost answer): nothing is sent or recorded twice.
      const before = mails.length;
      expect(await invoke(services, 'message:send', input)).toEqual({ ok: true, value: { id: input.requestId, duplicate: true } });
      expect(mails.length).toBe(before);
      expect(outboxCount(services)).toBe(1);

      // The event is one the server accepts.
      await services.sync.syncNow();
      const stored = await sql<{ action: string; recipient: string }>`SELECT action, recipient FROM messages WHERE id = ${input.requestId}`.execute(t.db);
      expect(stored.rows).toEqual([{ action: 'email_sent', recipient: address }]);
    } finally {
      services.close();
    }
  });

  it('refuses an address not on file and an SMS without consent, recording nothing', async () => {
    const services = openDesk();
    try {
      await services.sync.login(server.url, 'ana', PASSWORD);
      const { accountId, mobile } = pick(services);
      const stranger = await invoke(services, 'message:send', {
        requestId: crypto.randomUUID(), accountId, channel: 'email', to: 'someone@else.test', subject: 'x', text: 'y',
      });
      expect(stranger).toMatchObject({ ok: false, error: { code: 'recipient_not_on_file' } });
      // The Brazil preset wants opt-in for SMS, and the demo customers gave none.
      const sms = await invoke(services, 'message:send', { requestId: crypto.randomUUID(), accountId, channel: 'sms', to: mobile, text: 'PIX: 000201...' });
      expect(sms).toMatchObject({ ok: false, error: { code: 'policy_blocked', issues: [{ message: 'no_consent' }] } });
      expect(messagesOf(services, accountId)).toHaveLength(0);
    } finally {
      services.close();
    }
  });

  it('sends an SMS through the gateway once the office policy needs no SMS opt-in', async () => {
    const services = openDesk();
    try {
      await services.sync.login(server.url, 'ana', PASSWORD);
      const current = await invoke(services, 'policy:get', {});
      if (!current.ok) throw new Error('policy:get failed');
      const policy = structuredClone(current.value.policy);
      policy.channels.sms.consentRequired = false;
      expect((await invoke(services, 'policy:set', { policy })).ok).toBe(true);
      const { accountId, mobile } = pick(services);
      const requestId = crypto.randomUUID();
      expect(await invoke(services, 'message:send', { requestId, accountId, channel: 'sms', to: mobile, text: 'PIX copia e cola: 000201...' })).toEqual({
        ok: true,
        value: { id: requestId, duplicate: false },
      });
      expect(texts.at(-1)).toMatchObject({ id: requestId, to: mobile });
      expect(messagesOf(services, accountId)).toContainEqual({ action: 'sms_sent', channel: 'sms', recipient: mobile, text: 'PIX copia e cola: 000201...' });
    } finally {
      services.close();
    }
  });
});

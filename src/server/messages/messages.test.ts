// SMS and email through the server, against a real SMTP listener (smtp-server) and a real HTTP SMS gateway on
// loopback, on both database engines.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';
import { MAX_MESSAGES_PER_CUSTOMER_PER_DAY } from './routes';
import { SmtpEmailProvider, WebhookSmsProvider } from './providers';

interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

async function startSmtp(): Promise<{ port: number; mails: ReceivedMail[]; refuse: Set<string>; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address)) return callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, refuse, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function startSmsGateway(token: string): Promise<{ url: string; received: unknown[]; status: { code: number }; close(): Promise<void> }> {
  const received: unknown[] = [];
  const status = { code: 200 };
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401).end();
        return;
      }
      received.push({ ...JSON.parse(Buffer.concat(chunks).toString('utf8')), idempotencyKey: req.headers['idempotency-key'] });
      res.writeHead(status.code, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/send`, received, status, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(engines)('messages on %s', (engine) => {
  let t: TestDatabase;
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
  let email: SmtpEmailProvider;
  const tokens = { ana: '', bia: '', sup: '' };

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedPortfolio(t.db);
    await t.db
      .updateTable('customers')
      .set({ emails: JSON.stringify(['maria@example.com.br']) as never })
      .where('id', '=', 'cus-acc-ana')
      .execute();
    smtp = await startSmtp();
    gateway = await startSmsGateway('gw-secret');
    email = new SmtpEmailProvider({ url: `smtp://127.0.0.1:${smtp.port}`, from: 'Cobrança ACME <cobranca@acme.test>', timeoutMs: 5_000 });
    server = await startTestServer({
      db: t.db,
      messageProviders: { email, sms: new WebhookSmsProvider({ url: gateway.url, token: 'gw-secret' }) },
    });
    for (const [key, username] of [['ana', 'ana'], ['bia', 'bia'], ['sup', 'sup-north']] as const) {
      tokens[key] = (await call(server.url, 'POST', '/v1/auth/login', { body: { username, password: PASSWORD } })).body.token;
    }
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    email?.close();
    await smtp?.close();
    await gateway?.close();
    await t?.close();
  });

  const send = (token: string, body: Record<string, unknown>) => call(server.url, 'POST', '/v1/messages', { token, body });

  it('emails the customer through the SMTP server and answers a retry without sending twice', async () => {
    const id = uuidv7();
    const body = { id, accountId: 'acc-ana', channel: 'email', to: 'maria@example.com.br', subject: 'Seu boleto', text: 'Olá, Maria. Segue a linha digitável: 00190...' };
    const first = await send(tokens.ana, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id, status: 'sent', duplicate: false });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(['maria@example.com.br']);
    expect(smtp.mails[0]!.from).toBe('cobranca@acme.test');
    expect(smtp.mails[0]!.data).toContain('Subject: Seu boleto');
    expect(smtp.mails[0]!.data).toContain(`Message-ID: <${id}@quita>`);

    const retry = await send(tokens.ana, body);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ id, status: 'sent', duplicate: true });
    expect(smtp.mails).toHaveLength(1);

    const row = await t.db.selectFrom('outbound_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', channel: 'email', recipient: 'maria@example.com.br', provider: 'smtp' });
    const audited = await t.db.selectFrom('audit').select(['action', 'subject']).where('action', '=', 'message.sent').execute();
    expect(audited).toContainEqual({ action: 'message.sent', subject: 'acc-ana' });
  });

  it('sends an SMS through the gateway with the message id as idempotency key', async () => {
    const id = uuidv7();
    const res = await send(tokens.ana, { id, accountId: 'acc-ana', channel: 'sms', to: '+5511987654321', text: 'ACME: seu PIX copia e cola: 000201...' });
    expect(res.status).toBe(200);
    expect(res.body.providerMessageId).toMatch(/^gw-/);
    expect(gateway.received.at(-1)).toMatchObject({ id, to: '+5511987654321', idempotencyKey: id });
  });

  it('refuses a recipient that is not on file, and sends nothing', async () => {
    const before = smtp.mails.length;
    const res = await send(tokens.ana, { id: uuidv7(), accountId: 'acc-ana', channel: 'email', to: 'vizinho@example.com', subject: 'x', text: 'y' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('recipient_not_on_file');
    expect(smtp.mails.length).toBe(before);
  });

  it('refuses a customer in dispute or do-not-contact', async () => {
    await t.db
      .updateTable('customers')
      .set({ flags: JSON.stringify({ doNotContact: false, ceaseCommunication: false, dispute: true, deceased: false, bankruptcy: false, vulnerable: false }) as never })
      .where('id', '=', 'cus-acc-bia')
      .execute();
    const res = await send(tokens.bia, { id: uuidv7(), accountId: 'acc-bia', channel: 'sms', to: '+5511987654321', text: 'oi' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('contact_blocked');
    expect(res.body.error.message).toContain('dispute');
  });

  it('keeps accounts out of scope invisible and checks the body by schema', async () => {
    const other = await send(tokens.bia, { id: uuidv7(), accountId: 'acc-ana', channel: 'sms', to: '+5511987654321', text: 'oi' });
    expect(other.status).toBe(404);
    const bad = await send(tokens.ana, { id: 'not-a-uuid', accountId: 'acc-ana', channel: 'fax', to: '', text: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    const noSubject = await send(tokens.ana, { id: uuidv7(), accountId: 'acc-ana', channel: 'email', to: 'maria@example.com.br', text: 'y' });
    expect(noSubject.status).toBe(400);
    const anonymous = await call(server.url, 'POST', '/v1/messages', { body: { id: uuidv7() } });
    expect(anonymous.status).toBe(401);
  });

  it('reports a provider refusal as provider_failed and lets the same id be retried once fixed', async () => {
    smtp.refuse.add('maria@example.com.br');
    const id = uuidv7();
    const body = { id, accountId: 'acc-ana', channel: 'email', to: 'maria@example.com.br', subject: 'Seu boleto', text: 'linha' };
    const refused = await send(tokens.ana, body);
    expect(refused.status).toBe(502);
    expect(refused.body.error.code).toBe('provider_failed');
    expect((await t.db.selectFrom('outbound_messages').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('failed');
    smtp.refuse.delete('maria@example.com.br');
    const retried = await send(tokens.ana, body);
    expect(retried.status).toBe(200);
    expect(retried.body.duplicate).toBe(false);
  });

  it('answers provider_unavailable for a channel without a provider', async () => {
    const bare = await startTestServer({ db: t.db });
    try {
      const r = await call(bare.url, 'POST', '/v1/messages', {
        token: tokens.ana,
        body: { id: uuidv7(), accountId: 'acc-ana', channel: 'sms', to: '+5511987654321', text: 'oi' },
      });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('provider_unavailable');
    } finally {
      await bare.close();
    }
  });

  it(`stops after ${MAX_MESSAGES_PER_CUSTOMER_PER_DAY} messages to one customer in a day`, async () => {
    await t.db.updateTable('customers').set({ phones: JSON.stringify([{ e164: '+5511911112222', kind: 'mobile' }]) as never }).where('id', '=', 'cus-acc-pool').execute();
    const statuses: number[] = [];
    for (let i = 0; i < MAX_MESSAGES_PER_CUSTOMER_PER_DAY + 1; i += 1) {
      statuses.push((await send(tokens.sup, { id: uuidv7(), accountId: 'acc-pool', channel: 'sms', to: '+5511911112222', text: `lembrete ${i}` })).status);
    }
    expect(statuses.slice(0, MAX_MESSAGES_PER_CUSTOMER_PER_DAY).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('the demo outbox', () => {
  it('writes each message once as a file, and lets the environment name real providers instead', async () => {
    const { mkdtempSync, readFileSync, readdirSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { demoProviders, FileDropProvider: Drop } = await import('./providers');
    const dir = mkdtempSync(join(tmpdir(), 'quita-outbox-'));
    try {
      const providers = demoProviders({}, dir);
      expect(providers.email).toBeInstanceOf(Drop);
      const id = uuidv7();
      await providers.email!.send({ id, channel: 'email', to: 'maria@example.com.br', subject: 'Seu boleto', text: 'Olá' });
      await providers.email!.send({ id, channel: 'email', to: 'maria@example.com.br', subject: 'Seu boleto', text: 'Olá' });
      expect(readdirSync(dir)).toEqual([`${id}.eml`]);
      expect(readFileSync(join(dir, `${id}.eml`), 'utf8')).toBe('To: maria@example.com.br\nSubject: Seu boleto\n\nOlá\n');
      const real = demoProviders({ QUITA_SMTP_URL: 'smtp://127.0.0.1:2525' }, dir);
      expect(real.email).toBeInstanceOf(SmtpEmailProvider);
      expect(real.sms).toBeInstanceOf(Drop);
      (real.email as SmtpEmailProvider).close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

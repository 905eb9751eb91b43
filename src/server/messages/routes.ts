// SMS and email to a customer, sent by the server on the agent's behalf (the workstation holds no provider
// credentials):
//   POST /v1/messages  { id, accountId, channel: 'email'|'sms', to, subject?, text }
//     200 { id, status: 'sent', providerMessageId, duplicate }   (a retried id is answered, never resent)
//     404 the account is absent or outside the caller's scope; 409 contact_blocked; 422 recipient_not_on_file;
//     429 rate_limited (too many messages to one customer in a day); 502 provider_failed; 503 provider_unavailable.
// The agent's app has already checked the contact policy (consent per channel, message hours) before asking;
// the server re-checks what it holds for certain: the customer's stop flags and that the recipient is on file,
// so a compromised or buggy client can neither message a disputing customer nor send the debt to a stranger.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Id } from '../../shared/model';
import { audit } from '../audit';
import { assignmentsOf, mayAccessAccount } from '../auth/scope';
import type { ServerDb } from '../db/database';
import { HttpError, invalidInput } from '../http-error';
import { ProviderError, type MessageProviders } from './providers';

export const MAX_MESSAGES_PER_CUSTOMER_PER_DAY = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

export const SendMessageRequest = z
  .object({
    id: z.uuid(),
    accountId: Id,
    channel: z.enum(['email', 'sms']),
    to: z.string().trim().min(3).max(254),
    subject: z.string().trim().max(200).nullable().default(null),
    text: z.string().trim().min(1).max(4000),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.channel === 'sms' && !/^\+[1-9]\d{6,14}$/.test(v.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'expected an E.164 number' });
    if (v.channel === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'expected an email address' });
    if (v.channel === 'email' && !v.subject) ctx.addIssue({ code: 'custom', path: ['subject'], message: 'an email needs a subject' });
    // 10 concatenated segments is what carriers reliably deliver.
    if (v.channel === 'sms' && v.text.length > 1530) ctx.addIssue({ code: 'custom', path: ['text'], message: 'too long for an SMS' });
  });
export type SendMessageRequest = z.input<typeof SendMessageRequest>;

export interface SendMessageResponse {
  id: string;
  status: 'sent';
  providerMessageId: string;
  duplicate: boolean;
}

export interface MessageRouteDeps {
  db: ServerDb;
  clock: () => number;
  providers: MessageProviders;
}

const STOP_FLAGS = ['doNotContact', 'ceaseCommunication', 'dispute', 'deceased', 'bankruptcy'] as const;

function onFile(channel: 'email' | 'sms', to: string, phones: unknown, emails: unknown): boolean {
  if (channel === 'email') {
    return Array.isArray(emails) && emails.some((e) => typeof e === 'string' && e.trim().toLowerCase() === to.toLowerCase());
  }
  return Array.isArray(phones) && phones.some((p) => (p as { e164?: unknown })?.e164 === to);
}

export function registerMessageRoutes(app: FastifyInstance, deps: MessageRouteDeps): void {
  const { db, clock, providers } = deps;

  app.post('/v1/messages', async (request): Promise<SendMessageResponse> => {
    const user = request.auth?.user;
    if (!user) throw new HttpError(401, 'unauthenticated', 'Sign in first (missing, expired or revoked token)');
    const parsed = SendMessageRequest.safeParse(request.body ?? {});
    if (!parsed.success) throw invalidInput(parsed.error, 'body');
    const m = parsed.data;

    const account = await db.selectFrom('accounts').select(['id', 'customer_id']).where('id', '=', m.accountId).executeTakeFirst();
    const assignment = account ? ((await assignmentsOf(db, [account.id])).get(account.id) ?? null) : null;
    if (!account || !mayAccessAccount(user, assignment)) throw new HttpError(404, 'not_found', 'No such account');

    const previous = await db.selectFrom('outbound_messages').selectAll().where('id', '=', m.id).executeTakeFirst();
    if (previous) {
      if (previous.user_id !== user.id || previous.account_id !== m.accountId) {
        throw new HttpError(409, 'invalid_input', 'This message id was already used for another message');
      }
      if (previous.status === 'sent') {
        return { id: m.id, status: 'sent', providerMessageId: previous.provider_message_id ?? m.id, duplicate: true };
      }
      if (previous.status === 'sending') {
        // Another request is sending it right now, or the server died mid-send: never risk sending it twice.
        throw new HttpError(409, 'provider_failed', 'This message is already being sent; check its status before sending it again');
      }
    }

    const customer = await db
      .selectFrom('customers')
      .select(['id', 'flags', 'phones', 'emails'])
      .where('id', '=', account.customer_id)
      .executeTakeFirstOrThrow();
    const flags = (customer.flags ?? {}) as Record<string, unknown>;
    const stops = STOP_FLAGS.filter((f) => flags[f] === true);
    if (stops.length > 0) {
      throw new HttpError(409, 'contact_blocked', `This customer may not be contacted: ${stops.join(', ')}`);
    }
    if (!onFile(m.channel, m.to, customer.phones, customer.emails)) {
      throw new HttpError(422, 'recipient_not_on_file', `${m.to} is not one of this customer's ${m.channel === 'email' ? 'email addresses' : 'phone numbers'}`);
    }
    const provider = providers[m.channel];
    if (!provider) {
      throw new HttpError(503, 'provider_unavailable', `No ${m.channel === 'email' ? 'email' : 'SMS'} provider is configured on this server`);
    }

    const now = clock();
    const sentToday = await db
      .selectFrom('outbound_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', customer.id)
      .where('status', '=', 'sent')
      .where('created_at', '>', now - DAY_MS)
      .executeTakeFirstOrThrow();
    if (Number(sentToday.n) >= MAX_MESSAGES_PER_CUSTOMER_PER_DAY) {
      throw new HttpError(429, 'rate_limited', `${MAX_MESSAGES_PER_CUSTOMER_PER_DAY} messages were already sent to this customer in the last 24 hours`);
    }

    const row = {
      account_id: m.accountId,
      customer_id: customer.id,
      user_id: user.id,
      channel: m.channel,
      recipient: m.to,
      subject: m.subject,
      body: m.text,
      provider: provider.name,
      status: 'sending',
      provider_message_id: null,
      error: null,
      created_at: now,
      sent_at: null,
    };
    if (previous) {
      await db.updateTable('outbound_messages').set({ ...row, created_at: previous.created_at }).where('id', '=', m.id).execute();
    } else {
      const inserted = await db.insertInto('outbound_messages').values({ id: m.id, ...row }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
        throw new HttpError(409, 'provider_failed', 'This message is already being sent; check its status before sending it again');
      }
    }

    try {
      const sent = await provider.send({ id: m.id, channel: m.channel, to: m.to, subject: m.subject, text: m.text });
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('outbound_messages')
          .set({ status: 'sent', provider_message_id: sent.providerMessageId, sent_at: clock() })
          .where('id', '=', m.id)
          .execute();
        await audit(trx, {
          at: clock(),
          actorUserId: user.id,
          action: 'message.sent',
          subject: m.accountId,
          detail: { id: m.id, channel: m.channel, provider: provider.name },
          address: request.ip,
        });
      });
      return { id: m.id, status: 'sent', providerMessageId: sent.providerMessageId, duplicate: false };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await db.updateTable('outbound_messages').set({ status: 'failed', error: reason.slice(0, 1000) }).where('id', '=', m.id).execute();
      if (error instanceof ProviderError) throw new HttpError(502, 'provider_failed', reason);
      throw error;
    }
  });
}

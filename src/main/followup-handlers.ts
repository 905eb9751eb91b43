// Offers beyond authority and follow-ups during the call: offer:request-approval writes an approval request (never
// an agreement) and followup:record a message in the history (PIX code copied, boleto line copied, WhatsApp
// opened), each with its outbox event in the same transaction. Merged into the one handler map. Electron-free.
import { todayIn } from '../shared/domain/dates';
import { evaluateOffer } from '../shared/domain/offer/offer';
import type { MessageRecorded, OfferApprovalRequested } from '../shared/sync';
import { QuitaError, type HandlerMap } from './dispatch';
import type { EventSink } from './services/events';
import type { PriorityService } from './services/priority/priority-service';
import {
  findApprovalRequest,
  hasFollowUpMessage,
  insertApprovalRequest,
  insertFollowUpMessage,
} from './services/store/follow-up-store';
import type { Store } from './services/store/repositories';
import type { SyncClient } from './services/sync/sync-client';

export interface FollowUpDeps {
  store: Store;
  clock: () => number;
  emit: EventSink;
  sync: SyncClient;
  priority: PriorityService;
}

export function createFollowUpHandlers(deps: FollowUpDeps): Partial<HandlerMap> {
  const { store, clock, emit, priority } = deps;

  const accountAndCustomer = (accountId: string) => {
    const account = store.getAccount(accountId);
    if (!account) throw new QuitaError('not_found', `Account ${accountId} not found`);
    const customer = store.getCustomer(account.customerId);
    if (!customer) throw new QuitaError('not_found', `Customer of account ${accountId} not found`);
    return { account, customer };
  };

  const written = (accountId: string) => {
    emit('store:changed', { entities: ['history'], accountId });
    emit('sync:status', deps.sync.status());
    deps.sync.notifyLocalChange();
  };

  /** The server's refusal of a message, as the contract's error the UI translates. */
  const messageRefusal = (status: number, body: unknown): QuitaError => {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    const message = error?.message ?? `The server answered HTTP ${status}`;
    switch (error?.code) {
      case 'contact_blocked':
        return new QuitaError('policy_blocked', message, [{ path: 'accountId', message: 'contact_blocked' }]);
      case 'recipient_not_on_file':
        return new QuitaError('recipient_not_on_file', message);
      case 'not_found':
        return new QuitaError('not_found', message);
      case 'forbidden':
        return new QuitaError('forbidden', message);
      case 'rate_limited':
        return new QuitaError('rate_limited', message);
      case 'invalid_input':
        return new QuitaError('invalid_input', message);
      default:
        return new QuitaError('message_not_sent', message);
    }
  };

  return {
    'message:send': async (input) => {
      if (hasFollowUpMessage(store.db, input.accountId, input.requestId)) return { id: input.requestId, duplicate: true };
      const { account, customer } = accountAndCustomer(input.accountId);
      // The policy here (consent per channel, message hours, flags) and on the server (flags, recipient on
      // file): the server does not hold the office's policy, the desk does.
      const check = priority.check(account.id, input.channel);
      if (check && !check.allowed) {
        const blocks = check.reasons.filter((r) => r.severity === 'block');
        throw new QuitaError(
          'policy_blocked',
          `The contact policy forbids a ${input.channel} message now (${blocks.map((r) => r.code).join(', ')})`,
          blocks.map((r) => ({ path: 'channel', message: r.code })),
        );
      }
      const to = input.to.trim();
      const onFile =
        input.channel === 'email'
          ? customer.emails.some((e) => e.trim().toLowerCase() === to.toLowerCase())
          : customer.phones.some((p) => p.e164 === to);
      if (!onFile) throw new QuitaError('recipient_not_on_file', `${to} is not on file for this customer`);

      const answer = await deps.sync.callServer('POST', '/v1/messages', {
        id: input.requestId,
        accountId: account.id,
        channel: input.channel,
        to,
        subject: input.channel === 'email' ? input.subject : null,
        text: input.text,
      });
      if (answer.status !== 200) throw messageRefusal(answer.status, answer.body);

      // Sent: now it is a fact of the account's history, recorded and pushed like every other follow-up. The
      // same id on the server's send log and on this record ties the two together.
      const message: MessageRecorded = {
        id: input.requestId,
        accountId: account.id,
        customerId: customer.id,
        action: input.channel === 'email' ? 'email_sent' : 'sms_sent',
        channel: input.channel,
        to,
        text: input.channel === 'email' && input.subject ? `${input.subject}\n\n${input.text}` : input.text,
        at: clock(),
      };
      store.transaction(() => {
        insertFollowUpMessage(store.db, message);
        store.appendEvent('message.recorded', message);
      });
      written(account.id);
      return { id: message.id, duplicate: false };
    },

    'offer:request-approval': (input) => {
      const prior = findApprovalRequest(store.db, input.accountId, input.requestId);
      if (prior) return { id: prior.id, approvableBy: prior.approvableBy as OfferApprovalRequested['approvableBy'], duplicate: true };
      const { account, customer } = accountAndCustomer(input.accountId);
      const now = clock();
      // Evaluated again here, with the role of whoever is signed in: what the supervisor sees is main's reading of
      // the policy, not the renderer's.
      const role = deps.sync.status().role ?? 'agent';
      const zone = priority.accountFacts(account.id, customer.timeZone).effectiveTimeZone;
      const evaluation = evaluateOffer(input.offer, account, priority.policy().policy, role, todayIn(zone, now), {
        region: customer.address?.state ?? null,
      });
      if (!evaluation.valid) {
        throw new QuitaError(
          'invalid_input',
          `The offer cannot be made (${evaluation.errors.map((e) => e.code).join(', ')})`,
          evaluation.errors.map((e) => ({ path: 'offer', message: e.code })),
        );
      }
      const request: OfferApprovalRequested = {
        id: input.requestId,
        accountId: account.id,
        customerId: customer.id,
        offer: input.offer,
        role,
        approvableBy: evaluation.approvableBy,
        violations: evaluation.violations,
        schedule: evaluation.schedule.map((p) => ({ dueDate: p.dueDate, amountCents: p.amountCents })),
        totalCents: evaluation.totalCents,
        discountCents: evaluation.discountCents,
        summary: input.summary,
        note: input.note,
        at: now,
      };
      store.transaction(() => {
        insertApprovalRequest(store.db, request);
        store.appendEvent('offer.approval_requested', request);
      });
      written(account.id);
      return { id: request.id, approvableBy: request.approvableBy, duplicate: false };
    },

    'followup:record': (input) => {
      if (hasFollowUpMessage(store.db, input.accountId, input.requestId)) return { id: input.requestId, duplicate: true };
      const { account, customer } = accountAndCustomer(input.accountId);
      if (input.channel !== 'phone') {
        // A message goes out only when the policy allows this channel now (consent, hours, flags), even if the
        // UI was bypassed: the renderer opens WhatsApp only after this record succeeds.
        const check = priority.check(account.id, input.channel);
        if (check && !check.allowed) {
          const blocks = check.reasons.filter((r) => r.severity === 'block');
          throw new QuitaError(
            'policy_blocked',
            `The contact policy forbids a ${input.channel} message now (${blocks.map((r) => r.code).join(', ')})`,
            blocks.map((r) => ({ path: 'channel', message: r.code })),
          );
        }
      }
      const message: MessageRecorded = {
        id: input.requestId,
        accountId: account.id,
        customerId: customer.id,
        action: input.action,
        channel: input.channel,
        to: input.to,
        text: input.text,
        at: clock(),
      };
      store.transaction(() => {
        insertFollowUpMessage(store.db, message);
        store.appendEvent('message.recorded', message);
      });
      written(account.id);
      return { id: message.id, duplicate: false };
    },
  };
}

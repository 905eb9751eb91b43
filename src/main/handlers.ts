// The one handler map behind every contract channel. Electron registers it with ipcMain.handle
// (src/main/ipc.ts); the web host serves the very same map over HTTP (src/web-host). Electron-free.
import { v7 as uuidv7 } from 'uuid';
import type { ChannelName, ChannelOutput } from '../shared/contract';
import { daysPastDue, todayIn } from '../shared/domain/dates';
import type { Callback, ContactAttempt, PaymentPromise } from '../shared/model';
import { combineHandlers, QuitaError, type Handler, type HandlerMap } from './dispatch';
import type { EventSink } from './services/events';
import type { SyncClient } from './services/sync/sync-client';
import { readSettings, writeSettings } from './services/settings';
import { findPendingCall, removePendingCall } from './services/softphone/pending-calls';
import type { SipAccountStore } from './services/softphone/sip-account-store';
import { createSoftphoneHandlers } from './softphone-handlers';
import type { Store } from './services/store/repositories';
import { PriorityService } from './services/priority/priority-service';
import { createQueueHandlers } from './queue-handlers';
import { createFollowUpHandlers } from './followup-handlers';
import { createSupervisorHandlers } from './supervisor-handlers';
import { createReportHandlers, type ReportServices } from './report-handlers';
import { createScriptHandlers, dispositionConfigOf, replayScriptTrace } from './script-handlers';
import { findDisposition } from '../shared/domain/dispositions';
import { promiseBlockers, requirementsFromPolicy, rpcVerified, type ScriptSession } from '../shared/domain/script';
import { setAttemptScriptPath } from './services/store/script-store';
import { applyPromiseLifecycle } from './services/store/promise-lifecycle-store';

export interface HandlerDeps {
  store: Store;
  clock: () => number;
  host: 'electron' | 'web';
  demo: boolean;
  version: string;
  /** The agent recorded on local attempts; the server records the pushing user as the agent. */
  agentId: string | null;
  emit: EventSink;
  sync: SyncClient;
  /** The precomputed worklist; built over the store when absent. */
  priority?: PriorityService;
  /** The softphone's SIP account, password encrypted by the SecretCipher. */
  sipAccounts: SipAccountStore;
  /** The supervisor's exports and imports (the server session, where files go); absent: those channels refuse. */
  reports?: ReportServices;
}

export function createHandlers(deps: HandlerDeps): HandlerMap {
  const { store, clock, emit } = deps;
  const officeToday = () => todayIn(readSettings(store).officeTimeZone, clock());

  const syncStatus = (): ChannelOutput<'sync:status'> => deps.sync.status();
  const priority =
    deps.priority ??
    new PriorityService(store, clock, () => readSettings(store).officeTimeZone, () => readSettings(store).defaultRegion);

  // Promises: broken the day after a missed date, kept when paid in time (promise-lifecycle-store.ts). Checked
  // for every pending promise when the office day turns (and at start), and for an account when it is opened.
  let lifecycleDay: string | null = null;
  const promiseLifecycle = (accountId?: string) => {
    const changes = applyPromiseLifecycle(store, clock(), readSettings(store).officeTimeZone, accountId);
    for (const id of changes.accounts) priority.markDirty(id);
    if (changes.accounts.length > 0 && accountId === undefined) emit('store:changed', { entities: ['queue', 'account', 'history'], accountId: null });
    if (changes.broken.length > 0) deps.sync.notifyLocalChange();
  };
  const promisesOnNewDay = () => {
    const day = officeToday();
    if (day === lifecycleDay) return;
    lifecycleDay = day;
    promiseLifecycle();
  };
  const withPromiseLifecycle = (handlers: Partial<HandlerMap>): Partial<HandlerMap> => {
    const wrapped: Partial<Record<ChannelName, unknown>> = { ...handlers };
    for (const name of ['queue:list', 'queue:next', 'queue:not-now'] as const) {
      const inner = handlers[name] as Handler<typeof name> | undefined;
      if (inner) wrapped[name] = (input: Parameters<typeof inner>[0]) => (promisesOnNewDay(), inner(input));
    }
    return wrapped as Partial<HandlerMap>;
  };

  return combineHandlers(
    createSoftphoneHandlers({ store, sipAccounts: deps.sipAccounts }),
    withPromiseLifecycle(createQueueHandlers({ priority, emit })),
    createFollowUpHandlers({ store, clock, emit, sync: deps.sync, priority }),
    createSupervisorHandlers({ sync: deps.sync, clock, emit }),
    createReportHandlers(deps.reports, emit),
    createScriptHandlers({
      store,
      clock,
      priority,
      // The softphone's display name (what the customer's phone shows), else the signed-in user.
      agentName: () => deps.sipAccounts.settings().displayName.trim() || agentNameOf(deps.sync.status().username),
    }),
    {
    'app:info': () => ({
      name: 'Quita',
      version: deps.version,
      deviceId: store.deviceId,
      host: deps.host,
      demo: deps.demo,
      settings: readSettings(store),
      today: officeToday(),
    }),

    'settings:update': (patch) => {
      const settings = writeSettings(store, patch);
      emit('settings:changed', settings);
      return settings;
    },

    'account:get': ({ accountId }) => {
      promisesOnNewDay();
      promiseLifecycle(accountId);
      const account = store.getAccount(accountId);
      if (!account) throw new QuitaError('not_found', `Account ${accountId} not found`);
      const customer = store.getCustomer(account.customerId);
      if (!customer) throw new QuitaError('not_found', `Customer of account ${accountId} not found`);
      const today = officeToday();
      const withDpd = <A extends { dueDate: string }>(a: A) => ({ ...a, daysPastDue: daysPastDue(a.dueDate, today) });
      return {
        customer,
        account: withDpd(account),
        otherAccounts: store.accountsOfCustomer(customer.id).filter((a) => a.id !== account.id).map(withDpd),
        history: store.history(account.id, today),
        ...(({ behaviour, ...zone }) => ({ ...zone, paymentBehaviour: behaviour }))(priority.accountFacts(account.id, customer.timeZone)),
      };
    },

    'outcome:log': (input) => {
      // A softphone call's attempt is named by call:record, so confirming it twice finds the first save.
      const priorId = input.callId ?? input.requestId;
      if (priorId) {
        const prior = store.attemptWithEffects(input.accountId, priorId);
        if (prior) {
          return { attemptId: prior.attempt.id, promiseId: prior.promiseId, callbackId: prior.callbackId, duplicate: true };
        }
      }
      const account = store.getAccount(input.accountId);
      if (!account) throw new QuitaError('not_found', `Account ${input.accountId} not found`);
      const call = input.callId ? findPendingCall(store, input.callId) : null;
      if (input.callId && !call) throw new QuitaError('not_found', `Call ${input.callId} is not waiting for a disposition`);
      const direction = call?.direction ?? input.direction;
      // The contact policy, even when the UI is bypassed: no attempt on a customer whose flags forbid contact.
      const refusal = priority.refusal(account.id, input.channel, direction, input.disposition);
      if (refusal) {
        throw new QuitaError(
          'policy_blocked',
          `The contact policy forbids contacting this customer (${refusal.map((r) => r.code).join(', ')})`,
          refusal.map((r) => ({ path: 'accountId', message: r.code })),
        );
      }
      const now = clock();
      const today = officeToday();
      if (input.promise) {
        if (input.promise.dueDate < today) {
          throw new QuitaError('invalid_input', 'The promise date is in the past', [
            { path: 'promise.dueDate', message: 'promise_date_past' },
          ]);
        }
        if (input.promise.amountCents > account.currentBalanceCents) {
          throw new QuitaError('invalid_input', 'The promised amount is above the balance', [
            { path: 'promise.amountCents', message: 'promise_above_balance' },
          ]);
        }
        const plan = input.promise.installments ?? [];
        if (input.disposition === 'installment_plan' && plan.length < 2) {
          throw new QuitaError('invalid_input', 'An installment plan needs two or more installments', [
            { path: 'promise.installments', message: 'plan_required' },
          ]);
        }
        // The schedule is the agreement: its first date and its sum are the promise's date and amount.
        const total = plan.reduce((sum, i) => sum + i.amountCents, 0);
        const increasing = plan.every((i, k) => k === 0 || i.dueDate > plan[k - 1]!.dueDate);
        if (plan.length > 0 && (plan[0]!.dueDate !== input.promise.dueDate || total !== input.promise.amountCents || !increasing)) {
          throw new QuitaError('invalid_input', 'The installments do not add up to the promise', [
            { path: 'promise.installments', message: 'plan_mismatch' },
          ]);
        }
      }
      // The script's path, replayed on the stored document: main decides whether the steps were passed.
      let scriptSession: ScriptSession | null = null;
      if (input.script) {
        const replay = replayScriptTrace(store, input.script, requirementsFromPolicy(priority.policy().policy));
        if (!replay.ok) {
          throw new QuitaError('invalid_input', `The script path does not replay on ${input.script.scriptId} v${input.script.version}`, [
            { path: replay.index === undefined ? 'script' : `script.path.${replay.index}`, message: replay.code },
          ]);
        }
        scriptSession = replay.session;
      }
      // A promise or plan on a call needs the person verified and the mandatory steps passed, whatever the UI sent.
      // Other channels (a WhatsApp chat, an email) have no script to follow.
      if (input.channel === 'phone' && findDisposition(dispositionConfigOf(store), input.disposition)?.needsScriptMandatorySteps) {
        const blockers = scriptSession ? promiseBlockers(scriptSession) : null;
        if (blockers === null || blockers.length > 0) {
          throw new QuitaError(
            'script_steps_required',
            'A promise needs the script\'s right-party verification and mandatory steps first',
            blockers === null
              ? [{ path: 'script', message: 'script_required' }]
              : blockers.map((b) =>
                  b.code === 'mandatory_step_pending'
                    ? { path: `script.steps.${b.stepId}`, message: b.code }
                    : b.code === 'disclosure_not_given'
                      ? { path: `script.disclosures.${b.disclosure}`, message: b.code }
                      : { path: 'script', message: b.code },
                ),
          );
        }
      }
      if (input.callbackAt !== null && input.callbackAt <= now) {
        throw new QuitaError('invalid_input', 'The callback time is in the past', [
          { path: 'callbackAt', message: 'callback_time_past' },
        ]);
      }

      const attempt: ContactAttempt = {
        // The client's requestId names the attempt, so retrying the same save finds it instead of doubling it.
        id: call?.attemptId ?? input.requestId ?? uuidv7(),
        accountId: account.id,
        customerId: account.customerId,
        channel: input.channel,
        // A softphone call brings its own facts (see services/softphone/pending-calls.ts for why they wait here).
        direction,
        number: call?.number ?? input.number,
        startedAt: call?.startedAt ?? now,
        answeredAt: call?.answeredAt ?? null,
        endedAt: call?.endedAt ?? now,
        sipStatus: call?.sipStatus ?? null,
        disposition: input.disposition,
        agentId: deps.agentId,
        scriptId: input.script?.scriptId ?? null,
        scriptVersion: input.script?.version ?? null,
        scriptVariant: input.script?.variant ?? null,
        strategyVariant: priority.variantOf(account.id).id,
        notes: input.notes,
        scriptPath:
          input.script && scriptSession
            ? {
                startedAt: input.script.startedAt,
                path: input.script.path,
                objections: input.script.objections,
                rpcVerified: rpcVerified(scriptSession),
              }
            : null,
      };
      const promise: PaymentPromise | null = input.promise && {
        id: uuidv7(),
        accountId: account.id,
        attemptId: attempt.id,
        amountCents: input.promise.amountCents,
        currency: account.currency,
        dueDate: input.promise.dueDate,
        installments: (input.promise.installments ?? []).map((i) => ({ dueDate: i.dueDate, amountCents: i.amountCents })),
        status: 'pending',
        createdAt: now,
        resolvedAt: null,
      };
      const callback: Callback | null =
        input.callbackAt === null
          ? null
          : { id: uuidv7(), accountId: account.id, attemptId: attempt.id, dueAt: input.callbackAt, status: 'pending', createdAt: now };

      // The change and its outbox events commit together, or not at all.
      store.transaction(() => {
        store.insertAttempt(attempt);
        if (attempt.scriptPath && input.script) {
          setAttemptScriptPath(store.db, account.id, attempt.id, { ...input.script, ...attempt.scriptPath });
        }
        store.appendEvent('contact.logged', attempt);
        if (call) removePendingCall(store, call.attemptId);
        const completed = store.closeDueCallbacks(account.id, now);
        if (completed.length) store.appendEvent('callback.completed', { accountId: account.id, callbackIds: completed, at: now });
        if (promise) {
          // A new promise replaces the one still pending (renegotiation); the old one is kept as cancelled.
          const replaced = store.cancelPendingPromises(account.id, now);
          if (replaced.length) store.appendEvent('promise.cancelled', { accountId: account.id, promiseIds: replaced, at: now });
          store.insertPromise(promise);
          store.appendEvent('promise.made', promise);
        }
        if (callback) {
          store.insertCallback(callback);
          store.appendEvent('callback.scheduled', callback);
        }
        store.refreshDerived(account.id);
        priority.releaseLease(account.id);
      });
      priority.markDirty(account.id);
      emit('store:changed', { entities: ['queue', 'account', 'history'], accountId: account.id });
      emit('sync:status', syncStatus());
      deps.sync.notifyLocalChange();
      return { attemptId: attempt.id, promiseId: promise?.id ?? null, callbackId: callback?.id ?? null, duplicate: false };
    },

    'sync:status': () => syncStatus(),
    'sync:login': async ({ serverUrl, username, password }) => {
      const user = await deps.sync.login(serverUrl, username, password);
      return { username: user.username, displayName: user.displayName, role: user.role };
    },
    'sync:logout': () => deps.sync.logout(),
    'sync:now': async () => {
      const status = await deps.sync.syncNow();
      // Pulled payments may have kept a promise; the day may have turned while offline.
      promiseLifecycle();
      return status;
    },
  });
}

/** The signed-in user's name as the script reads it ("ana" → "Ana"); empty when not signed in. */
function agentNameOf(username: string | null): string {
  return username ? username.charAt(0).toUpperCase() + username.slice(1) : '';
}

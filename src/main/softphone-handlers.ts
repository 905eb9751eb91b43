// The softphone's channels: its SIP account (password kept by the SecretCipher), the record of a finished call
// and the caller-id lookup for the screen-pop. Merged into the one handler map by createHandlers. Electron-free.
import { v7 as uuidv7 } from 'uuid';
import { toE164 } from '../shared/domain/phone';
import type { HandlerMap } from './dispatch';
import { QuitaError } from './dispatch';
import { readSettings } from './services/settings';
import { addPendingCall, pendingCalls } from './services/softphone/pending-calls';
import type { SipAccountStore } from './services/softphone/sip-account-store';
import type { Store } from './services/store/repositories';

export function createSoftphoneHandlers(deps: { store: Store; sipAccounts: SipAccountStore }): Partial<HandlerMap> {
  const { store, sipAccounts } = deps;
  const findByPhone = store.db.prepare(`SELECT c.id AS customerId, c.name AS customerName,
      (SELECT a.id FROM accounts a WHERE a.customer_id = c.id ORDER BY a.status = 'open' DESC, a.due_date LIMIT 1) AS accountId
    FROM customers c WHERE instr(c.phones_json, ?) > 0 LIMIT 20`);

  return {
    'softphone:settings-get': () => sipAccounts.settings(),
    'softphone:settings-set': (input) =>
      sipAccounts.save({
        serverUrl: input.serverUrl.trim(),
        sipUri: input.sipUri.trim(),
        authUser: input.authUser,
        displayName: input.displayName,
        password: input.password,
      }),
    'softphone:credentials': () => ({ password: sipAccounts.load().password }),

    'call:record': (input) => {
      const prior = pendingCalls(store).find((c) => c.callId === input.callId);
      if (prior) return { attemptId: prior.attemptId, duplicate: true };
      if (input.accountId !== null && !store.getAccount(input.accountId)) {
        throw new QuitaError('not_found', `Account ${input.accountId} not found`);
      }
      const attemptId = uuidv7();
      store.transaction(() => addPendingCall(store, { ...input, attemptId }));
      return { attemptId, duplicate: false };
    },

    'customer:find-by-phone': ({ number }) => {
      // Caller ids arrive in many shapes ("011987654321", "+55 11 ..."): normalize like the phones we store.
      const e164 = toE164(number, readSettings(store).defaultRegion);
      if (!e164) return { matches: [] };
      const rows = findByPhone.all(`"e164":"${e164}"`) as Array<{ customerId: string; customerName: string; accountId: string | null }>;
      return { matches: rows.filter((r): r is { customerId: string; customerName: string; accountId: string } => r.accountId !== null) };
    },
  };
}

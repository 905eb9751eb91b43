// Finished softphone calls waiting for the agent's disposition. Electron-free.
//
// Why a call is logged once, at confirmation, rather than as `contact.logged` at hang-up plus a second event when
// the agent confirms: a contact attempt always carries a disposition (ContactAttempt, the local table and the
// server's push schema all require one), and for an answered call only the agent knows it. Logging at hang-up
// would mean inventing a disposition and then correcting it with a new event type the server does not know yet.
// So call:record keeps the call's SIP facts here, in the encrypted local store (they survive a restart), and
// names the attempt-to-be; outcome:log with that `callId` writes ONE attempt with the SIP facts and the confirmed
// disposition, and ONE `contact.logged` event, in one transaction, removing the pending call in the same one.
import type { Store } from '../store/repositories';

export interface PendingCall {
  /** The id the contact attempt gets when the agent confirms. */
  attemptId: string;
  /** The SIP session's id, so the renderer reporting one call twice gets the same attemptId back. */
  callId: string;
  accountId: string | null;
  number: string;
  direction: 'outbound' | 'inbound';
  startedAt: number;
  answeredAt: number | null;
  endedAt: number;
  sipStatus: number | null;
}

const KEY = 'softphone.pending-calls';
/** Old unconfirmed calls beyond this are dropped (oldest first) so the list stays small. */
const MAX_PENDING = 200;

export function pendingCalls(store: Store): PendingCall[] {
  const raw = store.getMeta(KEY);
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as PendingCall[]) : [];
  } catch {
    return [];
  }
}

export function addPendingCall(store: Store, call: PendingCall): void {
  store.setMeta(KEY, JSON.stringify([...pendingCalls(store), call].slice(-MAX_PENDING)));
}

export function findPendingCall(store: Store, attemptId: string): PendingCall | null {
  return pendingCalls(store).find((c) => c.attemptId === attemptId) ?? null;
}

export function removePendingCall(store: Store, attemptId: string): void {
  store.setMeta(KEY, JSON.stringify(pendingCalls(store).filter((c) => c.attemptId !== attemptId)));
}

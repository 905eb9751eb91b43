// Tells main the agent's state whenever it changes (softphone slice: available, on call, wrap-up, paused with a
// reason), and again after signing in or when the sync connection comes back, so the supervisor's board is
// right at once. Main sends it to the server and keeps only the latest while offline (supervisor-handlers.ts).
import type { QuitaApi } from '../../../shared/contract';
import type { QuitaStore } from '../../store';

export function reportAgentState(api: QuitaApi, store: QuitaStore): () => void {
  let last = '';
  const send = (force: boolean) => {
    const s = store.getState();
    // A supervisor's or admin's desk is not on any board.
    if (s.syncStatus?.role === 'supervisor' || s.syncStatus?.role === 'admin') return;
    const callStartedAt = s.agentState === 'on_call' && s.call ? (s.call.answeredAt ?? s.call.startedAt) : null;
    const reason = s.agentState === 'paused' ? s.pauseReason : null;
    const key = JSON.stringify([s.agentState, reason, callStartedAt]);
    if (!force && key === last) return;
    last = key;
    void api.invoke('agent:state', { state: s.agentState, reason, callStartedAt });
  };
  return store.subscribe((state, previous) => {
    const signedIn = !!state.syncStatus?.username && state.syncStatus.username !== previous.syncStatus?.username;
    const reconnected = state.syncStatus?.state === 'online' && previous.syncStatus?.state !== 'online';
    send(signedIn || reconnected);
  });
}

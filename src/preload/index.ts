// The sandboxed preload: exposes `window.quita` (QuitaApi) and nothing else. It must bundle into one CommonJS
// file whose only require is `electron`, so it imports names from contract-names (no zod) and only types
// from contract.ts. Main validates every payload again; this file is the first gate, not the only one.
import { contextBridge, ipcRenderer } from 'electron';
import type { ChannelName, EventName, QuitaApi, Result } from '../shared/contract';
import { eventIpcChannel, isChannelName, isEventName } from '../shared/contract-names';

function unknownChannel(channel: unknown): Result<never> {
  return {
    ok: false,
    error: { code: 'unknown_channel', message: `Unknown channel ${String(channel).slice(0, 80)}` },
  };
}

const api = {
  invoke(channel, input) {
    // A renderer bug or injected script must not reach arbitrary IPC channels through this bridge.
    if (!isChannelName(channel)) return Promise.resolve(unknownChannel(channel));
    return ipcRenderer.invoke(channel satisfies ChannelName, input);
  },
  on(event, listener) {
    if (!isEventName(event) || typeof listener !== 'function') {
      throw new TypeError(`Unknown event ${String(event).slice(0, 80)}`);
    }
    const channel = eventIpcChannel(event satisfies EventName);
    // The renderer gets the payload only: the IpcRendererEvent carries `sender` (ipcRenderer itself).
    const forward = (_event: Electron.IpcRendererEvent, payload: unknown) => {
      (listener as (payload: unknown) => void)(payload);
    };
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
} satisfies QuitaApi;

contextBridge.exposeInMainWorld('quita', api);

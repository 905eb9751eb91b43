// Registers the contract's handler map with ipcMain. Every call is first checked to come from the app's own
// top frame (a subframe or a page that navigated elsewhere gets `forbidden_sender`), then validated and run
// by dispatch(). Main → renderer events are checked against the contract before they are sent.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { events, type EventName, type EventPayload, type Result } from '../shared/contract';
import { channelNameList, eventIpcChannel } from '../shared/contract-names';
import { dispatch, type HandlerMap } from './dispatch';
import { isAppUrl } from './security';

export type IpcLog = Pick<Console, 'warn' | 'error'>;
type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/** Why a sender is refused, or null when it is the app's own top frame. */
export function senderProblem(event: SenderEvent, appOrigin: string): string | null {
  let frame: IpcMainInvokeEvent['senderFrame'];
  try {
    frame = event.senderFrame;
  } catch {
    return 'sender frame is gone';
  }
  if (!frame) return 'sender frame is gone';
  if (frame.parent !== null) return 'sender is not the top frame';
  if (!isAppUrl(frame.url, appOrigin)) return 'sender is not the app origin';
  return null;
}

/** One IPC call: sender check, then dispatch (which checks the channel and the input and never throws). */
export function createIpcHandler(handlers: HandlerMap, appOrigin: string, log: IpcLog) {
  return async (channel: unknown, event: SenderEvent, input: unknown): Promise<Result<unknown>> => {
    const problem = senderProblem(event, appOrigin);
    if (problem) {
      log.warn(`Refused IPC ${String(channel).slice(0, 80)}: ${problem}`);
      return { ok: false, error: { code: 'forbidden_sender', message: `Forbidden sender: ${problem}` } };
    }
    return dispatch(handlers, channel, input, {
      onInternalError: (name, error) => log.error(`IPC ${name} failed`, error),
    });
  };
}

export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: HandlerMap,
  appOrigin: string,
  log: IpcLog,
): void {
  const handle = createIpcHandler(handlers, appOrigin, log);
  for (const channel of channelNameList) {
    ipcMain.handle(channel, (event, input: unknown) => handle(channel, event, input));
  }
}

type EventTarget = Pick<BrowserWindow, 'isDestroyed'> & {
  webContents: Pick<BrowserWindow['webContents'], 'send' | 'getURL' | 'isDestroyed'>;
};

export interface BroadcastOptions {
  /** When set, only windows showing the app receive the payload (customer data must not reach other pages). */
  appOrigin?: string;
  log?: IpcLog;
}

/** Sends a contract event to every live window. Returns how many received it; an invalid payload sends none. */
export function broadcast<E extends EventName>(
  windows: readonly EventTarget[],
  event: E,
  payload: EventPayload<E>,
  options: BroadcastOptions = {},
): number {
  const parsed = events[event].safeParse(payload);
  if (!parsed.success) {
    options.log?.error(`Event ${event} broke its contract; not sent`, parsed.error.issues);
    return 0;
  }
  let sent = 0;
  for (const window of windows) {
    if (window.isDestroyed() || window.webContents.isDestroyed()) continue;
    if (options.appOrigin && !isAppUrl(window.webContents.getURL(), options.appOrigin)) continue;
    window.webContents.send(eventIpcChannel(event), parsed.data);
    sent += 1;
  }
  return sent;
}

// The one place a contract call is checked and run, used by both transports: Electron's ipcMain.handle
// (src/main/ipc.ts) and the web host's POST /bridge/<channel> (src/web-host). Electron-free.
import { ZodError } from 'zod';
import {
  channels,
  invalidInput,
  isChannel,
  type AppError,
  type ChannelName,
  type ChannelOutput,
  type ErrorCode,
  type ParsedInput,
  type Result,
} from '../shared/contract';

export type Handler<C extends ChannelName> = (input: ParsedInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
export type HandlerMap = { [C in ChannelName]: Handler<C> };

/** Thrown by services for errors the user can meet; becomes `{ ok: false, error }` with a stable code. */
export class QuitaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field-level reasons (`path` + a message key the UI translates), as a schema failure would give. */
    readonly issues?: Array<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = 'QuitaError';
  }
}

/** Merges handler groups into one map; a channel defined twice or missing is a programming error. */
export function combineHandlers(...groups: Array<Partial<HandlerMap>>): HandlerMap {
  const map: Partial<Record<ChannelName, unknown>> = {};
  for (const group of groups) {
    for (const [name, fn] of Object.entries(group)) {
      if (!isChannel(name)) throw new Error(`Handler for unknown channel ${name}`);
      if (map[name]) throw new Error(`Duplicate handler for channel ${name}`);
      map[name] = fn;
    }
  }
  const missing = (Object.keys(channels) as ChannelName[]).filter((c) => !map[c]);
  if (missing.length) throw new Error(`No handler for channel(s): ${missing.join(', ')}`);
  return map as HandlerMap;
}

export interface DispatchOptions {
  /** Logs unexpected failures (the renderer only gets the code). */
  onInternalError?: (channel: string, error: unknown) => void;
}

/** Validates the channel and the input, runs the handler, validates the output. Never throws. */
export async function dispatch(
  handlers: HandlerMap,
  channel: unknown,
  rawInput: unknown,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return fail({ code: 'unknown_channel', message: `Unknown channel ${String(channel).slice(0, 80)}` });
  }
  const spec = channels[channel];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) return fail(invalidInput(parsed.error, channel));
  try {
    const handler = handlers[channel] as (input: unknown) => unknown;
    const output = await handler(parsed.data);
    // The output is checked too: a handler bug must not hand the renderer a shape it does not expect.
    return { ok: true, value: spec.output.parse(output) };
  } catch (error) {
    if (error instanceof QuitaError) {
      return fail({ code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) });
    }
    options.onInternalError?.(channel, error);
    if (error instanceof ZodError) return fail({ code: 'internal', message: `Output of ${channel} broke its contract` });
    return fail({ code: 'internal', message: 'Unexpected error' });
  }
}

function fail(error: AppError): Result<never> {
  return { ok: false, error };
}

// Calls the Quita server for the supervisor's features with the signed-in session's token (read from the
// encrypted session store; the renderer never sees it), and turns the server's refusals into the contract's
// error codes the UI translates. Electron-free.
import { ServerError } from '../../../shared/sync';
import { QuitaError } from '../../dispatch';
import type { SyncSession } from '../sync/session-store';

export interface SessionSource {
  load(): SyncSession | null;
}

export interface ServerCaller {
  sessions: SessionSource;
  fetch?: typeof globalThis.fetch;
}

/** The session, or not_signed_in: the features need a server. */
export function requireSession(sessions: SessionSource): SyncSession {
  const session = sessions.load();
  if (!session) throw new QuitaError('not_signed_in', 'Sign in to a Quita server first');
  return session;
}

export function authorised(session: SyncSession, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${session.token}`, ...extra };
}

/** Fetch that reports an unreachable server as server_unreachable (and an abort as it is). */
export async function call(caller: ServerCaller, url: string, init: RequestInit): Promise<Response> {
  const fetchImpl = caller.fetch ?? globalThis.fetch;
  try {
    return await fetchImpl(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new QuitaError('server_unreachable', `The server did not answer (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** A non-2xx answer as the QuitaError the renderer translates (never the server's English). */
export async function refusal(response: Response, what: string): Promise<QuitaError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const parsed = ServerError.safeParse(body);
  const detail = parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : `HTTP ${response.status}`;
  const message = `${what} refused (${detail})`;
  switch (response.status) {
    case 401:
      return new QuitaError('not_signed_in', message);
    case 403:
      return new QuitaError('forbidden', message);
    case 404:
      return new QuitaError('not_found', message);
    case 400:
    case 413:
      return new QuitaError(
        'invalid_input',
        message,
        parsed.success && parsed.data.error.issues ? parsed.data.error.issues.map((i) => ({ path: i.path, message: i.message })) : undefined,
      );
    case 429:
      return new QuitaError('rate_limited', message);
    case 502:
    case 503:
    case 504:
      // A proxy in front of the server, or the server starting: the server cannot be reached right now.
      return new QuitaError('server_unreachable', message);
    default:
      return new QuitaError('internal', message);
  }
}

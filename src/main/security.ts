// The main process's security policy as plain functions over injected Electron objects, so each rule is unit
// tested without Electron: the app origin and its protocol, the CSP, navigation/window-open guards, the
// external-link allow-list and the permission handlers (microphone for the softphone, nothing else).
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CustomScheme, PermissionRequest, Session, Shell, WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'quita';
/** The origin the packaged renderer is served from (`app://quita/index.html`). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Registered before `ready`: standard (real origin, relative URLs), secure (like https), fetch-able. */
export const appSchemePrivileges: CustomScheme = {
  scheme: APP_SCHEME,
  // `stream` lets <audio> (the ringtone) read the response progressively.
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

/**
 * `scheme://host[:port]` of a URL or origin string, or null when it has none. Done by hand because Node's URL
 * gives `origin === 'null'` for schemes it does not know, such as `app:`.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!parsed.host) return null;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

/** True when `url` is a page of the app itself (same scheme, host and port, no credentials). */
export function isAppUrl(url: string, appOrigin: string): boolean {
  if (typeof url !== 'string') return false;
  const expected = originOf(appOrigin);
  if (!expected) return false;
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) return false;
  } catch {
    return false;
  }
  return originOf(url) === expected;
}

const EXTERNAL_SCHEMES = new Set([
  'https:', // the creditor's site, boleto pages, and WhatsApp's web links (https://wa.me/…, https://api.whatsapp.com/…)
  'mailto:',
  'tel:', // hands a number to the OS dialer
  'whatsapp:', // the WhatsApp desktop app
]);
const MAX_EXTERNAL_URL_LENGTH = 8192;

/**
 * Which URLs may be handed to the operating system (`shell.openExternal`). Anything else — http:, file:,
 * javascript:, data:, other apps' schemes, URLs with credentials, malformed ones — is refused, because the
 * OS would run whatever handler the scheme names.
 */
export function isAllowedExternalUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  // The URL parser silently strips whitespace and control characters; a link that needs that is not honest.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!EXTERNAL_SCHEMES.has(parsed.protocol)) return false;
  if (parsed.username || parsed.password) return false;
  if (parsed.protocol === 'https:' && !parsed.hostname) return false;
  return true;
}

export interface CspOptions {
  /** The Vite dev server needs inline scripts (React refresh preamble) and a ws: connection for HMR. */
  dev?: boolean;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Array<[string, string]> = [
    ['default-src', "'none'"],
    ['script-src', options.dev ? "'self' 'unsafe-inline'" : "'self'"],
    // 'unsafe-inline' for styles only: Mantine injects <style> tags and style attributes at run time.
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', "'self' data: blob:"],
    ['font-src', "'self'"],
    // The softphone talks SIP over secure WebSockets to the call center's PBX and the sync server is https;
    // both hosts are configured at run time per customer, so the scheme is as narrow as the policy can be.
    ['connect-src', options.dev ? "'self' ws: wss: https:" : "'self' wss: https:"],
    ['media-src', "'self' blob:"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

type HeadersReceivedSession = { webRequest: Pick<Session['webRequest'], 'onHeadersReceived'> };

/** Puts the CSP on every response (replacing any the server sent), so a dev server or a stray page gets it too. */
export function installContentSecurityPolicy(session: HeadersReceivedSession, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') responseHeaders[name] = value;
    }
    responseHeaders['Content-Security-Policy'] = [csp];
    callback({ responseHeaders });
  });
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The `protocol.handle('app', …)` handler: serves files under `rootDir` (out/renderer) for `app://quita/…`.
 * Anything that would resolve outside `rootDir` (`..`, encoded slashes, absolute or Windows paths) is a 404.
 */
export function createAppProtocolHandler(
  rootDir: string,
  csp: string,
): (request: { url: string; method: string }) => Promise<Response> {
  const root = resolve(rootDir);
  const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
    const file = resolveInside(root, url.pathname);
    if (!file) return notFound();
    try {
      if (!(await stat(file)).isFile()) return notFound();
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return notFound();
    }
  };
}

function resolveInside(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const wanted = decoded === '/' || decoded === '' ? '/index.html' : decoded;
  const file = resolve(root, `.${wanted}`);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return file;
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
type NavigationEvent = { preventDefault(): void; url?: string };

/**
 * Keeps a webContents on the app: no navigation or redirect to another origin, no new windows (allowed
 * external links go to the OS browser/dialer/WhatsApp instead), no <webview>.
 */
export function installNavigationGuards(
  contents: GuardedContents,
  appOrigin: string,
  shell: Pick<Shell, 'openExternal'>,
): void {
  const guard = (event: NavigationEvent, legacyUrl?: string) => {
    // Electron 45 passes the URL on the event; the positional argument is deprecated.
    const url = event.url ?? legacyUrl ?? '';
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  };
  const on = contents.on.bind(contents) as (name: string, listener: (...args: never[]) => void) => unknown;
  on('will-navigate', guard);
  on('will-frame-navigate', guard);
  on('will-redirect', guard);
  on('will-attach-webview', (event: NavigationEvent) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) {
      shell.openExternal(url).catch(() => {
        // No handler installed for the scheme (e.g. WhatsApp not installed): nothing to do.
      });
    }
    return { action: 'deny' };
  });
}

type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/**
 * Grants the microphone (`media` with audio only) to the app's own pages, for the softphone; denies every
 * other permission (camera, notifications, geolocation, clipboard, HID/USB/serial devices, …) to everyone.
 */
export function installPermissionHandlers(session: PermissionSession, appOrigin: string): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isMicrophoneRequestFromApp(contents.getURL(), permission, details, appOrigin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    return (
      permission === 'media' &&
      isAppUrl(requestingOrigin, appOrigin) &&
      details.mediaType !== 'video' &&
      (details.securityOrigin === undefined || isAppUrl(details.securityOrigin, appOrigin))
    );
  });
  session.setDevicePermissionHandler(() => false);
}

function isMicrophoneRequestFromApp(
  contentsUrl: string,
  permission: string,
  details: PermissionRequest & { mediaTypes?: Array<'video' | 'audio'> },
  appOrigin: string,
): boolean {
  if (permission !== 'media') return false;
  if (!isAppUrl(contentsUrl, appOrigin)) return false;
  if (details.requestingUrl && !isAppUrl(details.requestingUrl, appOrigin)) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'audio');
}

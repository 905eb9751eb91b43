// The security policy: CSP, app origin, external-link allow-list, navigation guards, permission handlers and
// the app:// file server. Electron objects are small fakes; the rules are the real code.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  APP_ORIGIN,
  appSchemePrivileges,
  contentSecurityPolicy,
  createAppProtocolHandler,
  installContentSecurityPolicy,
  installNavigationGuards,
  installPermissionHandlers,
  isAllowedExternalUrl,
  isAppUrl,
} from './security';

vi.mock('electron', () => ({}));

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.join(' ')];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('is strict in production', () => {
    const csp = directives(contentSecurityPolicy());
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'font-src': "'self'",
      'connect-src': "'self' wss: https:",
      'media-src': "'self' blob:",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('never allows eval, inline scripts, plain http or plain ws in production', () => {
    const csp = contentSecurityPolicy();
    expect(csp).not.toContain('unsafe-eval');
    expect(directives(csp).get('script-src')).not.toContain('unsafe-inline');
    expect(directives(csp).get('connect-src')).not.toMatch(/\b(http|ws):/);
  });

  it('relaxes only what the Vite dev server needs in development', () => {
    const dev = directives(contentSecurityPolicy({ dev: true }));
    expect(dev.get('script-src')).toBe("'self' 'unsafe-inline'");
    expect(dev.get('connect-src')).toBe("'self' ws: wss: https:");
    expect(dev.get('default-src')).toBe("'none'");
  });

  it('is put on responses, replacing whatever CSP the server sent', () => {
    let listener: ((details: unknown, callback: (r: unknown) => void) => void) | undefined;
    const session = { webRequest: { onHeadersReceived: vi.fn((l) => (listener = l)) } };
    installContentSecurityPolicy(session as never, 'default-src none');
    const callback = vi.fn();
    listener!(
      { responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ['default-src none'] },
    });
  });
});

describe('app scheme', () => {
  it('is registered standard, secure and fetch-able, without bypassing CSP', () => {
    expect(appSchemePrivileges.scheme).toBe('app');
    expect(appSchemePrivileges.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(appSchemePrivileges.privileges?.bypassCSP).toBeFalsy();
  });

  it.each([
    ['app://quita/index.html', APP_ORIGIN, true],
    ['app://quita/assets/x.js?v=1#top', APP_ORIGIN, true],
    ['APP://QUITA/index.html', APP_ORIGIN, true],
    ['app://evil/index.html', APP_ORIGIN, false],
    ['app://quita.evil/index.html', APP_ORIGIN, false],
    ['app://user:pw@quita/index.html', APP_ORIGIN, false],
    ['https://quita/index.html', APP_ORIGIN, false],
    ['file:///index.html', APP_ORIGIN, false],
    ['about:blank', APP_ORIGIN, false],
    ['not a url', APP_ORIGIN, false],
    ['', APP_ORIGIN, false],
    ['http://localhost:5173/src/main.tsx', 'http://localhost:5173', true],
    ['http://localhost:5174/', 'http://localhost:5173', false],
    ['https://localhost:5173/', 'http://localhost:5173', false],
  ])('isAppUrl(%s, %s) is %s', (url, origin, expected) => {
    expect(isAppUrl(url, origin)).toBe(expected);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://www.example.com.br/boleto/123', true],
    ['https://wa.me/5511999998888?text=Ol%C3%A1', true],
    ['https://api.whatsapp.com/send?phone=5511999998888', true],
    ['whatsapp://send?phone=5511999998888', true],
    ['mailto:cobranca@example.com?subject=Acordo', true],
    ['tel:+5511999998888', true],
    ['http://example.com', false],
    ['HTTP://example.com', false],
    ['file:///etc/passwd', false],
    ['file://server/share/x.exe', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['smb://server/share', false],
    ['vscode://file/etc/passwd', false],
    ['app://quita/index.html', false],
    ['https://user:secret@example.com/', false],
    ['https://user@example.com/', false],
    ['https://', false],
    ['not a url', false],
    ['', false],
    [' https://example.com', false],
    ['https://exa\nmple.com', false],
    [`https://example.com/${'a'.repeat(9000)}`, false],
    [42, false],
    [null, false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedExternalUrl(url)).toBe(expected);
  });
});

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: vi.fn((name: string, listener: (...args: unknown[]) => void) => {
      listeners.set(name, listener);
      return contents;
    }),
    setWindowOpenHandler: vi.fn((handler) => (openHandler = handler)),
  };
  const navigate = (name: string, url: string) => {
    const event = { url, preventDefault: vi.fn() };
    listeners.get(name)!(event, url);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents, listeners, navigate, open: (url: string) => openHandler!({ url }) };
}

describe('installNavigationGuards', () => {
  const setup = () => {
    const fake = fakeContents();
    const shell = { openExternal: vi.fn(() => Promise.resolve()) };
    installNavigationGuards(fake.contents as never, APP_ORIGIN, shell);
    return { ...fake, shell };
  };

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s stays on the app origin', (name) => {
    const { navigate } = setup();
    expect(navigate(name, 'app://quita/index.html#/queue')).toBe(false);
    expect(navigate(name, 'https://evil.example/')).toBe(true);
    expect(navigate(name, 'app://other/index.html')).toBe(true);
    expect(navigate(name, 'file:///etc/passwd')).toBe(true);
    expect(navigate(name, 'javascript:alert(1)')).toBe(true);
  });

  it('uses the URL on the event (Electron 45), not the deprecated argument', () => {
    const { listeners } = setup();
    const event = { url: 'https://evil.example/', preventDefault: vi.fn() };
    listeners.get('will-navigate')!(event, 'app://quita/index.html');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('prevents attaching a <webview>', () => {
    const { listeners } = setup();
    const event = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every window.open and hands only allow-listed URLs to the OS', () => {
    const { open, shell } = setup();
    expect(open('https://wa.me/5511999998888')).toEqual({ action: 'deny' });
    expect(open('tel:+5511999998888')).toEqual({ action: 'deny' });
    expect(open('app://quita/index.html')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(open('http://example.com')).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://wa.me/5511999998888'], ['tel:+5511999998888']]);
  });

  it('survives an OS without a handler for the scheme', async () => {
    const fake = fakeContents();
    const shell = { openExternal: vi.fn(() => Promise.reject(new Error('no handler'))) };
    installNavigationGuards(fake.contents as never, APP_ORIGIN, shell);
    expect(fake.open('whatsapp://send?phone=1')).toEqual({ action: 'deny' });
    await Promise.resolve();
  });
});

describe('installPermissionHandlers', () => {
  type RequestHandler = (
    contents: { getURL(): string },
    permission: string,
    callback: (granted: boolean) => void,
    details: Record<string, unknown>,
  ) => void;
  type CheckHandler = (contents: unknown, permission: string, origin: string, details: Record<string, unknown>) => boolean;

  const setup = () => {
    let request: RequestHandler | undefined;
    let check: CheckHandler | undefined;
    let device: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: vi.fn((h) => (request = h)),
      setPermissionCheckHandler: vi.fn((h) => (check = h)),
      setDevicePermissionHandler: vi.fn((h) => (device = h)),
    };
    installPermissionHandlers(session as never, APP_ORIGIN);
    const ask = (url: string, permission: string, details: Record<string, unknown> = {}) => {
      const callback = vi.fn();
      request!({ getURL: () => url }, permission, callback, { isMainFrame: true, requestingUrl: url, ...details });
      expect(callback).toHaveBeenCalledTimes(1);
      return callback.mock.calls[0]![0] as boolean;
    };
    return { ask, check: (p: string, o: string, d: Record<string, unknown> = {}) => check!(null, p, o, { isMainFrame: true, ...d }), device: () => device!() };
  };

  it('grants the microphone to the app', () => {
    expect(setup().ask('app://quita/index.html', 'media', { mediaTypes: ['audio'] })).toBe(true);
  });

  it('denies the camera, even together with the microphone', () => {
    const { ask } = setup();
    expect(ask('app://quita/index.html', 'media', { mediaTypes: ['video'] })).toBe(false);
    expect(ask('app://quita/index.html', 'media', { mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(ask('app://quita/index.html', 'media', { mediaTypes: [] })).toBe(false);
    expect(ask('app://quita/index.html', 'media', {})).toBe(false);
  });

  it('denies the microphone to any other origin or frame', () => {
    const { ask } = setup();
    expect(ask('https://evil.example/', 'media', { mediaTypes: ['audio'] })).toBe(false);
    expect(ask('app://other/index.html', 'media', { mediaTypes: ['audio'] })).toBe(false);
    expect(
      ask('app://quita/index.html', 'media', { mediaTypes: ['audio'], requestingUrl: 'https://evil.example/' }),
    ).toBe(false);
  });

  it.each([
    'notifications',
    'geolocation',
    'clipboard-read',
    'display-capture',
    'openExternal',
    'midiSysex',
    'fullscreen',
    'pointerLock',
    'hid',
    'serial',
    'usb',
    'unknown',
  ])('denies %s even to the app', (permission) => {
    expect(setup().ask('app://quita/index.html', permission, { mediaTypes: ['audio'] })).toBe(false);
  });

  it('answers checks: media from the app origin only, nothing else', () => {
    const { check } = setup();
    expect(check('media', 'app://quita', { mediaType: 'audio', securityOrigin: 'app://quita' })).toBe(true);
    expect(check('media', 'app://quita')).toBe(true);
    expect(check('media', 'app://quita', { mediaType: 'video' })).toBe(false);
    expect(check('media', 'https://evil.example')).toBe(false);
    expect(check('media', 'app://quita', { securityOrigin: 'https://evil.example' })).toBe(false);
    expect(check('media', 'null')).toBe(false);
    expect(check('notifications', 'app://quita')).toBe(false);
    expect(check('geolocation', 'app://quita')).toBe(false);
    expect(check('clipboard-read', 'app://quita')).toBe(false);
    expect(check('usb', 'app://quita')).toBe(false);
  });

  it('refuses every device (HID, USB, serial)', () => {
    expect(setup().device()).toBe(false);
  });
});

describe('createAppProtocolHandler', () => {
  const root = mkdtempSync(join(tmpdir(), 'quita-renderer-'));
  const outside = `${root}-secret.txt`;
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Quita</title>');
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(outside, 'secret');
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { force: true });
  });
  const handler = createAppProtocolHandler(root, 'default-src none');
  const get = (url: string, method = 'GET') => handler({ url, method });

  it('serves the app with the CSP and the right content type', async () => {
    const response = await get('app://quita/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Quita</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe('default-src none');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await get('app://quita/assets/index.js?v=2');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://quita/')).status).toBe(200);
  });

  it.each([
    'app://quita/../' + outside.split('/').pop(),
    'app://quita/%2e%2e/' + outside.split('/').pop(),
    'app://quita/assets/..%2f..%2f' + outside.split('/').pop(),
    'app://quita/..%5c..%5cetc%5cpasswd',
    'app://quita/%2fetc%2fpasswd',
    'app://quita/index.html%00.js',
    'app://quita/%E0%A4%A',
    'app://quita/assets',
    'app://quita/missing.js',
    'app://other/index.html',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('secret');
  });

  it('only answers GET and HEAD', async () => {
    expect((await get('app://quita/index.html', 'POST')).status).toBe(405);
    const head = await get('app://quita/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

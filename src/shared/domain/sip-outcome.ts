// What a call's SIP result means for the collector, and the checks on the softphone's settings. Pure: the
// renderer pre-fills the outcome form with it, main and the server may re-derive it from a logged attempt.
import type { Disposition } from '../model';

/** How a call that was never answered stopped ringing, when our side stopped it. */
export type CallCancelledBy = 'agent' | 'ring_timeout';

export interface SipCallResult {
  /** The final SIP status of the INVITE (200 when answered); null when no final response ever came. */
  sipStatus: number | null;
  /** Set when our side sent CANCEL (the status is then 487). */
  cancelledBy?: CallCancelledBy;
}

/**
 * The disposition to pre-fill after a call, or null when only the agent can tell (an answered call, an
 * agent's own cancel, a PBX or network failure). The agent always confirms.
 */
export function suggestedDisposition(result: SipCallResult): Disposition | null {
  const status = result.sipStatus;
  if (status === null) return null;
  if (status >= 200 && status < 300) return null;
  switch (status) {
    case 486: // Busy Here
    case 600: // Busy Everywhere
      return 'busy';
    case 480: // Temporarily Unavailable: phone off, out of coverage
    case 408: // Request Timeout: rang out at the PBX or carrier
      return 'no_answer';
    case 487: // Request Terminated: our CANCEL
      return result.cancelledBy === 'ring_timeout' ? 'no_answer' : null;
    case 404: // Not Found
    case 410: // Gone
    case 484: // Address Incomplete
    case 604: // Does Not Exist Anywhere
      return 'wrong_number';
    case 603: // Decline: the callee rejected the call
      return 'refused';
    default:
      return null;
  }
}

export type SettingsCheck<T> = { ok: true; value: T } | { ok: false; code: SettingsErrorCode };

/** Stable codes the settings form translates (i18n) into a message with the next step. */
export type SettingsErrorCode =
  | 'sip_uri_empty'
  | 'sip_uri_scheme'
  | 'sip_uri_user'
  | 'sip_uri_host'
  | 'sip_uri_port'
  | 'server_url_empty'
  | 'server_url_scheme'
  | 'server_url_credentials'
  | 'server_url_host'
  | 'server_url_port';

export interface SipAddress {
  user: string;
  host: string;
  port: number | null;
}

// RFC 3261 "user" characters (unreserved, escaped, user-unreserved), which covers "+5511..." and "agent.01".
const sipUserPattern = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
const hostnamePattern = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/;
const ipv4Pattern = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ipv6Pattern = /^\[[0-9A-Fa-f:.]+\]$/;

function validHost(host: string): boolean {
  if (ipv6Pattern.test(host)) return host.includes(':');
  // A dotted all-numeric host must be a real IPv4 address, not "999.1.1.1".
  if (/^[\d.]+$/.test(host)) return ipv4Pattern.test(host);
  return hostnamePattern.test(host);
}

function parsePort(text: string | undefined): number | null | 'invalid' {
  if (text === undefined) return null;
  if (!/^\d{1,5}$/.test(text)) return 'invalid';
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : 'invalid';
}

/** Splits "host", "host:port", "[v6]" or "[v6]:port"; undefined port when none was written. */
function splitHostPort(text: string): { host: string; port: string | undefined } {
  const v6 = /^(\[[^\]]*\])(?::(.*))?$/.exec(text);
  if (v6) return { host: v6[1] ?? '', port: v6[2] };
  const colon = text.lastIndexOf(':');
  if (colon === -1) return { host: text, port: undefined };
  return { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

/** The agent's SIP address of record, "sip:agent1@pbx.example.com" (the "sip:" may be left out). */
export function checkSipUri(raw: string): SettingsCheck<SipAddress> {
  const text = raw.trim();
  if (text === '') return { ok: false, code: 'sip_uri_empty' };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(?!\d)/.exec(text);
  let rest = text;
  if (scheme) {
    if ((scheme[1] ?? '').toLowerCase() !== 'sip') return { ok: false, code: 'sip_uri_scheme' };
    rest = text.slice(scheme[0].length);
  }
  const at = rest.indexOf('@');
  if (at <= 0) return { ok: false, code: 'sip_uri_user' };
  const user = rest.slice(0, at);
  if (!sipUserPattern.test(user)) return { ok: false, code: 'sip_uri_user' };
  // URI parameters (";transport=ws") are the PBX's business, not part of the account.
  const hostAndPort = rest.slice(at + 1).split(/[;?]/, 1)[0] ?? '';
  const { host, port } = splitHostPort(hostAndPort);
  if (!validHost(host)) return { ok: false, code: 'sip_uri_host' };
  const parsedPort = parsePort(port);
  if (parsedPort === 'invalid') return { ok: false, code: 'sip_uri_port' };
  return { ok: true, value: { user, host: host.toLowerCase(), port: parsedPort } };
}

export interface SipServerUrl {
  secure: boolean;
  host: string;
  port: number | null;
  /** The URL as the softphone will open it. */
  url: string;
}

/** The PBX's SIP-over-WebSocket address: "wss://pbx.example.com:8089/ws" (ws:// for a LAN or test PBX). */
export function checkSipServerUrl(raw: string): SettingsCheck<SipServerUrl> {
  const text = raw.trim();
  if (text === '') return { ok: false, code: 'server_url_empty' };
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([/?#].*)?$/.exec(text);
  if (!match) return { ok: false, code: 'server_url_scheme' };
  const scheme = (match[1] ?? '').toLowerCase();
  if (scheme !== 'ws' && scheme !== 'wss') return { ok: false, code: 'server_url_scheme' };
  const authority = match[2] ?? '';
  if (authority.includes('@')) return { ok: false, code: 'server_url_credentials' };
  const { host, port } = splitHostPort(authority);
  if (!validHost(host)) return { ok: false, code: 'server_url_host' };
  const parsedPort = parsePort(port);
  if (parsedPort === 'invalid') return { ok: false, code: 'server_url_port' };
  const path = match[3] ?? '';
  if (/\s/.test(path)) return { ok: false, code: 'server_url_host' };
  return {
    ok: true,
    value: { secure: scheme === 'wss', host: host.toLowerCase(), port: parsedPort, url: `${scheme}://${authority}${path}` },
  };
}

import { describe, expect, it } from 'vitest';
import { checkSipServerUrl, checkSipUri, suggestedDisposition } from './sip-outcome';

describe('suggestedDisposition', () => {
  it.each([
    [486, 'busy'],
    [600, 'busy'],
    [480, 'no_answer'],
    [408, 'no_answer'],
    [404, 'wrong_number'],
    [484, 'wrong_number'],
    [604, 'wrong_number'],
    [410, 'wrong_number'],
    [603, 'refused'],
  ] as const)('%i → %s', (sipStatus, disposition) => {
    expect(suggestedDisposition({ sipStatus })).toBe(disposition);
  });

  it('leaves an answered call to the agent', () => {
    expect(suggestedDisposition({ sipStatus: 200 })).toBeNull();
  });

  it('counts our own cancel after the ring timeout as no answer, but not an agent who hung up early', () => {
    expect(suggestedDisposition({ sipStatus: 487, cancelledBy: 'ring_timeout' })).toBe('no_answer');
    expect(suggestedDisposition({ sipStatus: 487, cancelledBy: 'agent' })).toBeNull();
    expect(suggestedDisposition({ sipStatus: 487 })).toBeNull();
  });

  it('does not blame the customer for a PBX or network failure', () => {
    for (const sipStatus of [403, 488, 500, 502, 503, 504]) expect(suggestedDisposition({ sipStatus })).toBeNull();
    expect(suggestedDisposition({ sipStatus: null })).toBeNull();
  });
});

describe('checkSipUri', () => {
  it.each([
    ['sip:agent1@pbx.example.com', { user: 'agent1', host: 'pbx.example.com', port: null }],
    ['agent1@PBX.example.com', { user: 'agent1', host: 'pbx.example.com', port: null }],
    ['SIP:+5511987654321@10.0.0.5:5060', { user: '+5511987654321', host: '10.0.0.5', port: 5060 }],
    ['sip:agent.01@quita.test;transport=ws', { user: 'agent.01', host: 'quita.test', port: null }],
    ['sip:ramal%2001@[2001:db8::1]:5080', { user: 'ramal%2001', host: '[2001:db8::1]', port: 5080 }],
    ['  sip:agent1@localhost  ', { user: 'agent1', host: 'localhost', port: null }],
  ])('%j is accepted', (raw, value) => {
    expect(checkSipUri(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'sip_uri_empty'],
    ['   ', 'sip_uri_empty'],
    ['tel:+5511987654321', 'sip_uri_scheme'],
    ['https://pbx.example.com', 'sip_uri_scheme'],
    ['sip:pbx.example.com', 'sip_uri_user'],
    ['sip:@pbx.example.com', 'sip_uri_user'],
    ['sip:agent one@pbx.example.com', 'sip_uri_user'],
    ['sip:agent1@', 'sip_uri_host'],
    ['sip:agent1@pbx..example.com', 'sip_uri_host'],
    ['sip:agent1@999.1.1.1', 'sip_uri_host'],
    ['sip:agent1@pbx_example.com', 'sip_uri_host'],
    ['sip:agent1@pbx.example.com:0', 'sip_uri_port'],
    ['sip:agent1@pbx.example.com:70000', 'sip_uri_port'],
    ['sip:agent1@pbx.example.com:50a', 'sip_uri_port'],
  ])('%j is refused with %s', (raw, code) => {
    expect(checkSipUri(raw)).toEqual({ ok: false, code });
  });
});

describe('checkSipServerUrl', () => {
  it.each([
    ['wss://pbx.example.com:8089/ws', { secure: true, host: 'pbx.example.com', port: 8089 }],
    ['ws://127.0.0.1:5066', { secure: false, host: '127.0.0.1', port: 5066 }],
    ['WSS://PBX.example.com', { secure: true, host: 'pbx.example.com', port: null }],
    ['wss://[::1]:7443/', { secure: true, host: '[::1]', port: 7443 }],
  ])('%j is accepted', (raw, expected) => {
    const result = checkSipServerUrl(raw);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject(expected);
  });

  it('keeps the path the PBX listens on', () => {
    const result = checkSipServerUrl(' wss://pbx.example.com:8089/ws ');
    expect(result.ok && result.value.url).toBe('wss://pbx.example.com:8089/ws');
  });

  it.each([
    ['', 'server_url_empty'],
    ['pbx.example.com', 'server_url_scheme'],
    ['https://pbx.example.com', 'server_url_scheme'],
    ['sip:agent1@pbx.example.com', 'server_url_scheme'],
    ['wss://user:pass@pbx.example.com', 'server_url_credentials'],
    ['wss://', 'server_url_host'],
    ['wss://pbx example.com', 'server_url_host'],
    ['wss://pbx.example.com/my ws', 'server_url_host'],
    ['wss://pbx.example.com:99999', 'server_url_port'],
    ['ws://127.0.0.1:', 'server_url_port'],
  ])('%j is refused with %s', (raw, code) => {
    expect(checkSipServerUrl(raw)).toEqual({ ok: false, code });
  });
});

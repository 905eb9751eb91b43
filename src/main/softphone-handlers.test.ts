// The softphone's channels over a real encrypted store: the SIP password only ever on disk encrypted, malformed
// settings refused with the check's code, a finished call confirmed into one attempt with its SIP facts and one
// contact.logged event, and the caller-id lookup for the screen-pop.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../shared/contract';
import { dispatch } from './dispatch';
import { openAppServices } from './services/app-services';
import { fileStandInCipher } from './services/key-vault';
import { SIP_CREDENTIALS_FILE } from './services/softphone/sip-account-store';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0);

function setup() {
  const dataDir = tempDir();
  const services = openAppServices({
    dataDir,
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo: { seed: 11, accounts: 50 },
    version: 'test',
    emit: () => {},
    clock: () => NOW,
    startSync: false,
  });
  const raw = <C extends ChannelName>(channel: C, input: ChannelInput<C>) =>
    dispatch(services.handlers, channel, input) as Promise<Result<ChannelOutput<C>>>;
  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const result = await raw(channel, input);
    if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
    return result.value;
  }
  return { services, call, raw, dataDir };
}

const account = { serverUrl: 'wss://pbx.example.com:8089/ws', sipUri: 'sip:agent1@pbx.example.com', authUser: '', displayName: 'Ana' };

describe('softphone settings', () => {
  it('keeps the password only encrypted and never returns it with the settings', async () => {
    const { call, dataDir, services } = setup();
    expect(await call('softphone:settings-get', {})).toMatchObject({ serverUrl: '', hasPassword: false });
    const saved = await call('softphone:settings-set', { ...account, password: 'very-secret-sip-pw' });
    expect(saved).toEqual({ ...account, hasPassword: true });
    expect(JSON.stringify(saved)).not.toContain('very-secret-sip-pw');
    // No file in the data folder holds it in plain text, nor does the store's settings JSON.
    // Every file under it, folders (exports/, imports/...) included.
    for (const name of readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
      if (!name.isFile()) continue;
      const path = join(name.parentPath, name.name);
      expect(readFileSync(path).includes('very-secret-sip-pw'), path).toBe(false);
    }
    expect(readdirSync(dataDir)).toContain(SIP_CREDENTIALS_FILE);
    expect(services.store.getMeta('settings') ?? '').not.toContain('very-secret');
    expect(await call('softphone:credentials', {})).toEqual({ password: 'very-secret-sip-pw' });

    // Saving without a password keeps the stored one.
    await call('softphone:settings-set', { ...account, displayName: 'Ana S.' });
    expect(await call('softphone:credentials', {})).toEqual({ password: 'very-secret-sip-pw' });
    expect(await call('softphone:settings-get', {})).toMatchObject({ displayName: 'Ana S.', hasPassword: true });
  });

  it('refuses a malformed SIP URI or server URL with the check code on the field', async () => {
    const { raw } = setup();
    const bad = await raw('softphone:settings-set', { ...account, sipUri: 'agent1-at-pbx', serverUrl: 'https://pbx.example.com' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('invalid_input');
    expect(bad.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'sipUri', message: 'sip_uri_user' },
        { path: 'serverUrl', message: 'server_url_scheme' },
      ]),
    );
  });
});

describe('call:record and its confirmation', () => {
  it('keeps the call until the agent confirms, then writes one attempt with the SIP facts and one event', async () => {
    const { call, raw, services } = setup();
    const { items } = await call('queue:list', { limit: 10 });
    const accountId = items[0]!.accountId;
    const eventsBefore = services.store.pendingEventCount();
    const attemptsBefore = Number(services.store.db.prepare('SELECT count(*) FROM contact_attempts').pluck().get());
    const record = {
      callId: 'sip-session-1',
      number: '+5511990000486',
      direction: 'outbound' as const,
      startedAt: NOW - 5_000,
      answeredAt: null,
      endedAt: NOW - 4_000,
      sipStatus: 486,
      accountId,
    };
    const recorded = await call('call:record', record);
    expect(recorded.duplicate).toBe(false);
    // Reported twice (a retried IPC): the same attempt-to-be.
    expect(await call('call:record', record)).toEqual({ attemptId: recorded.attemptId, duplicate: true });
    expect(services.store.pendingEventCount()).toBe(eventsBefore);

    const saved = await call('outcome:log', { accountId, disposition: 'busy', notes: 'linha ocupada', callId: recorded.attemptId });
    expect(saved).toMatchObject({ attemptId: recorded.attemptId, duplicate: false });
    const attempt = services.store.attemptWithEffects(accountId, recorded.attemptId)!.attempt;
    expect(attempt).toMatchObject({
      number: '+5511990000486',
      direction: 'outbound',
      startedAt: NOW - 5_000,
      answeredAt: null,
      endedAt: NOW - 4_000,
      sipStatus: 486,
      disposition: 'busy',
    });
    expect(Number(services.store.db.prepare('SELECT count(*) FROM contact_attempts').pluck().get())).toBe(attemptsBefore + 1);
    const events = services.store.peekEvents(1000).filter((e) => e.type === 'contact.logged');
    expect(events.filter((e) => (e.payload as { id: string }).id === recorded.attemptId)).toHaveLength(1);

    // Confirming again finds the first save; an unknown call is refused.
    expect(await call('outcome:log', { accountId, disposition: 'busy', callId: recorded.attemptId })).toMatchObject({ duplicate: true });
    const unknown = await raw('outcome:log', { accountId, disposition: 'busy', callId: '0190a0a0-0000-7000-8000-000000000000' });
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found');
  });
});

describe('customer:find-by-phone', () => {
  it('finds the customer and an account by caller id in any common shape', async () => {
    const { call, services } = setup();
    const { items } = await call('queue:list', { limit: 10 });
    const view = await call('account:get', { accountId: items[0]!.accountId });
    const e164 = view.customer.phones[0]!.e164;
    const national = e164.replace(/^\+55/, '0');
    for (const number of [e164, national]) {
      const { matches } = await call('customer:find-by-phone', { number });
      expect(matches.map((m) => m.customerId), number).toContain(view.customer.id);
    }
    expect((await call('customer:find-by-phone', { number: 'customer1' })).matches).toEqual([]);
    services.close();
  });
});

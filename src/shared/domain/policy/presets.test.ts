import { describe, expect, it } from 'vitest';
import { brPolicy, policyPresets, ukPolicy, usPolicy } from './presets';
import { ContactPolicy } from './schema';

describe('presets', () => {
  it('each preset is valid against the schema and round-trips through JSON', () => {
    for (const preset of Object.values(policyPresets)) {
      expect(ContactPolicy.parse(JSON.parse(JSON.stringify(preset)))).toEqual(preset);
    }
  });

  it('carry the legal values of compliance.md', () => {
    expect(usPolicy.channels.phone.caps).toEqual([expect.objectContaining({ maxAttempts: 7, windowHours: 168, scope: 'debt', countChannels: ['phone'] })]);
    expect(usPolicy.channels.phone.quietAfterConversation).toEqual({ hours: 168, scope: 'debt' });
    expect(usPolicy.callingWindows.sun).toEqual(['08:00-21:00']);
    expect(usPolicy.requiredDisclosures).toContain('us.fdcpa1692e11.mini_miranda');
    expect(brPolicy.regions.SP?.callingWindows?.sat).toEqual(['08:00-14:00']);
    expect(brPolicy.regions.RJ?.callingWindows?.mon).toEqual(['09:00-19:00']);
    expect(brPolicy.regions.RJ?.callingWindows?.sat).toEqual([]);
    expect(brPolicy.regions.ES?.callingWindows?.fri).toEqual(['08:00-19:00']);
    expect(brPolicy.regions.AM?.callingWindows?.mon).toEqual(['08:00-19:00']);
    expect(brPolicy.channels.whatsapp.consentRequired).toBe(true);
    expect(brPolicy.channels.sms.consentRequired).toBe(true);
    expect(brPolicy.toneRules).toContain('br.cdc42.no_embarrassment');
    expect(brPolicy.holidays).toHaveLength(26);
    expect(ukPolicy.flags.vulnerable).toBe('review');
    expect(ukPolicy.channels.phone.vulnerableCaps?.[0]?.maxAttempts).toBeLessThan(ukPolicy.channels.phone.caps[0]!.maxAttempts);
    for (const preset of Object.values(policyPresets)) expect(preset.rightPartyVerificationRequired).toBe(true);
  });

  it.each([
    [['callingWindows', 'mon', 0], { ...brPolicy, callingWindows: { ...brPolicy.callingWindows, mon: ['20:00-08:00'] } }],
    [['callingWindows', 'tue', 0], { ...brPolicy, callingWindows: { ...brPolicy.callingWindows, tue: ['8-20'] } }],
    [['defaultTimeZone'], { ...brPolicy, defaultTimeZone: 'America/Atlantis' }],
    [['channels', 'phone', 'caps', 0, 'maxAttempts'], { ...usPolicy, channels: { ...usPolicy.channels, phone: { ...usPolicy.channels.phone, caps: [{ ...usPolicy.channels.phone.caps[0], maxAttempts: 0 }] } } }],
    [['holidays', 0, 'date'], { ...ukPolicy, holidays: [{ date: '2026-02-30', name: 'x' }] }],
  ])('a bad policy is refused with the path of the bad field %j', (path, bad) => {
    const parsed = ContactPolicy.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(path);
  });
});

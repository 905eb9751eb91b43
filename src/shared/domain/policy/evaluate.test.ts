import { describe, expect, it } from 'vitest';
import type { ContactAttempt, Customer, Disposition } from '../../model';
import { evaluate, type ChannelConsent, type PolicyInput, type PolicyReason } from './evaluate';
import { brPolicy, ukPolicy, usPolicy } from './presets';
import { ContactPolicy, type PolicyChannel } from './schema';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(iso);
  return ms;
};

const noFlags: Customer['flags'] = {
  doNotContact: false,
  ceaseCommunication: false,
  dispute: false,
  deceased: false,
  bankruptcy: false,
  vulnerable: false,
};

function customer(timeZone: string, state: string | null, country = 'BR', flags: Partial<Customer['flags']> = {}) {
  return {
    id: 'c1',
    timeZone,
    flags: { ...noFlags, ...flags },
    address: state === null ? null : { street: 'Rua A, 1', city: 'X', state, postalCode: '00000', country },
  };
}

let seq = 0;
function attempt(
  startedAt: number,
  over: Partial<Pick<ContactAttempt, 'accountId' | 'channel' | 'direction' | 'disposition' | 'endedAt'>> = {},
) {
  seq += 1;
  return {
    id: `a${seq}`,
    accountId: 'd1',
    customerId: 'c1',
    channel: 'phone' as const,
    direction: 'outbound' as const,
    startedAt,
    endedAt: null,
    disposition: 'no_answer' as Disposition,
    ...over,
  };
}

type Case = Partial<Omit<PolicyInput, 'customer'>> & { customer: PolicyInput['customer'] };
function run(c: Case) {
  return evaluate({
    account: { id: 'd1', status: 'open' },
    channel: 'phone',
    now: 0,
    history: { attempts: [] },
    policy: brPolicy,
    ...c,
  });
}
const codes = (reasons: PolicyReason[], severity: 'block' | 'info' = 'block') =>
  reasons.filter((r) => r.severity === severity).map((r) => r.code);

describe('Brazil: calling windows per state in local time', () => {
  const SP = 'America/Sao_Paulo';
  it.each([
    // [state, zone, now (local with offset), allowed, block code, next allowed]
    ['SP', SP, '2026-03-07T13:59:00-03:00', true, null, '2026-03-07T13:59:00-03:00'],
    ['SP', SP, '2026-03-07T14:00:00-03:00', false, 'outside_calling_window', '2026-03-09T08:00:00-03:00'],
    ['SP', SP, '2026-03-07T07:59:00-03:00', false, 'outside_calling_window', '2026-03-07T08:00:00-03:00'],
    ['SP', SP, '2026-03-08T10:00:00-03:00', false, 'rest_day', '2026-03-09T08:00:00-03:00'],
    ['SP', SP, '2026-03-09T19:59:00-03:00', true, null, '2026-03-09T19:59:00-03:00'],
    ['SP', SP, '2026-03-09T20:00:00-03:00', false, 'outside_calling_window', '2026-03-10T08:00:00-03:00'],
    ['AL', 'America/Maceio', '2026-03-07T13:30:00-03:00', true, null, '2026-03-07T13:30:00-03:00'],
    ['RJ', SP, '2026-03-07T10:00:00-03:00', false, 'rest_day', '2026-03-09T09:00:00-03:00'],
    ['RJ', SP, '2026-03-09T08:59:00-03:00', false, 'outside_calling_window', '2026-03-09T09:00:00-03:00'],
    ['RJ', SP, '2026-03-09T09:00:00-03:00', true, null, '2026-03-09T09:00:00-03:00'],
    ['RJ', SP, '2026-03-09T19:00:00-03:00', false, 'outside_calling_window', '2026-03-10T09:00:00-03:00'],
    ['ES', SP, '2026-03-09T18:59:00-03:00', true, null, '2026-03-09T18:59:00-03:00'],
    ['ES', SP, '2026-03-09T19:00:00-03:00', false, 'outside_calling_window', '2026-03-10T08:00:00-03:00'],
    ['ES', SP, '2026-03-07T10:00:00-03:00', false, 'rest_day', '2026-03-09T08:00:00-03:00'],
    ['AM', 'America/Manaus', '2026-03-10T18:59:00-04:00', true, null, '2026-03-10T18:59:00-04:00'],
    ['AM', 'America/Manaus', '2026-03-10T19:00:00-04:00', false, 'outside_calling_window', '2026-03-11T08:00:00-04:00'],
    ['AM', 'America/Manaus', '2026-03-07T10:00:00-04:00', false, 'rest_day', '2026-03-09T08:00:00-04:00'],
    // A state without its own law gets the default: Saturday 08–14, like SP.
    ['MG', SP, '2026-03-07T13:00:00-03:00', true, null, '2026-03-07T13:00:00-03:00'],
    ['MG', SP, '2026-03-09T19:30:00-03:00', true, null, '2026-03-09T19:30:00-03:00'],
    // State written out in full, with its accent, is still São Paulo / Rio.
    ['São Paulo', SP, '2026-03-07T13:59:00-03:00', true, null, '2026-03-07T13:59:00-03:00'],
    ['Rio de Janeiro', SP, '2026-03-07T10:00:00-03:00', false, 'rest_day', '2026-03-09T09:00:00-03:00'],
  ])('%s (%s) at %s → allowed %s (%s)', (state, zone, now, allowed, code, next) => {
    const result = run({ customer: customer(zone, state), now: t(now) });
    expect(result.allowed).toBe(allowed);
    expect(codes(result.reasons)).toEqual(code === null ? [] : [code]);
    expect(result.nextAllowedAt).toBe(t(next));
  });

  it('says which window, which local time and which zone blocked the call', () => {
    const result = run({ customer: customer(SP, 'SP'), now: t('2026-03-07T14:00:00-03:00') });
    expect(result.reasons[0]).toEqual({
      code: 'outside_calling_window',
      severity: 'block',
      params: {
        window: '08:00-14:00',
        localTime: '14:00',
        timeZone: SP,
        region: 'SP',
        opensAt: t('2026-03-09T08:00:00-03:00'),
      },
    });
  });

  it('uses the customer zone, not the agent: the four Brazilian offsets at one instant', () => {
    const now = t('2026-03-10T22:30:00Z'); // a Tuesday
    const at = (zone: string, state: string) => run({ customer: customer(zone, state), now });
    // Noronha (UTC−2) is 20:30: closed until 08:00 local = 10:00Z.
    expect(at('America/Noronha', 'PE')).toMatchObject({ allowed: false, nextAllowedAt: t('2026-03-11T10:00:00Z') });
    expect(at('America/Sao_Paulo', 'MG').allowed).toBe(true); // 19:30
    expect(at('America/Cuiaba', 'MT').allowed).toBe(true); // 18:30
    expect(at('America/Rio_Branco', 'AC').allowed).toBe(true); // 17:30
  });

  it.each([
    ['2026-03-10T19:59:00-05:00', true, '2026-03-10T19:59:00-05:00'],
    ['2026-03-10T20:00:00-05:00', false, '2026-03-11T08:00:00-05:00'],
    ['2026-03-10T20:59:00-05:00', false, '2026-03-11T08:00:00-05:00'],
    ['2026-03-10T21:00:00-05:00', false, '2026-03-11T08:00:00-05:00'],
    ['2026-03-11T07:59:00-05:00', false, '2026-03-11T08:00:00-05:00'],
  ])('Rio Branco (UTC−5) at %s → %s', (now, allowed, next) => {
    const result = run({ customer: customer('America/Rio_Branco', 'AC'), now: t(now) });
    expect(result.allowed).toBe(allowed);
    expect(result.nextAllowedAt).toBe(t(next));
    expect(t(next) - t('2026-03-11T08:00:00-05:00')).toBeLessThanOrEqual(0);
  });
});

describe('holidays', () => {
  const SP = 'America/Sao_Paulo';
  it.each([
    ['Tiradentes (Tuesday)', 'SP', '2026-04-21T10:00:00-03:00', 'br.tiradentes', '2026-04-22T08:00:00-03:00'],
    ['Carnival Monday, the Tuesday too', 'MG', '2026-02-16T10:00:00-03:00', 'br.carnival_monday', '2026-02-18T08:00:00-03:00'],
    ['Good Friday (Easter-based), then Saturday 08–14', 'MG', '2026-04-03T10:00:00-03:00', 'br.good_friday', '2026-04-04T08:00:00-03:00'],
    ['Corpus Christi 2027', 'MG', '2027-05-27T10:00:00-03:00', 'br.corpus_christi', '2027-05-28T08:00:00-03:00'],
    ['SP state holiday 9 July', 'SP', '2026-07-09T10:00:00-03:00', 'br.sp.constitutionalist_revolution', '2026-07-10T08:00:00-03:00'],
    ['Christmas on a Friday, RJ next business day', 'RJ', '2026-12-25T10:00:00-03:00', 'br.christmas', '2026-12-28T09:00:00-03:00'],
  ])('%s', (_label, state, now, name, next) => {
    const result = run({ customer: customer(SP, state), now: t(now) });
    expect(result.allowed).toBe(false);
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'holiday', params: expect.objectContaining({ name }) })]);
    expect(result.nextAllowedAt).toBe(t(next));
  });

  it('a state holiday only binds that state', () => {
    const now = t('2026-07-09T10:00:00-03:00');
    expect(run({ customer: customer(SP, 'MG'), now }).allowed).toBe(true);
    expect(run({ customer: customer(SP, 'SP'), now }).allowed).toBe(false);
  });

  it('UK bank holidays and Sundays are closed; the scan skips both', () => {
    // Friday 2026-12-25, Saturday open, Sunday closed, Monday 28 is the Boxing Day substitute.
    const uk = customer('Europe/London', null, 'GB');
    const christmas = run({ customer: uk, policy: ukPolicy, now: t('2026-12-25T12:00:00Z') });
    expect(codes(christmas.reasons)).toEqual(['holiday']);
    expect(christmas.nextAllowedAt).toBe(t('2026-12-26T08:00:00Z'));
    const sunday = run({ customer: uk, policy: ukPolicy, now: t('2026-12-27T12:00:00Z') });
    expect(codes(sunday.reasons)).toEqual(['rest_day']);
    expect(sunday.nextAllowedAt).toBe(t('2026-12-29T08:00:00Z'));
  });

  it('US holidays are ordinary days (FDCPA sets hours only)', () => {
    const result = run({ customer: customer('America/New_York', 'NY', 'US'), policy: usPolicy, now: t('2026-12-25T15:00:00Z') });
    expect(result.allowed).toBe(true);
  });
});

describe('US: 08:00–21:00 in the consumer zone, across DST', () => {
  const ny = customer('America/New_York', 'NY', 'US');
  const la = customer('America/Los_Angeles', 'CA', 'US');
  const phx = customer('America/Phoenix', 'AZ', 'US');
  it.each([
    ['NY 07:59 EST', ny, '2026-03-06T07:59:00-05:00', false, '2026-03-06T08:00:00-05:00'],
    ['NY 08:00 EST', ny, '2026-03-06T08:00:00-05:00', true, '2026-03-06T08:00:00-05:00'],
    ['NY 20:59 EST', ny, '2026-03-06T20:59:00-05:00', true, '2026-03-06T20:59:00-05:00'],
    ['NY 21:00 EST', ny, '2026-03-06T21:00:00-05:00', false, '2026-03-07T08:00:00-05:00'],
    // Saturday night before spring-forward: 08:00 on Sunday is EDT (12:00Z, not 13:00Z).
    ['NY night before DST starts', ny, '2026-03-07T21:30:00-05:00', false, '2026-03-08T08:00:00-04:00'],
    ['NY 07:59 EDT on the DST day', ny, '2026-03-08T07:59:00-04:00', false, '2026-03-08T08:00:00-04:00'],
    ['NY 08:00 EDT on the DST day', ny, '2026-03-08T08:00:00-04:00', true, '2026-03-08T08:00:00-04:00'],
    // Night before fall-back: 08:00 on Sunday 1 November is EST (13:00Z).
    ['NY night before DST ends', ny, '2026-10-31T21:30:00-04:00', false, '2026-11-01T08:00:00-05:00'],
    ['NY 20:59 EST on the fall-back day', ny, '2026-11-01T20:59:00-05:00', true, '2026-11-01T20:59:00-05:00'],
    ['LA night before DST starts', la, '2026-03-07T22:00:00-08:00', false, '2026-03-08T08:00:00-07:00'],
    ['LA 08:00 PDT', la, '2026-03-08T08:00:00-07:00', true, '2026-03-08T08:00:00-07:00'],
    ['LA 21:00 PDT', la, '2026-07-01T21:00:00-07:00', false, '2026-07-02T08:00:00-07:00'],
    // Phoenix keeps MST all year: 08:00 is 15:00Z on New York's DST day.
    ['Phoenix 07:59 MST', phx, '2026-03-08T07:59:00-07:00', false, '2026-03-08T08:00:00-07:00'],
    ['Phoenix 20:59 MST in July', phx, '2026-07-01T20:59:00-07:00', true, '2026-07-01T20:59:00-07:00'],
  ])('%s', (_label, who, now, allowed, next) => {
    const result = run({ customer: who, policy: usPolicy, now: t(now) });
    expect(result.allowed).toBe(allowed);
    expect(result.nextAllowedAt).toBe(t(next));
    if (!allowed) expect(result.reasons[0]?.params.timeZone).toBe(who.timeZone);
  });
});

describe('Regulation F: 7 calls in 7 days per debt, quiet after a conversation', () => {
  const ny = customer('America/New_York', 'NY', 'US');
  // Calls at 10:00 EDT on 1–7 July; "now" is 7 July 15:00 EDT.
  const week = [1, 2, 3, 4, 5, 6, 7].map((d) => t(`2026-07-0${d}T10:00:00-04:00`));
  const now = t('2026-07-07T15:00:00-04:00');
  const us = (attempts: ReturnType<typeof attempt>[], over: Partial<PolicyInput> = {}) =>
    run({ customer: ny, policy: usPolicy, now, history: { attempts }, ...over });

  it('allows the 7th call and blocks the 8th until the oldest rolls out of the 7 days', () => {
    expect(us(week.slice(0, 6).map((s) => attempt(s))).allowed).toBe(true);
    const eighth = us(week.map((s) => attempt(s)));
    expect(eighth.allowed).toBe(false);
    expect(eighth.reasons).toEqual([
      {
        code: 'attempt_cap_reached',
        severity: 'block',
        params: expect.objectContaining({ max: 7, windowHours: 168, count: 7, scope: 'debt', until: week[0]! + 7 * DAY }),
      },
    ]);
    expect(eighth.nextAllowedAt).toBe(t('2026-07-08T10:00:00-04:00'));
  });

  it('when the oldest call rolls out after 21:00, the next call waits for 08:00', () => {
    const late = [t('2026-07-01T20:30:00-04:00'), ...week.slice(1).map((s) => s)];
    const result = us(late.map((s) => attempt(s)), { now: t('2026-07-08T20:00:00-04:00') });
    // 2 July 10:00 still in the window at 8 July 20:00, 1 July 20:30 rolls out at 8 July 20:30 (in hours).
    expect(result.nextAllowedAt).toBe(t('2026-07-08T20:30:00-04:00'));
    const later = [t('2026-07-01T21:30:00-04:00'), ...week.slice(1)];
    const blocked = us(later.map((s) => attempt(s)), { now: t('2026-07-08T20:00:00-04:00') });
    expect(blocked.nextAllowedAt).toBe(t('2026-07-09T08:00:00-04:00'));
  });

  it.each([
    ['calls about another debt', { accountId: 'd2' }],
    ['SMS', { channel: 'sms' as const }],
    ['emails', { channel: 'email' as const }],
    ['calls the consumer made', { direction: 'inbound' as const }],
  ])('%s do not count toward the call cap', (_label, over) => {
    expect(us(week.map((s) => attempt(s, over))).allowed).toBe(true);
  });

  it('the cap does not touch electronic messages', () => {
    expect(us(week.map((s) => attempt(s)), { channel: 'email' }).allowed).toBe(true);
  });

  it.each<[Disposition, boolean]>([
    ['promise_to_pay', true],
    ['installment_plan', true],
    ['refused', true],
    ['paid_already', true],
    ['dispute', true],
    ['callback', true],
    ['no_answer', false],
    ['busy', false],
    ['voicemail', false],
    ['wrong_number', false],
    ['third_party', false],
  ])('a %s call 3 days ago starts the 7-day quiet: %s', (disposition, quiet) => {
    const endedAt = t('2026-07-04T10:05:00-04:00');
    const result = us([attempt(t('2026-07-04T10:00:00-04:00'), { disposition, endedAt })]);
    expect(result.allowed).toBe(!quiet);
    if (quiet) {
      expect(codes(result.reasons)).toEqual(['quiet_after_conversation']);
      expect(result.reasons[0]?.params).toMatchObject({ hours: 168, disposition, until: endedAt + 7 * DAY });
      expect(result.nextAllowedAt).toBe(endedAt + 7 * DAY);
    }
  });

  it('a conversation the consumer started counts; emails stay allowed during the quiet period', () => {
    const inbound = [attempt(t('2026-07-06T12:00:00-04:00'), { direction: 'inbound', disposition: 'promise_to_pay' })];
    expect(codes(us(inbound).reasons)).toEqual(['quiet_after_conversation']);
    expect(us(inbound, { channel: 'email' }).allowed).toBe(true);
  });

  it('a callback the consumer asked for lifts the quiet period once it is due', () => {
    const talk = attempt(t('2026-07-06T12:00:00-04:00'), { disposition: 'callback', endedAt: t('2026-07-06T12:03:00-04:00') });
    const callback = {
      accountId: 'd1',
      status: 'pending' as const,
      dueAt: t('2026-07-07T14:30:00-04:00'),
      createdAt: t('2026-07-06T12:04:00-04:00'),
    };
    const due = us([talk], { history: { attempts: [talk], callbacks: [callback] } });
    expect(due.allowed).toBe(true);
    expect(codes(due.reasons, 'info')).toEqual(['requested_callback']);
    const early = us([talk], { now: t('2026-07-07T09:00:00-04:00'), history: { attempts: [talk], callbacks: [callback] } });
    expect(early.allowed).toBe(false);
    expect(early.nextAllowedAt).toBe(callback.dueAt);
  });

  it('cap and window together: the answer is the first window opening after the cap frees', () => {
    const result = us(week.map((s) => attempt(s)), { now: t('2026-07-07T22:00:00-04:00') });
    expect(codes(result.reasons).sort()).toEqual(['attempt_cap_reached', 'outside_calling_window']);
    expect(result.nextAllowedAt).toBe(t('2026-07-08T10:00:00-04:00'));
  });
});

describe('customer flags', () => {
  const now = t('2026-03-10T10:00:00-03:00');
  it.each([
    ['doNotContact', 'do_not_contact'],
    ['ceaseCommunication', 'cease_communication'],
    ['dispute', 'dispute_pending'],
    ['deceased', 'deceased'],
    ['bankruptcy', 'bankruptcy'],
  ] as const)('%s blocks for good on every preset', (flag, code) => {
    for (const policy of [brPolicy, usPolicy, ukPolicy]) {
      const result = run({ customer: customer('America/Sao_Paulo', 'SP', 'BR', { [flag]: true }), policy, now });
      expect(result).toEqual({
        allowed: false,
        reasons: [{ code, severity: 'block', params: { flag } }],
        nextAllowedAt: null,
      });
    }
  });

  it('a flag keeps nextAllowedAt null even when a time rule also blocks', () => {
    const result = run({
      customer: customer('America/Sao_Paulo', 'SP', 'BR', { doNotContact: true }),
      now: t('2026-03-10T22:00:00-03:00'),
    });
    expect(codes(result.reasons)).toEqual(['do_not_contact', 'outside_calling_window']);
    expect(result.nextAllowedAt).toBeNull();
  });

  it('vulnerable: allowed with a review reason in Brazil', () => {
    const result = run({ customer: customer('America/Sao_Paulo', 'SP', 'BR', { vulnerable: true }), now });
    expect(result.allowed).toBe(true);
    expect(codes(result.reasons, 'info')).toEqual(['vulnerable_review_required']);
  });

  it('vulnerable in the UK: lower caps (1 call a day) apply', () => {
    const london = (vulnerable: boolean) => customer('Europe/London', null, 'GB', { vulnerable });
    const ukNow = t('2026-03-10T15:00:00Z');
    const history = { attempts: [attempt(t('2026-03-10T10:00:00Z'))] };
    expect(run({ customer: london(false), policy: ukPolicy, now: ukNow, history }).allowed).toBe(true);
    const vulnerable = run({ customer: london(true), policy: ukPolicy, now: ukNow, history });
    expect(vulnerable.allowed).toBe(false);
    expect(vulnerable.reasons.find((r) => r.code === 'attempt_cap_reached')?.params).toMatchObject({ max: 1, vulnerable: true });
    expect(vulnerable.nextAllowedAt).toBe(t('2026-03-11T10:00:00Z'));
  });

  it('a policy may block vulnerable customers outright', () => {
    const strict = ContactPolicy.parse({ ...brPolicy, flags: { ...brPolicy.flags, vulnerable: 'block' } });
    const result = run({ customer: customer('America/Sao_Paulo', 'SP', 'BR', { vulnerable: true }), policy: strict, now });
    expect(result).toMatchObject({ allowed: false, nextAllowedAt: null });
  });
});

describe('consent per channel', () => {
  const now = t('2026-03-10T10:00:00-03:00');
  it.each<[PolicyChannel, ChannelConsent | undefined, boolean]>([
    ['whatsapp', undefined, false],
    ['whatsapp', { whatsapp: false }, false],
    ['whatsapp', { whatsapp: true }, true],
    ['sms', { whatsapp: true }, false],
    ['sms', { sms: true }, true],
    ['phone', undefined, true],
    ['phone', { phone: false }, false],
    ['email', undefined, true],
  ])('Brazil %s with consent %j → %s', (channel, consent, allowed) => {
    const result = run({ customer: customer('America/Sao_Paulo', 'SP'), channel, consent, now });
    expect(result.allowed).toBe(allowed);
    if (!allowed) {
      expect(codes(result.reasons)).toEqual(['no_consent']);
      expect(result.nextAllowedAt).toBeNull();
    }
  });

  it('messages follow message hours, not the state calling law', () => {
    // RJ forbids Saturday calls; a WhatsApp message with consent on Saturday 10:00 is within message hours.
    const rj = customer('America/Sao_Paulo', 'RJ');
    const saturday = t('2026-03-07T10:00:00-03:00');
    expect(run({ customer: rj, now: saturday }).allowed).toBe(false);
    expect(run({ customer: rj, channel: 'whatsapp', consent: { whatsapp: true }, now: saturday }).allowed).toBe(true);
    const late = run({ customer: rj, channel: 'whatsapp', consent: { whatsapp: true }, now: t('2026-03-09T20:30:00-03:00') });
    expect(codes(late.reasons)).toEqual(['outside_message_hours']);
  });
});

describe('minimum gap and other time rules', () => {
  const sp = customer('America/Sao_Paulo', 'SP');
  const now = t('2026-03-10T10:00:00-03:00');
  it.each([
    [30, false],
    [59, false],
    [60, true],
    [61, true],
  ])('last call to the customer (another debt) %i min ago → allowed %s', (minutesAgo, allowed) => {
    const last = now - minutesAgo * 60_000;
    const result = run({ customer: sp, now, history: { attempts: [attempt(last, { accountId: 'd9' })] } });
    expect(result.allowed).toBe(allowed);
    expect(result.nextAllowedAt).toBe(allowed ? now : last + HOUR);
    if (!allowed) expect(result.reasons[0]).toMatchObject({ code: 'min_gap', params: { minutes: 60, until: last + HOUR } });
  });

  it('Brazil caps: a 4th call on the debt within 24 hours is blocked until the 3rd-newest is a day old', () => {
    const afternoon = t('2026-03-10T14:00:00-03:00');
    const calls = [afternoon - 5 * HOUR, afternoon - 3 * HOUR, afternoon - 2 * HOUR].map((s) => attempt(s));
    const result = run({ customer: sp, now: afternoon, history: { attempts: calls } });
    expect(codes(result.reasons)).toEqual(['attempt_cap_reached']);
    expect(result.nextAllowedAt).toBe(t('2026-03-11T09:00:00-03:00'));
    // Two calls leave room for a third.
    expect(run({ customer: sp, now: afternoon, history: { attempts: calls.slice(1) } }).allowed).toBe(true);
    // The first of those calls rolls out at 05:00, before the window opens: the answer is 08:00.
    const early = [afternoon - 9 * HOUR, afternoon - 3 * HOUR, afternoon - 2 * HOUR].map((s) => attempt(s));
    const morning = run({ customer: sp, now: afternoon, history: { attempts: early } });
    expect(morning.nextAllowedAt).toBe(t('2026-03-11T08:00:00-03:00'));
  });

  it('UK holds contact while an arrangement is not yet due, and reports it elsewhere', () => {
    const promise = { accountId: 'd1', status: 'pending' as const, dueDate: '2026-03-13', installments: [] };
    const london = customer('Europe/London', null, 'GB');
    const uk = run({ customer: london, policy: ukPolicy, now: t('2026-03-10T10:00:00Z'), history: { attempts: [], promises: [promise] } });
    expect(codes(uk.reasons)).toEqual(['promise_pending']);
    expect(uk.nextAllowedAt).toBe(t('2026-03-14T08:00:00Z'));
    const br = run({ customer: sp, now, history: { attempts: [], promises: [promise] } });
    expect(br.allowed).toBe(true);
    expect(codes(br.reasons, 'info')).toEqual(['promise_pending']);
    const past = { ...promise, dueDate: '2026-03-01' };
    const overdue = run({ customer: london, policy: ukPolicy, now: t('2026-03-10T10:00:00Z'), history: { attempts: [], promises: [past] } });
    expect(overdue.allowed).toBe(true);
  });

  it('a closed account or a disabled channel is never contacted', () => {
    expect(run({ customer: sp, now, account: { id: 'd1', status: 'paid' } })).toMatchObject({
      allowed: false,
      nextAllowedAt: null,
      reasons: [{ code: 'account_not_open' }],
    });
    const noEmail = ContactPolicy.parse({ ...brPolicy, channels: { ...brPolicy.channels, email: { ...brPolicy.channels.email, enabled: false } } });
    expect(run({ customer: sp, now, policy: noEmail, channel: 'email' }).reasons).toEqual([
      { code: 'channel_disabled', severity: 'block', params: { channel: 'email' } },
    ]);
  });

  it('an unknown zone falls back to the policy zone and says so, never UTC', () => {
    const result = run({ customer: customer('Mars/Olympus', 'SP'), now: t('2026-03-10T21:30:00Z') });
    // 18:30 in São Paulo: allowed (in UTC it would be 21:30, outside the window).
    expect(result.allowed).toBe(true);
    expect(result.reasons).toEqual([
      { code: 'time_zone_fallback', severity: 'info', params: { timeZone: 'America/Sao_Paulo', given: 'Mars/Olympus' } },
    ]);
  });

  it('a policy with no window at all answers never', () => {
    const closed = ContactPolicy.parse({
      ...usPolicy,
      callingWindows: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], holiday: [] },
    });
    const result = run({ customer: customer('America/New_York', 'NY', 'US'), policy: closed, now });
    expect(result).toMatchObject({ allowed: false, nextAllowedAt: null });
  });

  it('is deterministic and does not touch its input', () => {
    const attempts = [attempt(now - 2 * HOUR), attempt(now - 5 * HOUR), attempt(now - 3 * HOUR)];
    const frozen = JSON.stringify(attempts);
    const input = { customer: sp, now, history: { attempts } };
    expect(run(input)).toEqual(run(input));
    expect(JSON.stringify(attempts)).toBe(frozen);
  });
});

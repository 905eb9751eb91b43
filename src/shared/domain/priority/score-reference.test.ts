// The fast scorer (score cards, memoized calendar, scratch buffers) must give exactly what the plain version gave:
// this is that plain version, kept as the reference, run against random histories in zones with and without DST.
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../model';
import { addDays, daysPastDue, diffDays, dpdBucket, fromEpochDay, todayIn } from '../dates';
import { isPromiseOverdue, promiseStanding } from '../promise-schedule';
import { isValidTimeZone } from '../time-zone';
import { localDateIn } from './day-cache';
import { propensity, type PropensityHistory } from './propensity';
import { compareByPriority, reasonsOf, score, scoreCard, sortByPriority, type PriorityInput, type PriorityReason } from './score';
import { defaultStrategy, type PropensityConfig } from './strategy';

const DAY = 86_400_000;
const round = (x: number) => Math.round(x * 1e6) / 1e6;

function referencePropensity(history: PropensityHistory, config: PropensityConfig) {
  const record = history.record;
  const monthsObserved = record ? Math.max(0, record.monthsObserved) : config.lookbackMonths;
  let monthsLate: number;
  if (record) monthsLate = Math.min(Math.max(0, record.monthsLate), monthsObserved);
  else {
    const late = new Set<number>();
    const dpd = history.dueDate ? daysPastDue(history.dueDate, history.today) : 0;
    for (let slot = 0; slot * 30 < dpd && slot < config.lookbackMonths; slot += 1) late.add(slot);
    const mark = (instant: number) => {
      const slot = Math.floor(diffDays(history.today, fromEpochDay(Math.floor(instant / DAY))) / 30);
      if (slot >= 0 && slot < config.lookbackMonths) late.add(slot);
    };
    for (const a of history.attempts) if (a.direction === 'outbound') mark(a.startedAt);
    for (const p of history.promises) mark(p.createdAt);
    monthsLate = late.size;
  }
  const onTimeRecord = monthsObserved > 0 ? 1 - monthsLate / monthsObserved : 0.5;
  let kept = 0;
  let broken = 0;
  for (const p of history.promises) {
    if (p.status === 'kept') kept += 1;
    else if (p.status === 'broken') broken += 1;
  }
  const promisesKept = (kept + 1) / (kept + broken + 2);
  const contacts = history.attempts.filter((a) => a.direction === 'outbound').map((a) => a.startedAt).sort((a, b) => a - b);
  const delays: number[] = [];
  if (contacts.length) {
    let i = -1;
    for (const paidAt of history.payments.map((p) => p.receivedAt).sort((a, b) => a - b)) {
      while (i + 1 < contacts.length && contacts[i + 1]! <= paidAt) i += 1;
      if (i < 0) continue;
      const days = (paidAt - contacts[i]!) / DAY;
      if (days <= 60) delays.push(days);
    }
  }
  delays.sort((a, b) => a - b);
  const mid = delays.length >> 1;
  const medianDaysToPay = delays.length === 0 ? null : delays.length % 2 ? delays[mid]! : (delays[mid - 1]! + delays[mid]!) / 2;
  const paysAfterContact = medianDaysToPay === null ? 0.5 : Math.min(1, Math.max(0, 1 - (medianDaysToPay - 1) / 29));
  const parts = { onTimeRecord: Math.min(1, Math.max(0, onTimeRecord)), promisesKept, paysAfterContact };
  const w = config.parts;
  const total = w.onTimeRecord + w.promisesKept + w.paysAfterContact;
  const value = total > 0 ? (w.onTimeRecord * parts.onTimeRecord + w.promisesKept * parts.promisesKept + w.paysAfterContact * parts.paysAfterContact) / total : 0.5;
  return {
    value: Math.min(1, Math.max(0, value)),
    parts,
    evidence: { monthsLate, monthsObserved, promisesKept: kept, promisesBroken: broken, medianDaysToPay, chronic: monthsLate >= 3, firstTimeLate: monthsLate <= 1 && broken === 0 },
  };
}

function referenceScore(input: PriorityInput) {
  const { account, history, now, today, strategy } = input;
  const f = strategy.factors;
  const reasons: PriorityReason[] = [];
  const add = (code: PriorityReason['code'], weight: number, value: number, params: PriorityReason['params']) =>
    reasons.push({ code, weight, contribution: round(weight * value), params });
  const dpd = daysPastDue(account.dueDate, today);
  const bucket = dpdBucket(dpd);
  add('days_past_due', f.daysPastDue.weight, f.daysPastDue.buckets[bucket], { daysPastDue: dpd, bucket });
  const balance = account.currentBalanceCents <= 0 ? 0 : Math.min(1, Math.log1p(account.currentBalanceCents / 100) / Math.log1p(f.balance.fullAtCents / 100));
  add('balance', f.balance.weight, balance, { balanceCents: account.currentBalanceCents, currency: account.currency });
  let brokenOn: CalendarDate | null = null;
  let dueToday: { amountCents: number; dueDate: CalendarDate } | null = null;
  for (const promise of history.promises) {
    if (promise.accountId !== account.id) continue;
    let broke: CalendarDate | null = null;
    if (promise.status === 'broken') {
      broke = promise.resolvedAt !== null && isValidTimeZone(input.customer.timeZone) ? todayIn(input.customer.timeZone, promise.resolvedAt) : addDays(promise.dueDate, 1);
    } else if (promise.status === 'pending') {
      let paidSince = 0;
      for (const p of history.payments) if (p.accountId === account.id && p.receivedAt >= promise.createdAt) paidSince += p.amountCents;
      const standing = promiseStanding(promise, paidSince);
      if (isPromiseOverdue(standing, today) && standing.nextDueDate !== null) broke = addDays(standing.nextDueDate, 1);
      else if (standing.nextDueDate === today) dueToday = { amountCents: standing.outstandingCents, dueDate: today };
    }
    if (broke !== null && broke <= today && (brokenOn === null || broke > brokenOn)) brokenOn = broke;
  }
  if (brokenOn !== null) {
    const daysAgo = diffDays(today, brokenOn);
    const value = Math.max(0, 1 - daysAgo / f.brokenPromise.fadeDays);
    if (value > 0) add('broken_promise', f.brokenPromise.weight, value, { daysAgo, brokenOn });
  }
  if (dueToday) add('promise_due_today', f.promiseDueToday.weight, 1, dueToday);
  let dueCallback: number | null = null;
  let laterCallback: number | null = null;
  const dueBy = now + f.callbackDue.leadMinutes * 60_000;
  for (const c of history.callbacks) {
    if (c.accountId !== account.id || c.status !== 'pending') continue;
    if (c.dueAt <= dueBy) {
      if (dueCallback === null || c.dueAt < dueCallback) dueCallback = c.dueAt;
    } else if (laterCallback === null || c.dueAt < laterCallback) laterCallback = c.dueAt;
  }
  if (dueCallback !== null) add('callback_due', f.callbackDue.weight, 1, { dueAt: dueCallback, minutesLate: Math.max(0, Math.floor((now - dueCallback) / 60_000)) });
  else if (laterCallback !== null) add('callback_scheduled', 0, 0, { dueAt: laterCallback });
  let attempts = 0;
  for (const a of history.attempts) if (a.accountId === account.id && a.direction === 'outbound' && a.startedAt > now - 7 * DAY && a.startedAt <= now) attempts += 1;
  if (attempts > 0) add('attempts_this_week', f.attemptsThisWeek.weight, -Math.min(1, attempts / f.attemptsThisWeek.fullAt), { count: attempts });
  const policy = input.policyResult;
  if (policy !== undefined) {
    const allowed = typeof policy === 'boolean' ? policy : policy.allowed;
    if (allowed) add('contact_window_open', f.contactWindowOpen.weight, 1, {});
    else add('contact_window_closed', f.contactWindowOpen.weight, 0, { nextAllowedAt: typeof policy === 'boolean' ? null : policy.nextAllowedAt });
  }
  const p = referencePropensity({ payments: history.payments, attempts: history.attempts, promises: history.promises, today, dueDate: account.dueDate, record: history.record }, f.propensity);
  add('propensity', f.propensity.weight, p.value, {
    value: round(p.value), onTimeRecord: round(p.parts.onTimeRecord), promisesKeptShare: round(p.parts.promisesKept), paysAfterContact: round(p.parts.paysAfterContact),
    monthsLate: p.evidence.monthsLate, monthsObserved: p.evidence.monthsObserved, promisesKept: p.evidence.promisesKept, promisesBroken: p.evidence.promisesBroken,
    medianDaysToPay: p.evidence.medianDaysToPay, chronic: p.evidence.chronic, firstTimeLate: p.evidence.firstTimeLate,
  });
  reasons.sort((a, b) => b.contribution - a.contribution || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  let total = 0;
  for (const r of reasons) total += r.contribution;
  return { score: round(total), reasons, propensity: p };
}

const ZONES = ['America/Sao_Paulo', 'America/Rio_Branco', 'America/New_York', 'Europe/London', 'America/Phoenix', 'Australia/Lord_Howe', 'Not/AZone'];

function randomInputs(count: number, seed: number): PriorityInput[] {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 0x1_0000_0000);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const out: PriorityInput[] = [];
  for (let i = 0; i < count; i += 1) {
    // "Now" spread over years, DST changes included (New York, London, Lord Howe's half hour).
    const now = Date.UTC(2023, 0, 1) + Math.floor(rand() * 3 * 365 * DAY);
    const zone = pick(ZONES);
    const today = todayIn(zone === 'Not/AZone' ? 'America/Sao_Paulo' : zone, now);
    const id = `acc${i}`;
    const other = `acc${i}-other`;
    const owner = () => (rand() < 0.8 ? id : other);
    const at = (days: number) => now - Math.floor(rand() * days * DAY);
    const attempts = Array.from({ length: Math.floor(rand() * 12) }, () => ({ accountId: owner(), startedAt: at(400), direction: rand() < 0.85 ? ('outbound' as const) : ('inbound' as const) }));
    const payments = Array.from({ length: Math.floor(rand() * 8) }, () => ({ accountId: owner(), amountCents: 1_000 + Math.floor(rand() * 50_000), receivedAt: at(400) }));
    const promises = Array.from({ length: Math.floor(rand() * 4) }, () => {
      const dueDate = addDays(today, Math.floor(rand() * 60) - 45);
      const installments = rand() < 0.3 ? [{ dueDate, amountCents: 5_000 }, { dueDate: addDays(dueDate, 30), amountCents: 5_000 }] : [];
      return {
        accountId: owner(), amountCents: 10_000, dueDate, installments,
        status: pick(['pending', 'kept', 'broken', 'cancelled'] as const),
        createdAt: at(90),
        resolvedAt: rand() < 0.7 ? at(30) : null,
      };
    });
    const callbacks = Array.from({ length: Math.floor(rand() * 3) }, () => ({ accountId: owner(), dueAt: now + Math.floor((rand() - 0.5) * 4 * 3_600_000), status: pick(['pending', 'done'] as const) }));
    const record = rand() < 0.2 ? { monthsObserved: Math.floor(rand() * 80), monthsLate: Math.floor(rand() * 30) } : undefined;
    out.push({
      account: { id, currentBalanceCents: Math.floor(rand() * 3_000_000) - 1_000, currency: 'BRL', dueDate: addDays(today, -Math.floor(rand() * 800) + 5) },
      customer: { timeZone: zone },
      history: { payments, attempts, promises, callbacks, ...(record ? { record } : {}) },
      now,
      today,
      strategy: defaultStrategy,
      ...(rand() < 0.3 ? {} : { policyResult: rand() < 0.5 ? rand() < 0.5 : { allowed: rand() < 0.5, nextAllowedAt: now + 3_600_000 } }),
    });
  }
  return out;
}

describe('the fast scorer against the plain reference', () => {
  it('gives the same score and reasons, in the same order, for 5,000 random accounts', () => {
    for (const input of randomInputs(5_000, 7)) {
      const expected = referenceScore(input);
      const actual = score(input);
      expect(actual).toEqual({ score: expected.score, reasons: expected.reasons });
      // The card spells out the same reasons, and its propensity equals the public propensity().
      expect(reasonsOf(scoreCard(input))).toEqual(expected.reasons);
      expect(propensity({ ...input.history, today: input.today, dueDate: input.account.dueDate }, input.strategy.factors.propensity)).toEqual(expected.propensity);
    }
  });

  it('ranks score cards in the same order as full results', () => {
    const inputs = randomInputs(2_000, 11);
    const full = inputs.map((x) => ({ accountId: x.account.id + x.now, dueDate: x.account.dueDate, score: score(x).score })).sort(compareByPriority);
    const cards = inputs.map((x) => ({ ...scoreCard(x), accountId: x.account.id + x.now })).sort(compareByPriority);
    expect(cards.map((c) => c.accountId)).toEqual(full.map((c) => c.accountId));
  });

  it('sortByPriority orders exactly like compareByPriority, ties and negative scores included', () => {
    let s = 5;
    const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 0x1_0000_0000);
    for (const size of [10, 100, 5_000]) {
      // Few distinct scores and due dates: many ties to break by due date, then account id.
      const items = Array.from({ length: size }, (_, i) => ({
        score: Math.round((rand() * 40 - 10) * 4) / 4 + (rand() < 0.5 ? 0.000001 : 0),
        dueDate: `2026-0${1 + Math.floor(rand() * 3)}-1${Math.floor(rand() * 3)}`,
        accountId: `a${(i * 7919) % size}`,
      }));
      const expected = [...items].sort(compareByPriority).map((x) => x.accountId);
      expect(sortByPriority([...items]).map((x) => x.accountId)).toEqual(expected);
    }
    // Scores too far apart to pack fall back to the plain sort.
    const wide = Array.from({ length: 100 }, (_, i) => ({ score: i % 2 ? 1e12 : -1e12 + i, dueDate: '2026-01-01', accountId: `w${i}` }));
    expect(sortByPriority([...wide]).map((x) => x.accountId)).toEqual([...wide].sort(compareByPriority).map((x) => x.accountId));
  });

  it("reads a zone's local date like todayIn, across DST changes and at day edges", () => {
    for (const zone of ZONES.slice(0, 6)) {
      // Every 53 minutes across 2024, plus the last second of each UTC day.
      for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 53 * 60_000 + 333) {
        expect(localDateIn(zone, t)).toBe(todayIn(zone, t));
      }
      for (let d = Date.UTC(2024, 0, 1); d < Date.UTC(2025, 0, 1); d += DAY) expect(localDateIn(zone, d + DAY - 1)).toBe(todayIn(zone, d + DAY - 1));
    }
  });

  it('still refuses a malformed date, every time it is seen', () => {
    const [input] = randomInputs(1, 3);
    const bad = { ...input!, account: { ...input!.account, dueDate: '2026-02-30' } };
    expect(() => score(bad)).toThrow(RangeError);
    expect(() => score(bad)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import type { Account } from '../../model';
import { brPolicy, ukPolicy, usPolicy } from '../policy/presets';
import { ContactPolicy, DEFAULT_OFFER_AUTHORITY } from '../policy/schema';
import { addMonths, nextBusinessDay, policyHolidayTest } from './business-days';
import {
  discountCentsForPercent,
  discountPercentOf,
  evaluateOffer,
  installmentAmounts,
  interestAndFeesCents,
  Offer,
} from './offer';

const TODAY = '2026-04-27'; // a Monday

function account(originalBalanceCents: number, currentBalanceCents: number): Account {
  return {
    id: 'a1',
    customerId: 'c1',
    creditor: 'Banco Exemplo',
    product: 'Cartão',
    accountNumber: '123',
    currency: 'BRL',
    originalBalanceCents,
    currentBalanceCents,
    dueDate: '2026-01-10',
    status: 'open',
    boletoLine: null,
    pixKey: null,
    version: 1,
  };
}

const debt = account(100_000, 130_000); // R$ 300,00 of interest and fees

describe('installmentAmounts', () => {
  it.each([
    [10_000, 3, [3_333, 3_333, 3_334]],
    [10_000, 4, [2_500, 2_500, 2_500, 2_500]],
    [100, 7, [14, 14, 14, 14, 14, 14, 16]],
    [5, 5, [1, 1, 1, 1, 1]],
    [99_999, 1, [99_999]],
  ])('%i in %i → %j', (total, count, expected) => {
    expect(installmentAmounts(total, count)).toEqual(expected);
  });

  it('always sums to the total exactly, equal amounts but the last, which carries less than one count of cents', () => {
    for (let total = 1; total < 3_000_000; total += 7_919) {
      for (const count of [1, 2, 3, 6, 7, 12, 24, 36]) {
        if (count > total) continue;
        const amounts = installmentAmounts(total, count);
        expect(amounts.reduce((a, b) => a + b, 0)).toBe(total);
        const first = amounts[0]!;
        expect(amounts.slice(0, -1).every((a) => a === first)).toBe(true);
        expect(amounts[count - 1]! - first).toBeGreaterThanOrEqual(0);
        expect(amounts[count - 1]! - first).toBeLessThan(count);
      }
    }
  });
});

describe('discounts', () => {
  it('come only out of interest and fees', () => {
    expect(interestAndFeesCents(debt)).toBe(30_000);
    expect(interestAndFeesCents(account(100_000, 90_000))).toBe(0);
  });

  it('convert between percent and cents exactly, rounding the allowance down', () => {
    expect(discountCentsForPercent(30_000, 30)).toBe(9_000);
    expect(discountCentsForPercent(33_333, 12.5)).toBe(4_166);
    expect(discountCentsForPercent(1e15, 100)).toBe(1e15);
    expect(discountPercentOf(9_000, 30_000)).toBe(30);
    expect(discountPercentOf(9_001, 30_000)).toBe(30);
    expect(discountPercentOf(9_010, 30_000)).toBe(30.03);
  });
});

describe('business days', () => {
  const br = policyHolidayTest(brPolicy);
  it.each([
    ['2026-04-28', '2026-04-28'], // a Tuesday stays
    ['2026-05-02', '2026-05-04'], // Saturday → Monday
    ['2026-05-01', '2026-05-04'], // Labour Day (Friday) → Monday
    ['2026-06-04', '2026-06-05'], // Corpus Christi (Thursday) → Friday
    ['2027-02-06', '2027-02-10'], // Saturday, Sunday, Carnival Monday and Tuesday → Ash Wednesday
    ['2030-03-02', '2030-03-06'], // a year the preset does not list: the computed calendar still has Carnival
  ])('under the BR preset %s moves to %s', (asked, moved) => {
    expect(nextBusinessDay(asked, br)).toBe(moved);
  });

  it('adds the region holidays of the customer state', () => {
    expect(nextBusinessDay('2026-07-09', br)).toBe('2026-07-09');
    expect(nextBusinessDay('2026-07-09', policyHolidayTest(brPolicy, 'SP'))).toBe('2026-07-10');
  });

  it('keeps a year as the policy lists it (a removed holiday is a business day)', () => {
    const noCarnival = { ...brPolicy, holidays: brPolicy.holidays.filter((h) => !h.name.startsWith('br.carnival')) };
    expect(nextBusinessDay('2027-02-08', policyHolidayTest(noCarnival))).toBe('2027-02-08');
  });

  it('uses the UK bank holidays and the US weekends', () => {
    expect(nextBusinessDay('2026-12-25', policyHolidayTest(ukPolicy))).toBe('2026-12-29');
    expect(nextBusinessDay('2026-07-04', policyHolidayTest(usPolicy))).toBe('2026-07-06');
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-01-31', 2, '2026-03-31'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-15', 3, '2027-02-15'],
    ['2026-12-31', 12, '2027-12-31'],
  ])('addMonths(%s, %i) = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('evaluateOffer', () => {
  it('builds a monthly plan, moving a holiday to the next business day, within agent authority', () => {
    const result = evaluateOffer({ kind: 'installments', count: 3, firstDate: '2026-05-01' }, debt, brPolicy, 'agent', TODAY);
    expect(result).toMatchObject({ valid: true, withinAuthority: true, violations: [], approvableBy: null, totalCents: 130_000, discountCents: 0 });
    expect(result.schedule).toEqual([
      { seq: 1, kind: 'installment', dueDate: '2026-05-04', amountCents: 43_333, movedFrom: '2026-05-01' },
      { seq: 2, kind: 'installment', dueDate: '2026-06-01', amountCents: 43_333, movedFrom: null },
      { seq: 3, kind: 'installment', dueDate: '2026-07-01', amountCents: 43_334, movedFrom: null },
    ]);
  });

  it('keeps weekend dates when the policy does not forbid them', () => {
    const policy = { ...brPolicy, offerAuthority: { ...brPolicy.offerAuthority, dueDatesOnBusinessDaysOnly: false } };
    const result = evaluateOffer({ kind: 'installments', count: 2, firstDate: '2026-05-02' }, debt, policy, 'agent', TODAY);
    expect(result.schedule.map((p) => [p.dueDate, p.movedFrom])).toEqual([
      ['2026-05-02', null],
      ['2026-06-02', null],
    ]);
  });

  it('puts a down payment first and splits the rest', () => {
    const offer: Offer = { kind: 'installments', count: 4, firstDate: '2026-05-27', downPayment: { amountCents: 10_001, date: '2026-04-29' } };
    const result = evaluateOffer(offer, debt, brPolicy, 'agent', TODAY);
    expect(result.withinAuthority).toBe(true);
    expect(result.schedule.map((p) => [p.seq, p.kind, p.dueDate, p.amountCents])).toEqual([
      [1, 'down_payment', '2026-04-29', 10_001],
      [2, 'installment', '2026-05-27', 29_999],
      [3, 'installment', '2026-06-29', 29_999], // 27 June 2026 is a Saturday
      [4, 'installment', '2026-07-27', 29_999],
      [5, 'installment', '2026-08-27', 30_002],
    ]);
    expect(result.totalCents).toBe(130_000);
  });

  it('supports a weekly interval', () => {
    const result = evaluateOffer({ kind: 'installments', count: 3, firstDate: '2026-04-29', interval: { unit: 'day', count: 7 } }, debt, brPolicy, 'agent', TODAY);
    expect(result.schedule.map((p) => p.dueDate)).toEqual(['2026-04-29', '2026-05-06', '2026-05-13']);
  });

  it.each([
    // [offer, role, violation codes, approvableBy]
    [{ kind: 'installments', count: 8, firstDate: '2026-05-04' }, 'agent', ['installments_over_max'], 'supervisor'],
    [{ kind: 'installments', count: 8, firstDate: '2026-05-04' }, 'supervisor', [], null],
    [{ kind: 'installments', count: 20, firstDate: '2026-05-04' }, 'agent', ['installments_over_max'], 'admin'],
    [{ kind: 'installments', count: 30, firstDate: '2026-05-04' }, 'agent', ['installments_over_max', 'installment_below_min'], null],
    [{ kind: 'installments', count: 30, firstDate: '2026-05-04' }, 'admin', ['installments_over_max'], null],
    [{ kind: 'pay_in_full', date: '2026-05-04', discountCents: 9_000 }, 'agent', [], null],
    [{ kind: 'pay_in_full', date: '2026-05-04', discountCents: 9_001 }, 'agent', ['discount_over_max'], 'supervisor'],
    [{ kind: 'pay_in_full', date: '2026-05-04', discountCents: 30_000 }, 'supervisor', ['discount_over_max'], 'admin'],
    [{ kind: 'pay_in_full', date: '2026-05-07' }, 'agent', [], null],
    [{ kind: 'pay_in_full', date: '2026-05-08' }, 'agent', ['first_payment_too_late'], 'supervisor'],
    [{ kind: 'new_due_date', date: '2026-05-12' }, 'agent', [], null],
    [{ kind: 'new_due_date', date: '2026-05-13' }, 'agent', ['new_due_date_too_late'], 'supervisor'],
    [{ kind: 'new_due_date', date: '2026-09-01' }, 'admin', ['new_due_date_too_late'], null],
  ] as Array<[Offer, 'agent' | 'supervisor' | 'admin', string[], string | null]>)(
    'BR preset: %j by %s → %j, approvable by %s',
    (offer, role, codes, approvableBy) => {
      const result = evaluateOffer(offer, debt, brPolicy, role, TODAY);
      expect(result.valid).toBe(true);
      expect(result.violations.map((v) => v.code)).toEqual(codes);
      expect(result.withinAuthority).toBe(codes.length === 0);
      expect(result.approvableBy).toBe(approvableBy);
      expect(result.totalCents).toBe(debt.currentBalanceCents - result.discountCents);
    },
  );

  it('gives the numbers of each violation for the UI', () => {
    const small = account(20_000, 20_000);
    const plan = evaluateOffer({ kind: 'installments', count: 6, firstDate: '2026-05-04' }, small, brPolicy, 'agent', TODAY);
    expect(plan.violations).toEqual([{ code: 'installment_below_min', params: { amountCents: 3_333, minCents: 5_000 } }]);
    expect(plan.approvableBy).toBe('supervisor');
    const discount = evaluateOffer({ kind: 'pay_in_full', date: '2026-05-04', discountCents: 12_000 }, debt, brPolicy, 'agent', TODAY);
    expect(discount.violations).toEqual([
      { code: 'discount_over_max', params: { discountCents: 12_000, maxDiscountCents: 9_000, percent: 40, maxPercent: 30 } },
    ]);
    expect(discount.schedule).toEqual([{ seq: 1, kind: 'single', dueDate: '2026-05-04', amountCents: 118_000, movedFrom: null }]);
    const late = evaluateOffer({ kind: 'pay_in_full', date: '2026-05-09' }, debt, brPolicy, 'agent', TODAY);
    // Saturday 9 May moves to Monday 11 May: 14 days, over the agent's 10.
    expect(late.violations).toEqual([{ code: 'first_payment_too_late', params: { date: '2026-05-11', days: 14, max: 10 } }]);
  });

  it('measures days to first payment to the down payment when there is one', () => {
    const offer: Offer = { kind: 'installments', count: 3, firstDate: '2026-06-01', downPayment: { amountCents: 5_000, date: '2026-04-30' } };
    expect(evaluateOffer(offer, debt, brPolicy, 'agent', TODAY).withinAuthority).toBe(true);
    expect(evaluateOffer({ ...offer, downPayment: null }, debt, brPolicy, 'agent', TODAY).violations.map((v) => v.code)).toEqual(['first_payment_too_late']);
  });

  it.each([
    [{ kind: 'pay_in_full', date: '2026-04-26' }, debt, 'date_in_past'],
    [{ kind: 'new_due_date', date: '2025-12-31' }, debt, 'date_in_past'],
    [{ kind: 'installments', count: 0, firstDate: '2026-05-04' }, debt, 'invalid_count'],
    [{ kind: 'installments', count: 2.5, firstDate: '2026-05-04' }, debt, 'invalid_count'],
    [{ kind: 'installments', count: 2, firstDate: '2026-05-04', interval: { unit: 'month', count: 0 } }, debt, 'invalid_interval'],
    [{ kind: 'installments', count: 2, firstDate: '2026-05-04', downPayment: { amountCents: 130_000, date: TODAY } }, debt, 'down_payment_too_large'],
    [{ kind: 'installments', count: 2, firstDate: '2026-05-04', downPayment: { amountCents: 100, date: '2026-05-05' } }, debt, 'down_payment_after_first_installment'],
    [{ kind: 'installments', count: 2, firstDate: '2026-05-04', downPayment: { amountCents: -1, date: TODAY } }, debt, 'invalid_amount'],
    [{ kind: 'installments', count: 4, firstDate: '2026-05-04' }, account(3, 3), 'installment_below_one_cent'],
    [{ kind: 'pay_in_full', date: '2026-05-04', discountCents: 30_001 }, debt, 'discount_exceeds_interest'],
    [{ kind: 'pay_in_full', date: '2026-05-04', discountCents: 1 }, account(50_000, 50_000), 'discount_exceeds_interest'],
    [{ kind: 'pay_in_full', date: '2026-05-04' }, account(50_000, 0), 'nothing_owed'],
  ] as Array<[Offer, Account, string]>)('refuses %j with %s and never calls it within authority', (offer, acc, code) => {
    const result = evaluateOffer(offer, acc, brPolicy, 'admin', TODAY);
    expect(result.valid).toBe(false);
    expect(result.withinAuthority).toBe(false);
    expect(result.errors.map((e) => e.code)).toContain(code);
    expect(result.schedule).toEqual([]);
  });

  it('schedules always add up to what the customer owes less the discount', () => {
    for (const balance of [1_000, 99_999, 123_457, 10_000_001]) {
      for (const count of [1, 2, 3, 5, 7, 11, 24]) {
        const acc = account(Math.floor(balance * 0.8), balance);
        const result = evaluateOffer({ kind: 'installments', count, firstDate: '2026-05-04', downPayment: count > 2 ? { amountCents: 7, date: TODAY } : null }, acc, brPolicy, 'admin', TODAY);
        expect(result.valid).toBe(true);
        expect(result.schedule.reduce((s, p) => s + p.amountCents, 0)).toBe(balance);
        const dates = result.schedule.map((p) => p.dueDate);
        expect([...dates].sort()).toEqual(dates);
      }
    }
  });
});

describe('offer authority in the policy', () => {
  it('defaults for a policy stored before offers existed', () => {
    const { offerAuthority: _, ...stored } = JSON.parse(JSON.stringify(brPolicy)) as Record<string, unknown>;
    const parsed = ContactPolicy.parse(stored);
    expect(parsed.offerAuthority).toEqual(DEFAULT_OFFER_AUTHORITY);
    // The default gives agents no discount, so any discount goes to a supervisor.
    const result = evaluateOffer({ kind: 'pay_in_full', date: '2026-05-04', discountCents: 1 }, debt, parsed, 'agent', TODAY);
    expect(result.violations.map((v) => v.code)).toEqual(['discount_over_max']);
    expect(result.approvableBy).toBe('supervisor');
  });

  it('grows from agent to admin in every preset', () => {
    for (const policy of [brPolicy, usPolicy, ukPolicy]) {
      const { agent, supervisor, admin } = policy.offerAuthority.roles;
      for (const [low, high] of [[agent, supervisor], [supervisor, admin]] as const) {
        expect(high.maxInstallments).toBeGreaterThanOrEqual(low.maxInstallments);
        expect(high.minInstallmentCents).toBeLessThanOrEqual(low.minInstallmentCents);
        expect(high.maxDiscountPercent).toBeGreaterThanOrEqual(low.maxDiscountPercent);
        expect(high.maxDaysToFirstPayment).toBeGreaterThanOrEqual(low.maxDaysToFirstPayment);
        expect(high.maxDaysToNewDueDate).toBeGreaterThanOrEqual(low.maxDaysToNewDueDate);
      }
    }
  });

  it('refuses a bad authority with its path', () => {
    const bad = { ...brPolicy, offerAuthority: { ...brPolicy.offerAuthority, roles: { ...brPolicy.offerAuthority.roles, agent: { ...brPolicy.offerAuthority.roles.agent, maxDiscountPercent: 101 } } } };
    const parsed = ContactPolicy.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['offerAuthority', 'roles', 'agent', 'maxDiscountPercent']);
  });
});

describe('Offer schema', () => {
  it('accepts what the calculator takes and refuses malformed offers with their path', () => {
    expect(Offer.parse({ kind: 'installments', count: 3, firstDate: '2026-05-04', interval: { unit: 'month', count: 1 } }).kind).toBe('installments');
    const bad = Offer.safeParse({ kind: 'installments', count: 3, firstDate: '2026-02-30' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['firstDate']);
    expect(Offer.safeParse({ kind: 'pay_in_full', date: '2026-05-04', discountCents: 1.5 }).success).toBe(false);
    expect(Offer.safeParse({ kind: 'settle', date: '2026-05-04' }).success).toBe(false);
  });
});

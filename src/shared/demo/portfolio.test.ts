import { describe, expect, it } from 'vitest';
import { Account, Callback, ContactAttempt, Customer, Payment, PaymentPromise } from '../model';
import { BRAZIL_AREA_CODES, BRAZIL_TIME_ZONES } from '../domain/brazil-regions';
import { daysPastDue, todayIn } from '../domain/dates';
import { isValidCnpj, isValidCpf, normalizeDocument } from '../domain/document';
import { brazilAreaCode, toE164 } from '../domain/phone';
import { isValidTimeZone, resolveCustomerTimeZone } from '../domain/time-zone';
import { generatePortfolio, type DemoPortfolio } from './portfolio';

const TODAY = '2026-05-12';
// 11:00 in São Paulo: the agent's working day has begun.
const NOW = Date.UTC(2026, 4, 12, 14, 0);

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

const portfolio: DemoPortfolio = generatePortfolio({ seed: 2026, accounts: 5_000, today: TODAY, now: NOW, agentId: 'agent-me' });
const customersById = new Map(portfolio.customers.map((c) => [c.id, c]));
const accountsById = new Map(portfolio.accounts.map((a) => [a.id, a]));
const attemptsById = new Map(portfolio.attempts.map((a) => [a.id, a]));

function zoneOfAccount(accountId: string): string {
  const account = accountsById.get(accountId)!;
  return customersById.get(account.customerId)!.timeZone;
}

describe('generatePortfolio: reproducibility', () => {
  it('gives identical output for the same options and different output for another seed', () => {
    const options = { seed: 7, accounts: 1_500, today: TODAY, now: NOW };
    const a = generatePortfolio(options);
    const b = generatePortfolio(options);
    expect(b).toEqual(a);
    expect(fnv1a(JSON.stringify(b))).toBe(fnv1a(JSON.stringify(a)));
    const other = generatePortfolio({ ...options, seed: 8 });
    expect(fnv1a(JSON.stringify(other))).not.toBe(fnv1a(JSON.stringify(a)));
  });

  it('produces exactly the requested number of accounts', () => {
    for (const n of [0, 1, 2, 37]) {
      const p = generatePortfolio({ seed: 1, accounts: n, today: TODAY, now: NOW });
      expect(p.accounts).toHaveLength(n);
      if (n === 0) expect(p.customers).toHaveLength(0);
    }
    expect(portfolio.accounts).toHaveLength(5_000);
  });

  it('refuses a `now` that is days before `today`', () => {
    expect(() => generatePortfolio({ seed: 1, accounts: 10, today: TODAY, now: Date.UTC(2026, 4, 1) })).toThrow(RangeError);
  });
});

describe('generatePortfolio: schema and references', () => {
  it('validates against the model schemas', () => {
    for (const c of portfolio.customers) Customer.parse(c);
    for (const a of portfolio.accounts) Account.parse(a);
    for (const p of portfolio.payments) Payment.parse(p);
    for (const a of portfolio.attempts) ContactAttempt.parse(a);
    for (const p of portfolio.promises) PaymentPromise.parse(p);
    for (const c of portfolio.callbacks) Callback.parse(c);
  });

  it('gives every entity a unique id', () => {
    for (const list of Object.values(portfolio) as { id: string }[][]) {
      expect(new Set(list.map((e) => e.id)).size).toBe(list.length);
    }
    const all = Object.values(portfolio).flatMap((list: { id: string }[]) => list.map((e) => e.id));
    expect(new Set(all).size).toBe(all.length);
  });

  it('references only existing customers, accounts and attempts', () => {
    for (const a of portfolio.accounts) expect(customersById.has(a.customerId), a.id).toBe(true);
    for (const p of portfolio.payments) expect(accountsById.has(p.accountId), p.id).toBe(true);
    for (const t of portfolio.attempts) {
      expect(accountsById.get(t.accountId)?.customerId, t.id).toBe(t.customerId);
    }
    for (const p of portfolio.promises) {
      expect(accountsById.has(p.accountId), p.id).toBe(true);
      expect(attemptsById.get(p.attemptId!)?.accountId, p.id).toBe(p.accountId);
    }
    for (const c of portfolio.callbacks) {
      expect(attemptsById.get(c.attemptId!)?.accountId, c.id).toBe(c.accountId);
      expect(attemptsById.get(c.attemptId!)?.disposition, c.id).toBe('callback');
    }
    // Every customer holds at least one account.
    const holders = new Set(portfolio.accounts.map((a) => a.customerId));
    expect(holders.size).toBe(portfolio.customers.length);
  });
});

describe('generatePortfolio: customers', () => {
  it('has valid, unique CPFs and CNPJs (some alphanumeric), ~8% companies', () => {
    const seen = new Set<string>();
    let companies = 0;
    let alphanumeric = 0;
    for (const c of portfolio.customers) {
      if (c.documentKind === 'cpf') expect(isValidCpf(c.document), c.document).toBe(true);
      else {
        expect(c.documentKind).toBe('cnpj');
        expect(isValidCnpj(c.document), c.document).toBe(true);
        companies++;
        if (/[A-Z]/.test(c.document)) alphanumeric++;
      }
      expect(normalizeDocument(c.document)).toEqual({ kind: c.documentKind, value: c.document });
      seen.add(c.document);
    }
    expect(seen.size).toBe(portfolio.customers.length);
    expect(companies / portfolio.customers.length).toBeGreaterThan(0.05);
    expect(companies / portfolio.customers.length).toBeLessThan(0.11);
    expect(alphanumeric).toBeGreaterThan(0);
  });

  it('has 1–3 valid E.164 phones whose area code matches the address', () => {
    const areaByDdd = new Map(BRAZIL_AREA_CODES.map((a) => [a.ddd, a]));
    let mobiles = 0;
    let landlines = 0;
    for (const c of portfolio.customers) {
      expect(c.phones.length).toBeGreaterThanOrEqual(1);
      expect(c.phones.length).toBeLessThanOrEqual(3);
      for (const phone of c.phones) {
        expect(toE164(phone.e164, 'BR'), phone.e164).toBe(phone.e164);
        const ddd = brazilAreaCode(phone.e164);
        expect(ddd, phone.e164).not.toBeNull();
        if (c.address) expect(areaByDdd.get(ddd!)?.uf, `${c.id} ${phone.e164}`).toBe(c.address.state);
        if (phone.e164.length === 14) mobiles++;
        else landlines++;
      }
    }
    expect(mobiles).toBeGreaterThan(landlines);
    expect(landlines).toBeGreaterThan(0);
  });

  it('covers every Brazilian time zone with zones the customer data supports', () => {
    const zones = new Set<string>();
    for (const c of portfolio.customers) {
      expect(isValidTimeZone(c.timeZone), c.timeZone).toBe(true);
      zones.add(c.timeZone);
      // Either the derivation from state/phone gives it, or it is one of the zones only explicit data can select.
      const derived = resolveCustomerTimeZone(
        { state: c.address?.state ?? null, country: c.address?.country ?? null, phonesE164: c.phones.map((p) => p.e164) },
        'America/Sao_Paulo',
      ).timeZone;
      if (derived !== c.timeZone) {
        expect(['America/Noronha', 'America/Eirunepe', 'America/Santarem']).toContain(c.timeZone);
      }
    }
    expect([...zones].sort()).toEqual([...BRAZIL_TIME_ZONES].sort());
    expect(portfolio.customers.filter((c) => c.timeZone === 'America/Sao_Paulo').length).toBeGreaterThan(
      portfolio.customers.length / 2,
    );
  });

  it('writes realistic names, mostly pt-BR, some e-mails, and rare flags', () => {
    const n = portfolio.customers.length;
    expect(portfolio.customers.some((c) => /[ãâáçéêíóôõú]/i.test(c.name))).toBe(true);
    expect(new Set(portfolio.customers.map((c) => c.name)).size).toBeGreaterThan(n * 0.8);
    const ptBr = portfolio.customers.filter((c) => c.language === 'pt-BR').length;
    expect(ptBr / n).toBeGreaterThan(0.9);
    const withEmail = portfolio.customers.filter((c) => c.emails.length > 0).length;
    expect(withEmail / n).toBeGreaterThan(0.2);
    expect(withEmail / n).toBeLessThan(0.8);
    for (const flag of ['dispute', 'doNotContact', 'vulnerable', 'deceased'] as const) {
      const share = portfolio.customers.filter((c) => c.flags[flag]).length / n;
      expect(share, flag).toBeGreaterThan(0);
      expect(share, flag).toBeLessThan(0.06);
    }
  });
});

describe('generatePortfolio: accounts', () => {
  it('holds ~1.15 accounts per customer with due dates 1–720 days ago', () => {
    const ratio = portfolio.accounts.length / portfolio.customers.length;
    expect(ratio).toBeGreaterThan(1.08);
    expect(ratio).toBeLessThan(1.25);
    const dpds = portfolio.accounts.map((a) => daysPastDue(a.dueDate, TODAY));
    expect(Math.min(...dpds)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...dpds)).toBeLessThanOrEqual(720);
    expect(Math.min(...dpds)).toBeLessThan(5);
    expect(Math.max(...dpds)).toBeGreaterThan(690);
  });

  it('has skewed BRL balances between R$ 50 and R$ 80.000', () => {
    const originals = portfolio.accounts.map((a) => a.originalBalanceCents).sort((x, y) => x - y);
    for (const a of portfolio.accounts) {
      expect(a.currency).toBe('BRL');
      expect(a.originalBalanceCents).toBeGreaterThanOrEqual(5_000);
      expect(a.originalBalanceCents).toBeLessThanOrEqual(8_000_000);
      expect(a.currentBalanceCents).toBeGreaterThan(0);
    }
    const median = originals[originals.length >> 1]!;
    const mean = originals.reduce((s, v) => s + v, 0) / originals.length;
    expect(mean).toBeGreaterThan(median * 1.5);
    expect(new Set(portfolio.accounts.map((a) => a.creditor)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(portfolio.accounts.map((a) => a.product))).toContain('Cartão de crédito');
  });

  it('writes boleto lines with valid check digits', () => {
    const lines = portfolio.accounts.map((a) => a.boletoLine).filter((l): l is string => l !== null);
    expect(lines.length).toBeGreaterThan(portfolio.accounts.length * 0.3);
    expect(lines.length).toBeLessThan(portfolio.accounts.length);
    const mod10 = (s: string) => {
      let sum = 0;
      for (let i = 0; i < s.length; i++) {
        const p = Number(s[s.length - 1 - i]) * (i % 2 === 0 ? 2 : 1);
        sum += Math.floor(p / 10) + (p % 10);
      }
      return (10 - (sum % 10)) % 10;
    };
    for (const line of lines) {
      expect(line).toMatch(/^\d{47}$/);
      expect(Number(line[9])).toBe(mod10(line.slice(0, 9)));
      expect(Number(line[20])).toBe(mod10(line.slice(10, 20)));
      expect(Number(line[31])).toBe(mod10(line.slice(21, 31)));
    }
    expect(portfolio.accounts.some((a) => a.pixKey !== null)).toBe(true);
  });
});

describe('generatePortfolio: histories', () => {
  it('puts every historical instant before now, in order, on the right local day', () => {
    for (const t of portfolio.attempts) {
      expect(t.startedAt).toBeLessThan(NOW);
      if (t.answeredAt !== null) expect(t.answeredAt).toBeGreaterThanOrEqual(t.startedAt);
      if (t.endedAt !== null) {
        expect(t.endedAt).toBeGreaterThanOrEqual(t.answeredAt ?? t.startedAt);
        expect(t.endedAt).toBeLessThan(NOW);
      }
      const due = accountsById.get(t.accountId)!.dueDate;
      expect(todayIn(zoneOfAccount(t.accountId), t.startedAt) > due, t.id).toBe(true);
    }
    for (const p of portfolio.payments) {
      expect(p.receivedAt).toBeLessThan(NOW);
      expect(todayIn(zoneOfAccount(p.accountId), p.receivedAt), p.id).toBe(p.paidOn);
    }
    for (const p of portfolio.promises) expect(p.createdAt).toBeLessThan(NOW);
    for (const c of portfolio.callbacks) expect(c.createdAt).toBeLessThan(NOW);
  });

  it('spreads dispositions realistically: most calls reach nobody', () => {
    const calls = portfolio.attempts.filter((t) => t.channel === 'phone');
    const unanswered = calls.filter((t) => ['no_answer', 'busy', 'voicemail'].includes(t.disposition)).length;
    expect(unanswered / calls.length).toBeGreaterThan(0.5);
    expect(unanswered / calls.length).toBeLessThan(0.85);
    expect(new Set(portfolio.attempts.map((t) => t.disposition)).size).toBeGreaterThanOrEqual(10);
    expect(portfolio.attempts.some((t) => t.agentId === 'agent-me')).toBe(true);
    expect(portfolio.attempts.some((t) => t.direction === 'inbound')).toBe(true);
    for (const t of calls) {
      if (t.disposition === 'busy') expect(t.sipStatus).toBe(486);
      if (t.answeredAt !== null) expect(t.sipStatus).toBe(200);
    }
  });

  it('resolves promises consistently: kept ones are paid, pending ones fall due in the coming days', () => {
    const paymentsByAccount = new Map<string, Payment[]>();
    for (const p of portfolio.payments) {
      const list = paymentsByAccount.get(p.accountId) ?? [];
      list.push(p);
      paymentsByAccount.set(p.accountId, list);
    }
    const counts = { pending: 0, kept: 0, broken: 0, cancelled: 0 };
    for (const promise of portfolio.promises) {
      counts[promise.status]++;
      if (promise.installments.length > 0) {
        expect(promise.installments.reduce((s, i) => s + i.amountCents, 0)).toBe(promise.amountCents);
        expect(promise.installments[0]!.dueDate).toBe(promise.dueDate);
      }
      const dues = promise.installments.length > 0 ? promise.installments : [{ dueDate: promise.dueDate, amountCents: promise.amountCents }];
      if (promise.status === 'pending') {
        expect(promise.resolvedAt).toBeNull();
        const lastDue = dues[dues.length - 1]!.dueDate;
        expect(lastDue >= TODAY, promise.id).toBe(true);
        if (promise.installments.length === 0) {
          expect(daysPastDue(TODAY, promise.dueDate), promise.id).toBeLessThanOrEqual(7);
        }
      } else {
        expect(promise.resolvedAt).not.toBeNull();
        expect(promise.resolvedAt!).toBeGreaterThanOrEqual(promise.createdAt);
        expect(promise.resolvedAt!).toBeLessThan(NOW);
      }
      if (promise.status === 'kept') {
        const paid = (paymentsByAccount.get(promise.accountId) ?? []).filter(
          (p) => p.receivedAt >= promise.createdAt && p.receivedAt <= promise.resolvedAt!,
        );
        for (const due of dues) {
          expect(
            paid.some((p) => p.amountCents === due.amountCents && p.paidOn <= due.dueDate),
            `${promise.id} ${due.dueDate}`,
          ).toBe(true);
        }
      }
    }
    expect(counts.pending).toBeGreaterThan(0);
    expect(counts.kept).toBeGreaterThan(0);
    expect(counts.broken).toBeGreaterThan(0);
  });

  it('schedules a few pending callbacks for today', () => {
    const dueToday = portfolio.callbacks.filter(
      (c) => c.status === 'pending' && todayIn(zoneOfAccount(c.accountId), c.dueAt) === TODAY,
    );
    expect(dueToday.length).toBeGreaterThan(0);
    expect(dueToday.length).toBeLessThan(portfolio.accounts.length * 0.1);
    for (const c of portfolio.callbacks) {
      if (c.status !== 'pending') expect(c.dueAt).toBeLessThan(NOW);
      expect(c.dueAt).toBeGreaterThan(c.createdAt);
    }
  });

  it('stops calling once a customer is deceased or disputes the debt', () => {
    const lastByAccount = new Map<string, ContactAttempt>();
    for (const t of portfolio.attempts) {
      const prev = lastByAccount.get(t.accountId);
      if (!prev || prev.startedAt < t.startedAt) lastByAccount.set(t.accountId, t);
    }
    for (const t of portfolio.attempts) {
      if (t.disposition === 'deceased' || t.disposition === 'dispute') {
        expect(lastByAccount.get(t.accountId)!.id, t.id).toBe(t.id);
      }
    }
  });
});

describe('generatePortfolio: speed', () => {
  it('generates 50,000 accounts quickly', () => {
    const started = performance.now();
    const big = generatePortfolio({ seed: 50_000, accounts: 50_000, today: TODAY, now: NOW });
    const elapsed = performance.now() - started;
    console.log(
      `generatePortfolio: 50,000 accounts in ${elapsed.toFixed(0)} ms ` +
        `(${big.customers.length} customers, ${big.attempts.length} attempts, ${big.payments.length} payments)`,
    );
    expect(big.accounts).toHaveLength(50_000);
    expect(elapsed).toBeLessThan(10_000);
  });
});

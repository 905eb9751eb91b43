// The demo portfolio: a realistic, reproducible Brazilian collection portfolio built from a seed, so the app,
// the benchmarks and the e2e tests can all start from the same data without shipping a customer file. Pure.
//
// Two kinds of debtor drive the histories: chronic late payers (many past slips, attempts, promises often
// broken) and first-time late payers (a clean payment history, one recent slip, promises usually kept).
// Every instant is before `now`, except pending promises' dates and pending callbacks' times.
import type {
  Account,
  CalendarDate,
  Callback,
  ContactAttempt,
  Customer,
  CustomerFlags,
  Disposition,
  Payment,
  PaymentPromise,
  Phone,
} from '../model';
import { splitCents } from '../domain/money';
import { cnpjFromBase, cpfFromBase } from '../domain/document';
import { resolveCustomerTimeZone } from '../domain/time-zone';
import { fromEpochDay, startOfDayIn, toEpochDay } from '../domain/dates';
import { BRAZIL_TIME_ZONES } from '../domain/brazil-regions';
import { createRandom, weightedPicker, type Random } from './random';
import { DEMO_PLACES, type DemoPlace } from './brazil-places';
import { DEMO_CREDITORS, type BalanceTier, type DemoCreditor, type DemoProduct } from './creditors';
import { boletoDueFactor, buildBoletoLine } from './boleto';
import {
  COMPANY_ACTIVITIES,
  COMPANY_NAMES,
  COMPANY_SUFFIXES,
  EMAIL_DOMAINS,
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  STREET_NAMES,
  STREET_TYPES,
  SURNAME_PARTICLES,
  SURNAMES,
} from './names';

export type DemoPortfolio = {
  customers: Customer[];
  accounts: Account[];
  payments: Payment[];
  attempts: ContactAttempt[];
  promises: PaymentPromise[];
  callbacks: Callback[];
};

export type GeneratePortfolioOptions = {
  seed: number;
  /** How many accounts to generate (customers hold ~1.15 each). */
  accounts: number;
  /** The portfolio's "today": due dates are 1–720 days before it. */
  today: CalendarDate;
  /** Epoch ms; every historical instant is before it. Should fall on `today` in Brazil. */
  now: number;
  /** The signed-in agent: about half of the agent-made attempts are theirs, the rest are colleagues'. */
  agentId?: string;
};

const FALLBACK_ZONE = 'America/Sao_Paulo';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const COLLEAGUES = ['agent-ana', 'agent-bruno', 'agent-carla', 'agent-diego', 'agent-elaine'];
const SCRIPT_ID = 'script-cobranca-br';

// Weighted choices prepared once (O(log n) per draw on the hot path).
const pickPlace = weightedPicker(DEMO_PLACES.map((p) => [p, p.weight] as const));
const pickCreditor = weightedPicker(DEMO_CREDITORS.map((c) => [c, c.weight] as const));
const pickEmailDomain = weightedPicker(EMAIL_DOMAINS);
const pickAccountsPerCustomer = weightedPicker([
  [1, 87],
  [2, 11],
  [3, 2],
] as const);
const pickChronicDpd = weightedPicker<readonly [number, number]>([
  [[1, 30], 15],
  [[31, 90], 20],
  [[91, 180], 20],
  [[181, 360], 25],
  [[361, 720], 20],
]);
const pickFirstTimeDpd = weightedPicker<readonly [number, number]>([
  [[1, 15], 40],
  [[16, 30], 30],
  [[31, 60], 20],
  [[61, 90], 10],
]);
const pickChannel = weightedPicker<ContactAttempt['channel']>([
  ['phone', 84],
  ['whatsapp', 8],
  ['sms', 6],
  ['email', 2],
]);
// Illustrative shares, not measured ones: most outbound calls reach nobody, few end in a promise.
const pickPhoneOutcome = weightedPicker<Disposition>([
  ['no_answer', 44],
  ['busy', 13],
  ['voicemail', 10],
  ['wrong_number', 3],
  ['third_party', 5],
  ['refused', 4],
  ['promise_to_pay', 8],
  ['installment_plan', 3],
  ['paid_already', 1],
  ['dispute', 1],
  ['callback', 8],
]);
const pickInboundOutcome = weightedPicker<Disposition>([
  ['promise_to_pay', 35],
  ['installment_plan', 20],
  ['paid_already', 15],
  ['dispute', 10],
  ['callback', 20],
]);
const pickMessageOutcome = weightedPicker<Disposition>([
  ['no_answer', 80],
  ['promise_to_pay', 8],
  ['callback', 7],
  ['refused', 3],
  ['wrong_number', 2],
]);

// 487: the dialer gave up ringing; 480: handset unavailable; 408: no response from the network.
const pickNoAnswerSip = weightedPicker([
  [487, 6],
  [480, 3],
  [408, 1],
] as const);
const pickPhoneCount = weightedPicker([
  [1, 50],
  [2, 35],
  [3, 15],
] as const);

const NOTES: Partial<Record<Disposition, readonly string[]>> = {
  wrong_number: ['Número não pertence ao cliente.', 'Atendeu outra pessoa, não conhece o cliente.'],
  third_party: ['Falou com a esposa, cliente no trabalho.', 'Mãe atendeu, pediu para ligar à noite.', 'Recado deixado com familiar, sem expor a dívida.'],
  refused: ['Cliente desligou ao saber do assunto.', 'Cliente diz que não vai pagar agora.'],
  promise_to_pay: ['Cliente recebe dia 5 e promete pagar.', 'Vai pagar via PIX.', 'Pediu boleto atualizado por WhatsApp.'],
  installment_plan: ['Acordo parcelado aceito.', 'Parcelamento com entrada, boleto enviado.'],
  paid_already: ['Cliente diz que já pagou, enviará comprovante.'],
  dispute: ['Cliente não reconhece a dívida.', 'Contesta valor de juros.'],
  callback: ['Pediu retorno mais tarde.', 'Em reunião, pediu para ligar amanhã.'],
  deceased: ['Familiar informou o falecimento do titular.'],
};

type Profile = 'chronic' | 'first_time';

type Builder = {
  random: Random;
  now: number;
  todayDay: number;
  agentId: string | undefined;
  out: DemoPortfolio;
  blockOffsets: Map<string, Map<number, number | null>>;
  dateCache: Map<number, CalendarDate>;
  lastHistoryDayCache: Map<string, number>;
  accountSeq: number;
};

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '');
}

function slug(s: string, sep: '.' | ''): string {
  const joined = stripAccents(s).toLowerCase().replace(/[^a-z0-9]+/g, sep);
  return sep === '' ? joined : joined.replace(/^\.+|\.+$/g, '');
}

function digits(random: Random, count: number): string {
  let s = '';
  for (let left = count; left > 0; left -= 6) {
    const n = Math.min(6, left);
    s += pad(random.int(0, 10 ** n - 1), n);
  }
  return s;
}

const MS_PER_DAY = 86_400_000;
// Zone offsets are looked up per block of days: no real zone changes its offset twice within 16 days, so when a
// block's two ends agree every day in it shares that offset and Intl is asked twice per block, not per day.
const BLOCK_DAYS = 16;

function exactOffset(zone: string, day: number): number {
  return day * MS_PER_DAY - startOfDayIn(fromEpochDay(day), zone);
}

/** Epoch ms of local midnight (start of day) of an epoch day in a zone. */
function dayStart(b: Builder, zone: string, day: number): number {
  let blocks = b.blockOffsets.get(zone);
  if (!blocks) {
    blocks = new Map();
    b.blockOffsets.set(zone, blocks);
  }
  const block = Math.floor(day / BLOCK_DAYS);
  let offset = blocks.get(block);
  if (offset === undefined) {
    const first = exactOffset(zone, block * BLOCK_DAYS);
    const next = exactOffset(zone, (block + 1) * BLOCK_DAYS);
    offset = first === next ? first : null;
    blocks.set(block, offset);
  }
  return day * MS_PER_DAY - (offset ?? exactOffset(zone, day));
}

/** `YYYY-MM-DD` of an epoch day, cached: the same few thousand dates are written hundreds of thousands of times. */
function dateOf(b: Builder, day: number): CalendarDate {
  let date = b.dateCache.get(day);
  if (date === undefined) {
    date = fromEpochDay(day);
    b.dateCache.set(day, date);
  }
  return date;
}

/** The latest day, in the customer's zone, that ended before `now`: history happens up to it. */
function lastHistoryDay(b: Builder, zone: string): number {
  let day = b.lastHistoryDayCache.get(zone);
  if (day === undefined) {
    day = b.todayDay - 1;
    let guard = 0;
    while (dayStart(b, zone, day + 1) > b.now) {
      day--;
      if (++guard > 3) throw new RangeError('generatePortfolio: `now` must fall on `today` (in Brazil)');
    }
    b.lastHistoryDayCache.set(zone, day);
  }
  return day;
}

function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** A business-hours instant on `day` in `zone`: 08:00–19:59 on weekdays, 08:00–13:59 on Saturdays. */
function callInstant(b: Builder, zone: string, day: number): number {
  const lastMinute = weekday(day) === 6 ? 14 * 60 - 1 : 20 * 60 - 1;
  return dayStart(b, zone, day) + b.random.int(8 * 60, lastMinute) * MINUTE + b.random.int(0, 59) * 1000;
}

const tierPickers = new WeakMap<readonly BalanceTier[], (random: Random) => BalanceTier>();

function balanceFromTiers(random: Random, tiers: readonly BalanceTier[]): number {
  let pickTier = tierPickers.get(tiers);
  if (!pickTier) {
    pickTier = weightedPicker(tiers.map((t) => [t, t[2]] as const));
    tierPickers.set(tiers, pickTier);
  }
  const [min, max] = pickTier(random);
  // Squaring a uniform skews each tier towards its low end, which with the tiers gives a log-normal-like shape.
  const u = random.next();
  return min + Math.floor((max - min) * u * u);
}

function makeFlags(random: Random, isCompany: boolean): CustomerFlags {
  return {
    doNotContact: random.chance(0.015),
    ceaseCommunication: random.chance(0.007),
    dispute: random.chance(0.025),
    deceased: !isCompany && random.chance(0.006),
    bankruptcy: random.chance(isCompany ? 0.04 : 0.003),
    vulnerable: !isCompany && random.chance(0.03),
  };
}

function personName(random: Random): { name: string; first: string; last: string } {
  const female = random.chance(0.52);
  const first = random.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
  const last = random.pick(SURNAMES);
  const parts = [first];
  // Brazilians usually carry the mother's surname before the father's; many use a particle ("da Silva").
  if (random.chance(0.7)) parts.push(random.pick(SURNAMES));
  if (random.chance(0.25)) parts.push(random.pick(SURNAME_PARTICLES));
  parts.push(last);
  return { name: parts.join(' '), first, last };
}

function mobile(random: Random, ddd: string): string {
  // Mobile numbers: 9 + 8 digits; the second digit is 6–9 in current allocations.
  return `+55${ddd}9${random.int(6, 9)}${digits(random, 7)}`;
}

function landline(random: Random, ddd: string): string {
  return `+55${ddd}${random.int(2, 5)}${digits(random, 7)}`;
}

function makePhones(random: Random, ddd: string, isCompany: boolean): Phone[] {
  const count = pickPhoneCount(random);
  const phones: Phone[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    let phone: Phone;
    if (isCompany) phone = i === 1 ? { e164: mobile(random, ddd), kind: 'mobile' } : { e164: landline(random, ddd), kind: 'work' };
    else if (i === 0) phone = random.chance(0.88) ? { e164: mobile(random, ddd), kind: 'mobile' } : { e164: landline(random, ddd), kind: 'home' };
    else phone = random.chance(0.6) ? { e164: mobile(random, ddd), kind: 'mobile' } : { e164: landline(random, ddd), kind: random.chance(0.5) ? 'home' : 'work' };
    if (seen.has(phone.e164)) continue;
    seen.add(phone.e164);
    phones.push(phone);
  }
  return phones;
}

// CPF's 9th digit is the fiscal region that issued it (Receita Federal), so demo CPFs match the address.
const CPF_REGION: Record<string, string> = {
  RS: '0', DF: '1', GO: '1', MS: '1', MT: '1', TO: '1', AC: '2', AM: '2', AP: '2', PA: '2', RO: '2', RR: '2',
  CE: '3', MA: '3', PI: '3', AL: '4', PB: '4', PE: '4', RN: '4', BA: '5', SE: '5', MG: '6', ES: '7', RJ: '7',
  SP: '8', PR: '9', SC: '9',
};

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * A unique, valid document per customer index. The first 8 characters are a bijection of the index (so no two
 * customers share one, without a lookup set); the seed shifts the sequence so portfolios differ.
 */
function makeDocument(index: number, seedShift: number, uf: string, isCompany: boolean, random: Random): string {
  const body = (seedShift + index * 7_368_787) % 100_000_000; // 7368787 is coprime with 10^8.
  if (!isCompany) return cpfFromBase(`${pad(body, 8)}${CPF_REGION[uf] ?? '8'}`);
  if (random.chance(0.1)) {
    // An alphanumeric CNPJ (IN RFB 2.229/2024): recent registrations. A letter first keeps it apart from numeric ones.
    let root = ALNUM[10 + (body % 26)] as string;
    let rest = Math.floor(body / 26);
    for (let i = 0; i < 7; i++) {
      root += ALNUM[rest % 36];
      rest = Math.floor(rest / 36);
    }
    return cnpjFromBase(`${root}0001`);
  }
  return cnpjFromBase(`${pad(body, 8)}0001`);
}

// One representative place per Brazilian zone, placed every 97th customer, so even a few thousand accounts
// show every zone the app must handle (Noronha and western Amazonas are otherwise too rare to appear).
const ZONE_TOUR: readonly DemoPlace[] = BRAZIL_TIME_ZONES.map((zone) => {
  const place =
    DEMO_PLACES.find((p) => p.timeZone === zone) ??
    DEMO_PLACES.find((p) => !p.timeZone && resolveCustomerTimeZone({ state: p.uf }, FALLBACK_ZONE).timeZone === zone && p.ddd !== '93') ??
    DEMO_PLACES.find((p) => resolveCustomerTimeZone({ phonesE164: [`+55${p.ddd}999999999`] }, '').timeZone === zone);
  if (!place) throw new Error(`no demo place in ${zone}`);
  return place;
});

function makeCustomer(b: Builder, index: number, seedShift: number): Customer {
  const { random } = b;
  const tourStop = index % 97 === 13 ? Math.floor(index / 97) : -1;
  const place = tourStop >= 0 && tourStop < ZONE_TOUR.length ? (ZONE_TOUR[tourStop] as DemoPlace) : pickPlace(random);
  const isCompany = random.chance(0.08);
  const id = `c-${pad(index + 1, 6)}`;

  let name: string;
  const emails: string[] = [];
  if (isCompany) {
    const brand = random.pick(COMPANY_NAMES);
    name = `${random.pick(COMPANY_ACTIVITIES)} ${brand} ${random.pick(COMPANY_SUFFIXES)}`;
    if (random.chance(0.6)) emails.push(`financeiro@${slug(brand, '')}${random.int(1, 99)}.com.br`);
  } else {
    const person = personName(random);
    name = person.name;
    if (random.chance(0.45)) {
      const suffix = random.chance(0.5) ? String(random.int(1, 99)) : '';
      emails.push(`${slug(person.first, '.')}.${slug(person.last, '.')}${suffix}@${pickEmailDomain(random)}`);
    }
  }

  const phones = makePhones(random, place.ddd, isCompany);
  const hasAddress = !random.chance(0.02);
  const address = hasAddress
    ? {
        street: `${random.pick(STREET_TYPES)} ${random.pick(STREET_NAMES)}, ${random.int(1, 4999)}${
          random.chance(0.3) ? `, apto ${random.int(1, 30)}${random.int(1, 4)}` : ''
        }`,
        city: place.city,
        state: place.uf,
        postalCode: `${place.cep}-${digits(random, 3)}`,
        country: 'BR',
      }
    : null;
  const { timeZone } = resolveCustomerTimeZone(
    {
      timeZone: place.timeZone ?? null,
      country: address?.country ?? null,
      state: address?.state ?? null,
      phonesE164: phones.map((p) => p.e164),
    },
    FALLBACK_ZONE,
  );

  const customer: Customer = {
    id,
    name,
    documentKind: isCompany ? 'cnpj' : 'cpf',
    document: makeDocument(index, seedShift, place.uf, isCompany, random),
    phones,
    emails,
    address,
    timeZone,
    language: random.chance(0.97) ? 'pt-BR' : 'en',
    flags: makeFlags(random, isCompany),
    version: 1,
  };
  return customer;
}

function pixKeyFor(creditor: DemoCreditor, random: Random): string {
  if (creditor.pixKeyKind === 'cnpj') return cnpjFromBase(creditor.cnpjBase);
  if (creditor.pixKeyKind === 'email') return `cobranca@${slug(creditor.name, '')}.com.br`;
  const hex = () => random.uint32().toString(16).padStart(8, '0');
  const h = hex() + hex() + hex() + hex();
  // A random (EVP) key is a UUID v4.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function paymentInstant(b: Builder, zone: string, day: number): number {
  // PIX and bank apps are used at any waking hour.
  return dayStart(b, zone, day) + b.random.int(6 * 60, 22 * 60) * MINUTE + b.random.int(0, 59) * 1000;
}

type AccountContext = {
  b: Builder;
  customer: Customer;
  account: Account;
  profile: Profile;
  zone: string;
  lastDay: number;
  /** The account id without its "a-" prefix, shared by the ids of everything that belongs to it. */
  idTail: string;
  seq: { payment: number; attempt: number; promise: number; callback: number };
};

/** A payment on `day`; `notBefore` keeps a payment made right after a call from predating the call. */
function addPayment(ctx: AccountContext, day: number, amountCents: number, notBefore = 0): Payment {
  const { b, account } = ctx;
  let receivedAt = paymentInstant(b, ctx.zone, day);
  if (receivedAt <= notBefore) receivedAt = Math.min(notBefore + b.random.int(5, 120) * MINUTE, b.now - 1);
  const payment: Payment = {
    id: `p-${ctx.idTail}-${pad(++ctx.seq.payment, 2)}`,
    accountId: account.id,
    amountCents,
    currency: 'BRL',
    paidOn: dateOf(b, day),
    receivedAt,
    source: 'demo',
  };
  b.out.payments.push(payment);
  return payment;
}

function agentFor(ctx: AccountContext): string {
  const { b } = ctx;
  if (b.agentId && b.random.chance(0.5)) return b.agentId;
  return b.random.pick(COLLEAGUES);
}

/** An attempt on `day`; `forced` fixes the outcome as an answered phone call (what a flag or a plan needs). */
function addAttempt(ctx: AccountContext, day: number, forced: Disposition | null): ContactAttempt {
  const { b, customer, account } = ctx;
  const { random } = b;
  const channel = forced ? 'phone' : pickChannel(random);
  const inbound = forced === null && channel === 'phone' && random.chance(0.04);
  let outcome: Disposition;
  if (forced !== null) outcome = forced;
  else if (inbound) outcome = pickInboundOutcome(random);
  else if (channel === 'phone') outcome = pickPhoneOutcome(random);
  else outcome = pickMessageOutcome(random);
  // A first-time debtor who answers is far more likely to commit than a chronic one.
  if (forced === null && outcome === 'refused' && ctx.profile === 'first_time' && random.chance(0.5)) {
    outcome = 'promise_to_pay';
  }

  const startedAt = callInstant(b, ctx.zone, day);
  const phone = customer.phones.length > 0 ? random.pick(customer.phones) : null;
  let answeredAt: number | null = null;
  let endedAt: number | null = null;
  let sipStatus: number | null = null;
  if (channel === 'phone') {
    if (outcome === 'no_answer') {
      endedAt = startedAt + random.int(20, 45) * 1000;
      sipStatus = pickNoAnswerSip(random);
    } else if (outcome === 'busy') {
      endedAt = startedAt + random.int(1, 5) * 1000;
      sipStatus = 486;
    } else {
      answeredAt = startedAt + (inbound ? 0 : random.int(4, 25) * 1000);
      const talkSeconds = outcome === 'voicemail' ? random.int(5, 30) : random.int(40, 900);
      endedAt = answeredAt + talkSeconds * 1000;
      sipStatus = 200;
    }
  }
  // SMS and e-mail go out from campaigns, not from an agent.
  const automated = channel === 'sms' || channel === 'email';
  const scripted = channel === 'phone' && answeredAt !== null && outcome !== 'voicemail';
  const notesPool = NOTES[outcome];
  const attempt: ContactAttempt = {
    id: `t-${ctx.idTail}-${pad(++ctx.seq.attempt, 2)}`,
    accountId: account.id,
    customerId: customer.id,
    channel,
    direction: inbound ? 'inbound' : 'outbound',
    number: channel === 'email' ? null : (phone?.e164 ?? null),
    startedAt,
    answeredAt,
    endedAt,
    sipStatus,
    disposition: outcome,
    agentId: automated ? null : agentFor(ctx),
    scriptId: scripted ? SCRIPT_ID : null,
    scriptVersion: scripted ? random.int(1, 3) : null,
    scriptVariant: scripted ? (random.chance(0.5) ? 'A' : 'B') : null,
    strategyVariant: inbound ? null : random.chance(0.8) ? 'champion' : 'challenger',
    notes: notesPool && random.chance(0.7) ? random.pick(notesPool) : '',
  };
  b.out.attempts.push(attempt);
  return attempt;
}

function promiseTerms(ctx: AccountContext, attempt: ContactAttempt, remaining: { cents: number }, firstDue: number) {
  const { random } = ctx.b;
  const plan = attempt.disposition === 'installment_plan';
  const share = plan ? 0.6 + random.next() * 0.4 : 0.1 + random.next() * 0.4;
  const total = Math.max(1000, Math.floor(remaining.cents * share));
  const count = plan ? random.int(2, 6) : 1;
  const shares = splitCents(total, count);
  const dueDays = shares.map((_, i) => firstDue + i * 30);
  return { plan, total, count, shares, dueDays };
}

function pushPromise(
  ctx: AccountContext,
  attempt: ContactAttempt,
  terms: ReturnType<typeof promiseTerms>,
  status: PaymentPromise['status'],
  resolvedAt: number | null,
): void {
  ctx.b.out.promises.push({
    id: `pr-${ctx.idTail}-${pad(++ctx.seq.promise, 2)}`,
    accountId: ctx.account.id,
    attemptId: attempt.id,
    amountCents: terms.total,
    currency: 'BRL',
    dueDate: dateOf(ctx.b, terms.dueDays[0] as number),
    installments:
      terms.count > 1
        ? terms.shares.map((amountCents, i) => ({ dueDate: dateOf(ctx.b, terms.dueDays[i] as number), amountCents }))
        : [],
    status,
    createdAt: attempt.endedAt ?? attempt.startedAt,
    resolvedAt,
  });
}

/**
 * Records the promise an attempt produced and, knowing the future, whether it was kept (with its payments).
 * Returns the first day the collector may call again: the day after the promise was kept or broken.
 */
function addPromise(ctx: AccountContext, attempt: ContactAttempt, day: number, remaining: { cents: number }): number {
  const { b } = ctx;
  const { random } = b;
  const terms = promiseTerms(ctx, attempt, remaining, day + random.int(1, 7));
  const keeper = random.chance(ctx.profile === 'chronic' ? 0.3 : 0.8);
  // A plan that is not kept usually fails after some installments were paid.
  const paidInstallments = keeper ? terms.count : terms.plan ? random.int(0, terms.count - 1) : 0;
  const createdAt = attempt.endedAt ?? attempt.startedAt;

  let status: PaymentPromise['status'] = 'pending';
  let resolvedAt: number | null = null;
  let nextCallDay = (terms.dueDays[terms.count - 1] as number) + 1;
  for (let i = 0; i < terms.count; i++) {
    const due = terms.dueDays[i] as number;
    if (due > ctx.lastDay) break;
    if (i >= paidInstallments) {
      status = 'broken';
      // The system marks it broken the morning after the missed date.
      const marked = dayStart(b, ctx.zone, due + 1) + random.int(60, 6 * 60) * MINUTE;
      resolvedAt = Math.max(createdAt + MINUTE, Math.min(marked, b.now - 1));
      nextCallDay = due + 1;
      break;
    }
    const payDay = Math.max(day, due - random.int(0, 2));
    const payment = addPayment(ctx, payDay, terms.shares[i] as number, createdAt);
    remaining.cents -= terms.shares[i] as number;
    if (i === terms.count - 1) {
      status = 'kept';
      resolvedAt = payment.receivedAt;
    }
  }
  pushPromise(ctx, attempt, terms, status, resolvedAt);
  return nextCallDay;
}

function addCallback(ctx: AccountContext, attempt: ContactAttempt, dueAt: number, status: Callback['status']): void {
  ctx.b.out.callbacks.push({
    id: `cb-${ctx.idTail}-${pad(++ctx.seq.callback, 2)}`,
    accountId: ctx.account.id,
    attemptId: attempt.id,
    dueAt,
    status,
    createdAt: attempt.endedAt ?? attempt.startedAt,
  });
}

function buildHistory(ctx: AccountContext, dueDay: number): void {
  const { b, customer, account, profile } = ctx;
  const { random } = b;
  const dpd = b.todayDay - dueDay;

  // Before the slip: monthly installments. First-time payers paid on time; chronic ones late, and not always.
  const priorMonths = random.int(2, profile === 'chronic' ? 8 : 6);
  const installment = Math.max(1000, Math.floor(account.originalBalanceCents / random.int(4, 12)));
  for (let m = priorMonths; m >= 1; m--) {
    const due = dueDay - m * 30;
    if (profile === 'chronic') {
      if (random.chance(0.2)) continue;
      addPayment(ctx, due + random.int(3, 25), installment);
    } else {
      addPayment(ctx, due - random.int(0, 3), installment);
    }
  }

  // After the slip: attempts on distinct days (never Sunday), oldest first.
  const firstDay = dueDay + 1;
  const span = ctx.lastDay - firstDay + 1;
  const remaining = { cents: account.currentBalanceCents };
  const wanted =
    span <= 0
      ? 0
      : profile === 'chronic'
        ? random.int(2, Math.min(30, 3 + Math.floor(dpd / 10)))
        : random.int(0, Math.min(6, 1 + Math.floor(dpd / 5)));
  const days = new Set<number>();
  for (let i = 0; i < wanted; i++) {
    let day = firstDay + random.int(0, span - 1);
    if (weekday(day) === 0) day = day + 1 <= ctx.lastDay ? day + 1 : day - 1;
    if (day >= firstDay) days.add(day);
  }
  const sorted = [...days].sort((x, y) => x - y);

  let nextCallDay = firstDay;
  let stopped = false;
  for (const day of sorted) {
    if (stopped) break;
    if (day < nextCallDay) continue;
    nextCallDay = day + 1;
    const attempt = addAttempt(ctx, day, null);
    const d = attempt.disposition;
    if (d === 'promise_to_pay' || d === 'installment_plan') {
      nextCallDay = addPromise(ctx, attempt, day, remaining);
    } else if (d === 'callback') {
      const dueAt = (attempt.endedAt ?? attempt.startedAt) + random.int(1, 48) * HOUR;
      addCallback(ctx, attempt, dueAt, dueAt < b.now ? (random.chance(0.85) ? 'done' : 'cancelled') : 'pending');
    } else if (d === 'deceased' || d === 'dispute') {
      stopped = true;
    }
  }

  const flags = customer.flags;
  const flagged = flags.deceased || flags.dispute || flags.doNotContact || flags.ceaseCommunication;
  const lastAttempt = sorted.length > 0 ? (sorted[sorted.length - 1] as number) : firstDay - 1;
  if (flagged) {
    // A flag comes from what someone said on a call: that call is the last one on record.
    const day = Math.max(lastAttempt + 1, nextCallDay);
    if (day <= ctx.lastDay && !stopped) {
      const reason: Disposition = flags.deceased ? 'deceased' : flags.dispute ? 'dispute' : 'refused';
      const attempt = addAttempt(ctx, day, reason);
      if (reason === 'refused') attempt.notes = 'Cliente pediu para não ser mais contatado.';
    }
  } else if (!stopped) {
    const from = Math.max(lastAttempt + 1, nextCallDay, ctx.lastDay - 2, firstDay);
    if (from <= ctx.lastDay && random.chance(0.06)) {
      // A fresh promise still waiting for its date in the coming days.
      const day = random.int(from, ctx.lastDay);
      const attempt = addAttempt(ctx, day, random.chance(0.8) ? 'promise_to_pay' : 'installment_plan');
      pushPromise(ctx, attempt, promiseTerms(ctx, attempt, remaining, b.todayDay + random.int(1, 7)), 'pending', null);
    } else if (from <= ctx.lastDay && random.chance(0.03)) {
      // The customer asked to be called back today.
      const day = random.int(from, ctx.lastDay);
      const attempt = addAttempt(ctx, day, 'callback');
      const dueAt = dayStart(b, ctx.zone, b.todayDay) + random.int(9 * 60, 18 * 60) * MINUTE;
      addCallback(ctx, attempt, dueAt, 'pending');
    }
  }

  account.currentBalanceCents = Math.max(1000, remaining.cents);
}

function makeAccount(b: Builder, customer: Customer, customerIndex: number, n: number, profile: Profile): AccountContext {
  const { random } = b;
  const creditor = pickCreditor(random);
  const product: DemoProduct = random.pick(creditor.products);
  const [lo, hi] = profile === 'chronic' ? pickChronicDpd(random) : pickFirstTimeDpd(random);
  const dpd = random.int(lo, hi);
  const dueDay = b.todayDay - dpd;
  const dueDate = dateOf(b, dueDay);
  const original = balanceFromTiers(random, product.tiers);
  // Interest and fees accrue with time past due, linearly enough for a demo.
  const grown = original + Math.floor((original * product.growthOver720Days * Math.min(dpd, 720)) / 720);
  const seq = ++b.accountSeq;
  const idTail = `${pad(customerIndex + 1, 6)}-${n}`;
  const id = `a-${idTail}`;

  let boletoLine: string | null = null;
  if (random.chance(0.6)) {
    boletoLine = buildBoletoLine({
      bank: creditor.bankCode,
      factor: boletoDueFactor(dueDate),
      valueCents: Math.min(original, 9_999_999_999),
      freeField: digits(random, 25),
    });
  }
  const account: Account = {
    id,
    customerId: customer.id,
    creditor: creditor.name,
    product: product.name,
    accountNumber: `${creditor.code}-${pad((seq * 7919) % 1_000_000_000, 9)}`,
    currency: 'BRL',
    originalBalanceCents: original,
    currentBalanceCents: grown,
    dueDate,
    status: 'open',
    boletoLine,
    pixKey: random.chance(0.5) ? pixKeyFor(creditor, random) : null,
    version: 1,
  };
  b.out.accounts.push(account);
  return {
    b,
    customer,
    account,
    profile,
    zone: customer.timeZone,
    lastDay: lastHistoryDay(b, customer.timeZone),
    idTail,
    seq: { payment: 0, attempt: 0, promise: 0, callback: 0 },
  };
}

/** Same options, same portfolio, on every platform. */
export function generatePortfolio(options: GeneratePortfolioOptions): DemoPortfolio {
  const { seed, accounts: accountCount, today, now, agentId } = options;
  if (!Number.isInteger(accountCount) || accountCount < 0) throw new RangeError(`accounts must be a whole number: ${accountCount}`);
  const random = createRandom(seed);
  const b: Builder = {
    random,
    now,
    todayDay: toEpochDay(today),
    agentId,
    out: { customers: [], accounts: [], payments: [], attempts: [], promises: [], callbacks: [] },
    blockOffsets: new Map(),
    dateCache: new Map(),
    lastHistoryDayCache: new Map(),
    accountSeq: 0,
  };
  const seedShift = random.int(0, 99_999_999);

  let customerIndex = 0;
  while (b.out.accounts.length < accountCount) {
    const customer = makeCustomer(b, customerIndex, seedShift);
    b.out.customers.push(customer);
    const profile: Profile = random.chance(0.35) ? 'chronic' : 'first_time';
    const count = Math.min(pickAccountsPerCustomer(random), accountCount - b.out.accounts.length);
    for (let n = 1; n <= count; n++) {
      const ctx = makeAccount(b, customer, customerIndex, n, profile);
      buildHistory(ctx, toEpochDay(ctx.account.dueDate));
    }
    customerIndex++;
  }
  return b.out;
}

// Boleto lines: validate what the agent pastes or reads out, and decode what it says. Pure.
// Bank boleto ("cobrança", 47 digits; Carta-Circular BCB 2.926/2000, FEBRABAN): the 44-digit bar code is
// bank(3) currency(1) DV(1) due factor(4) value(10) free field(25); the typed line regroups it into three
// mod-10-checked fields, the general mod-11 DV, then factor and value.
// Arrecadação/convênio (48 digits, starts with 8; FEBRABAN "Layout Padrão de Arrecadação"): four blocks of 11
// digits each followed by its DV; the third digit says whether every DV is mod 10 (6, 7) or mod 11 (8, 9).
// Written here rather than taken from @brazilian-utils because the UI needs to say *which* field is wrong and the
// due date relative to a given day; its isValidBoleto serves as an independent check in the tests.
import type { CalendarDate } from '../../model';
import { addDays, diffDays } from '../dates';

/** FEBRABAN mod 10: weights 2,1,2,1… from the right, the digits of each product summed. */
export function boletoMod10(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const product = (digits.charCodeAt(i) - 48) * weight;
    sum += product > 9 ? product - 9 : product;
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (sum % 10)) % 10;
}

function mod11Sum(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += (digits.charCodeAt(i) - 48) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  return sum;
}

/** The bank bar code's general DV over its other 43 digits: mod 11, weights 2–9, and 0, 10 or 11 become 1. */
export function boletoBarcodeMod11(digits43: string): number {
  const dv = 11 - (mod11Sum(digits43) % 11);
  return dv === 0 || dv === 10 || dv === 11 ? 1 : dv;
}

/** The arrecadação mod 11: weights 2–9, and remainders 0 and 1 give 0. */
export function arrecadacaoMod11(digits: string): number {
  const dv = 11 - (mod11Sum(digits) % 11);
  return dv >= 10 ? 0 : dv;
}

/** The factor's day 0; factor 1000 was 2000-07-03 and, after 9999 on 2025-02-21, 1000 again on 2025-02-22. */
const FACTOR_BASE: CalendarDate = '1997-10-07';
const FACTOR_CYCLE_DAYS = 9000;

/** The due-date factor (1000–9999) a boleto due on `dueDate` carries. */
export function boletoFactorForDate(dueDate: CalendarDate): number {
  const days = diffDays(dueDate, FACTOR_BASE);
  if (days < 1000) throw new RangeError(`no due factor before 2000-07-03: ${dueDate}`);
  return ((days - 1000) % FACTOR_CYCLE_DAYS) + 1000;
}

/**
 * The due date a factor stands for. Each factor names one day every 9000 days (about 24.6 years); the one
 * nearest `referenceDate` (usually today) is meant. Factor 0 means "no due date".
 */
export function boletoDateForFactor(factor: number, referenceDate: CalendarDate): CalendarDate | null {
  if (!Number.isInteger(factor) || factor < 0 || factor > 9999) throw new RangeError(`bad due factor ${factor}`);
  if (factor === 0) return null;
  const offset = diffDays(referenceDate, FACTOR_BASE) - factor;
  // The first cycle is the earliest a factor can mean.
  const cycle = Math.max(0, Math.round(offset / FACTOR_CYCLE_DAYS));
  return addDays(FACTOR_BASE, factor + cycle * FACTOR_CYCLE_DAYS);
}

export type BoletoErrorCode =
  | 'not_digits'
  | 'wrong_length'
  | 'field_check_digit'
  | 'general_check_digit'
  /** A 48-digit line whose third digit is not 6–9. */
  | 'unknown_value_identifier';

export interface BoletoError {
  code: BoletoErrorCode;
  /** `field` is 1-based as printed on the slip; `length` is the digit count found. */
  params: { field?: number; length?: number; expected?: number; found?: number };
}

export interface BankBoletoInfo {
  kind: 'bank';
  /** The 47 digits without separators. */
  line: string;
  barcode: string;
  /** COMPE code of the issuing bank, e.g. "001". */
  bankCode: string;
  /** "9" is the real. */
  currencyCode: string;
  factor: number;
  dueDate: CalendarDate | null;
  /** null when the slip leaves the amount to the payer (all zeros). */
  amountCents: number | null;
}

export interface ArrecadacaoInfo {
  kind: 'arrecadacao';
  line: string;
  barcode: string;
  /** 1 prefeituras, 2 saneamento, 3 energia e gás, 4 telecom, 5 órgãos governamentais, 6 carnês, 7 trânsito, 9 uso exclusivo do banco. */
  segment: number;
  modulus: 10 | 11;
  /** Reais in cents when the identifier says "effective value" (6 or 8); null for a reference quantity (7 or 9). */
  amountCents: number | null;
}

export type BoletoInfo = BankBoletoInfo | ArrecadacaoInfo;
export type BoletoResult = { ok: true; info: BoletoInfo } | { ok: false; errors: BoletoError[] };

/** Digits only, or null when the text holds anything but digits and the usual separators (dots, blanks, dashes). */
export function boletoDigits(text: string): string | null {
  const digits = text.replace(/[\s.\-_]/g, '');
  return /^\d*$/.test(digits) ? digits : null;
}

/** The bank bar code (44) behind a typed bank line (47). */
export function bankLineToBarcode(line: string): string {
  return `${line.slice(0, 4)}${line.slice(32, 47)}${line.slice(4, 9)}${line.slice(10, 20)}${line.slice(21, 31)}`;
}

/** The typed bank line (47) of a bank bar code (44), with its three field DVs. */
export function bankBarcodeToLine(barcode: string): string {
  const field1 = `${barcode.slice(0, 4)}${barcode.slice(19, 24)}`;
  const field2 = barcode.slice(24, 34);
  const field3 = barcode.slice(34, 44);
  return `${field1}${boletoMod10(field1)}${field2}${boletoMod10(field2)}${field3}${boletoMod10(field3)}${barcode.slice(4, 19)}`;
}

export interface BankBoletoFields {
  bankCode: string;
  currencyCode?: string;
  factor: number;
  amountCents: number;
  /** The bank's own 25 digits (agreement, our number, agency...). */
  freeField: string;
}

/** Builds a valid typed bank line from its fields (the demo portfolio and tests use it). */
export function buildBankBoletoLine(fields: BankBoletoFields): string {
  const { bankCode, factor, amountCents, freeField } = fields;
  const currencyCode = fields.currencyCode ?? '9';
  if (!/^\d{3}$/.test(bankCode) || !/^\d$/.test(currencyCode) || !/^\d{25}$/.test(freeField)) {
    throw new RangeError('bank code is 3 digits, currency 1, free field 25');
  }
  if (!Number.isInteger(factor) || factor < 0 || factor > 9999) throw new RangeError(`bad due factor ${factor}`);
  if (!Number.isInteger(amountCents) || amountCents < 0 || amountCents > 9_999_999_999) {
    throw new RangeError(`bad boleto value ${amountCents}`);
  }
  const tail = `${String(factor).padStart(4, '0')}${String(amountCents).padStart(10, '0')}${freeField}`;
  const dv = boletoBarcodeMod11(`${bankCode}${currencyCode}${tail}`);
  return bankBarcodeToLine(`${bankCode}${currencyCode}${dv}${tail}`);
}

function validateBankLine(line: string, referenceDate: CalendarDate): BoletoResult {
  const errors: BoletoError[] = [];
  const fields: Array<[number, number]> = [
    [0, 9],
    [10, 20],
    [21, 31],
  ];
  fields.forEach(([start, dvAt], i) => {
    const expected = boletoMod10(line.slice(start, dvAt));
    const found = Number(line[dvAt]);
    if (expected !== found) errors.push({ code: 'field_check_digit', params: { field: i + 1, expected, found } });
  });
  const barcode = bankLineToBarcode(line);
  const expected = boletoBarcodeMod11(barcode.slice(0, 4) + barcode.slice(5));
  const found = Number(barcode[4]);
  if (expected !== found) errors.push({ code: 'general_check_digit', params: { field: 4, expected, found } });
  if (errors.length > 0) return { ok: false, errors };
  const factor = Number(line.slice(33, 37));
  const amountCents = Number(line.slice(37, 47));
  return {
    ok: true,
    info: {
      kind: 'bank',
      line,
      barcode,
      bankCode: line.slice(0, 3),
      currencyCode: line.slice(3, 4),
      factor,
      dueDate: boletoDateForFactor(factor, referenceDate),
      amountCents: amountCents === 0 ? null : amountCents,
    },
  };
}

function validateArrecadacaoLine(line: string): BoletoResult {
  const identifier = line[2];
  if (identifier !== '6' && identifier !== '7' && identifier !== '8' && identifier !== '9') {
    // Without a value identifier nobody can say which modulus the DVs use, nor what the value means.
    return { ok: false, errors: [{ code: 'unknown_value_identifier', params: { found: Number(identifier) } }] };
  }
  const modulus: 10 | 11 = identifier === '8' || identifier === '9' ? 11 : 10;
  const dvOf = modulus === 10 ? boletoMod10 : arrecadacaoMod11;
  const errors: BoletoError[] = [];
  let barcode = '';
  for (let block = 0; block < 4; block++) {
    const digits = line.slice(block * 12, block * 12 + 11);
    barcode += digits;
    const expected = dvOf(digits);
    const found = Number(line[block * 12 + 11]);
    if (expected !== found) errors.push({ code: 'field_check_digit', params: { field: block + 1, expected, found } });
  }
  const expected = dvOf(barcode.slice(0, 3) + barcode.slice(4));
  const found = Number(barcode[3]);
  if (expected !== found) errors.push({ code: 'general_check_digit', params: { expected, found } });
  if (errors.length > 0) return { ok: false, errors };
  const effective = identifier === '6' || identifier === '8';
  return {
    ok: true,
    info: {
      kind: 'arrecadacao',
      line,
      barcode,
      segment: Number(line[1]),
      modulus,
      amountCents: effective ? Number(barcode.slice(4, 15)) : null,
    },
  };
}

/**
 * Checks a typed boleto line, with or without its dots and blanks: 47 digits for a bank boleto, 48 starting
 * with 8 for arrecadação. Every failing check is listed (a mistyped digit in field 2 fails field 2 and the
 * general DV), so the UI can point at the field. `referenceDate` picks the factor's cycle for the due date.
 */
export function validateBoletoLine(text: string, referenceDate: CalendarDate): BoletoResult {
  const line = boletoDigits(text);
  if (line === null) return { ok: false, errors: [{ code: 'not_digits', params: {} }] };
  if (line.length === 47) return validateBankLine(line, referenceDate);
  if (line.length === 48 && line.startsWith('8')) return validateArrecadacaoLine(line);
  return { ok: false, errors: [{ code: 'wrong_length', params: { length: line.length } }] };
}

/** The line grouped as printed on the slip: "00190.50095 40144.816069 06809.350314 3 37370000000100". */
export function formatBoletoLine(line: string): string {
  if (/^\d{47}$/.test(line)) {
    return `${line.slice(0, 5)}.${line.slice(5, 10)} ${line.slice(10, 15)}.${line.slice(15, 21)} ${line.slice(21, 26)}.${line.slice(26, 32)} ${line[32]} ${line.slice(33)}`;
  }
  if (/^\d{48}$/.test(line)) {
    return [0, 1, 2, 3].map((b) => `${line.slice(b * 12, b * 12 + 11)}-${line[b * 12 + 11]}`).join(' ');
  }
  return line;
}

// Brazilian taxpayer ids: CPF (people, 11 digits) and CNPJ (companies, 14 characters). Pure.
//
// Validation is @brazilian-utils' (checked by our tests against the Receita Federal examples, including the
// alphanumeric CNPJ of IN RFB 2.229/2024 in force since July 2026). We compute check digits ourselves only to
// build ids from a base (the demo portfolio), where the library offers random generation but no "complete this".
import { isValidCnpj as libIsValidCnpj, isValidCpf as libIsValidCpf } from '@brazilian-utils/brazilian-utils';
import type { DocumentKind } from '../model';

/** "123.456.789-09" or "12345678909". All-same-digit numbers ("111.111.111-11") are refused. */
export function isValidCpf(s: string): boolean {
  return typeof s === 'string' && libIsValidCpf(s);
}

/**
 * Numeric ("12.345.678/0001-95") and alphanumeric ("12.ABC.345/01DE-35", letters in any case) CNPJs.
 * All-same-digit numbers are refused.
 */
export function isValidCnpj(s: string): boolean {
  return typeof s === 'string' && libIsValidCnpj(s, { version: 2 });
}

// Only the usual mask characters are dropped: a stray letter inside a CPF must not be silently discarded.
const MASK = /[\s./-]/g;

/** The canonical stored form: digits (CPF) or uppercase alphanumerics (CNPJ); null when not a valid id. */
export function normalizeDocument(s: string): { kind: 'cpf' | 'cnpj'; value: string } | null {
  if (typeof s !== 'string') return null;
  const value = s.replace(MASK, '').toUpperCase();
  if (/^\d{11}$/.test(value)) return isValidCpf(value) ? { kind: 'cpf', value } : null;
  if (/^[0-9A-Z]{12}\d{2}$/.test(value)) return isValidCnpj(value) ? { kind: 'cnpj', value } : null;
  return null;
}

/** "12345678909" → "123.456.789-09"; "12345678000195" → "12.345.678/0001-95". Anything else unchanged. */
export function formatDocument(kind: DocumentKind, value: string): string {
  const v = value.replace(MASK, '').toUpperCase();
  if (kind === 'cpf' && /^\d{11}$/.test(v)) {
    return `${v.slice(0, 3)}.${v.slice(3, 6)}.${v.slice(6, 9)}-${v.slice(9)}`;
  }
  if (kind === 'cnpj' && /^[0-9A-Z]{14}$/.test(v)) {
    return `${v.slice(0, 2)}.${v.slice(2, 5)}.${v.slice(5, 8)}/${v.slice(8, 12)}-${v.slice(12)}`;
  }
  return value;
}

// For screens and logs that must not show the whole id (LGPD data minimisation):
// CPF "***.***.789-09", CNPJ "**.***.***/0001-95", other ids "****1234".
export function maskDocument(kind: DocumentKind, value: string): string {
  const v = value.replace(MASK, '').toUpperCase();
  if (kind === 'cpf' && v.length === 11) return `***.***.${v.slice(6, 9)}-${v.slice(9)}`;
  if (kind === 'cnpj' && v.length === 14) return `**.***.***/${v.slice(8, 12)}-${v.slice(12)}`;
  const visible = Math.min(4, Math.floor(v.length / 2));
  return '*'.repeat(Math.max(4, v.length - visible)) + v.slice(v.length - visible);
}

// Each character counts as its ASCII code − 48, so digits keep their value and 'A' = 17 (IN RFB 2.229/2024).
function mod11Digit(chars: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) sum += (chars.charCodeAt(i) - 48) * (weights[i] ?? 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

const CPF_WEIGHTS_1 = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const CPF_WEIGHTS_2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/** Appends the two check digits to a 9-digit CPF base: "123456789" → "12345678909". */
export function cpfFromBase(nineDigits: string): string {
  if (!/^\d{9}$/.test(nineDigits)) throw new Error(`a CPF base is 9 digits: ${nineDigits}`);
  const first = mod11Digit(nineDigits, CPF_WEIGHTS_1);
  const withFirst = `${nineDigits}${first}`;
  return `${withFirst}${mod11Digit(withFirst, CPF_WEIGHTS_2)}`;
}

/** Appends the two check digits to a 12-character CNPJ base (digits or A–Z): "123456780001" → "12345678000195". */
export function cnpjFromBase(twelveChars: string): string {
  const base = twelveChars.toUpperCase();
  if (!/^[0-9A-Z]{12}$/.test(base)) throw new Error(`a CNPJ base is 12 digits or letters: ${twelveChars}`);
  const first = mod11Digit(base, CNPJ_WEIGHTS_1);
  const withFirst = `${base}${first}`;
  return `${withFirst}${mod11Digit(withFirst, CNPJ_WEIGHTS_2)}`;
}

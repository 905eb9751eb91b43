// PIX BR Code "copia e cola": the EMV QR (MPM) payload of the central bank's Manual do BR Code, built from its
// fields and read back with the reason it is wrong. Pure.
//
// @brazilian-utils' generatePixPayload reproduces the manual's example byte for byte (our tests use it as an
// independent oracle), but it takes the amount as a float of reais, returns null without saying which field is
// wrong, and keeps the merchant name's case. Quita needs integer cents, error codes the UI translates and the
// upper-case ASCII names bank apps expect, so the payload is built here; the library only normalises the key.
import { getPixKeyInfo } from '@brazilian-utils/brazilian-utils';

export type PixKeyType = 'cpf' | 'cnpj' | 'email' | 'phone' | 'evp';

export const PIX_GUI = 'br.gov.bcb.pix';
const MERCHANT_NAME_MAX = 25;
const MERCHANT_CITY_MAX = 15;
const TEMPLATE_MAX = 99;
const TXID_PATTERN = /^[A-Za-z0-9]{1,25}$/;
/** The largest amount field 54 holds: 13 characters, "9999999999.99". */
export const PIX_MAX_AMOUNT_CENTS = 999_999_999_999;

/** CRC16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR. */
export function crc16CcittFalse(text: string): number {
  let crc = 0xffff;
  for (let i = 0; i < text.length; i++) {
    // The payload is ASCII; a wider code unit would be a caller's bug, so only the low byte is taken.
    crc ^= (text.charCodeAt(i) & 0xff) << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/** The CRC as the BR Code writes it: four upper-case hex digits. */
export function crc16Hex(text: string): string {
  return crc16CcittFalse(text).toString(16).toUpperCase().padStart(4, '0');
}

function tlv(id: string, value: string): string {
  if (value.length > 99) throw new RangeError(`EMV field ${id} longer than 99: ${value.length}`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/**
 * Folds free text to what a BR Code carries: printable ASCII without accents ("São João" → "SAO JOAO"), single
 * spaces, cut to `max` characters. Upper case unless `keepCase` (the manual's own example keeps "Fulano de Tal").
 */
export function pixText(text: string, max: number, keepCase = false): string {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[^\u0020-\u007e]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  return (keepCase ? folded : folded.toUpperCase()).slice(0, max).trim();
}

export interface PixPayloadInput {
  /** The receiver's key in any usual form (masked CPF, "(11) 98765-4321", e-mail, random key). */
  key: string;
  merchantName: string;
  merchantCity: string;
  /** Omit (or null) to let the payer type the amount. */
  amountCents?: number | null;
  /** 1–25 letters and digits; "***" is written when absent. */
  txid?: string | null;
  /** Shown to the payer; cut to whatever room the merchant-account template has left. */
  description?: string | null;
  /** Keep the case of name, city and description instead of upper-casing them. */
  keepCase?: boolean;
}

export type PixBuildErrorCode =
  | 'pix_invalid_key'
  | 'pix_merchant_name_empty'
  | 'pix_merchant_city_empty'
  | 'pix_invalid_amount'
  | 'pix_invalid_txid';

export interface PixBuildError {
  code: PixBuildErrorCode;
  params: Record<string, string | number>;
}

export type PixBuildResult = { ok: true; payload: string; keyType: PixKeyType } | { ok: false; errors: PixBuildError[] };

function amountText(amountCents: number): string {
  const text = String(amountCents).padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** Builds a static BR Code (copia e cola). Every wrong field is reported, not only the first. */
export function buildPixPayload(input: PixPayloadInput): PixBuildResult {
  const errors: PixBuildError[] = [];
  const key = getPixKeyInfo(input.key);
  if (!key) errors.push({ code: 'pix_invalid_key', params: { key: input.key } });
  const keepCase = input.keepCase ?? false;
  const name = pixText(input.merchantName, MERCHANT_NAME_MAX, keepCase);
  if (!name) errors.push({ code: 'pix_merchant_name_empty', params: {} });
  const city = pixText(input.merchantCity, MERCHANT_CITY_MAX, keepCase);
  if (!city) errors.push({ code: 'pix_merchant_city_empty', params: {} });
  const amountCents = input.amountCents ?? null;
  if (amountCents !== null && (!Number.isSafeInteger(amountCents) || amountCents <= 0 || amountCents > PIX_MAX_AMOUNT_CENTS)) {
    errors.push({ code: 'pix_invalid_amount', params: { amountCents } });
  }
  const txid = input.txid ?? null;
  if (txid !== null && !TXID_PATTERN.test(txid)) errors.push({ code: 'pix_invalid_txid', params: { txid } });
  if (!key || errors.length > 0) return { ok: false, errors };

  const gui = tlv('00', PIX_GUI);
  const keyField = tlv('01', key.value);
  // 4 = the description's own id and length.
  const room = TEMPLATE_MAX - gui.length - keyField.length - 4;
  const description = input.description && room > 0 ? pixText(input.description, room, keepCase) : '';
  const merchantAccount = gui + keyField + (description ? tlv('02', description) : '');

  const body =
    tlv('00', '01') +
    tlv('26', merchantAccount) +
    tlv('52', '0000') +
    tlv('53', '986') +
    (amountCents !== null ? tlv('54', amountText(amountCents)) : '') +
    tlv('58', 'BR') +
    tlv('59', name) +
    tlv('60', city) +
    tlv('62', tlv('05', txid ?? '***')) +
    '6304';
  return { ok: true, payload: body + crc16Hex(body), keyType: key.type };
}

export interface TlvField {
  id: string;
  value: string;
  /** Where the field's id starts in the parsed text. */
  offset: number;
}

export type TlvResult = { ok: true; fields: TlvField[] } | { ok: false; offset: number };

/** Splits EMV "id(2) length(2) value" fields; fails at the offset where the structure breaks. */
export function parseTlv(text: string): TlvResult {
  const fields: TlvField[] = [];
  let at = 0;
  while (at < text.length) {
    const head = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(head)) return { ok: false, offset: at };
    const length = Number(head.slice(2));
    const end = at + 4 + length;
    if (end > text.length) return { ok: false, offset: at };
    fields.push({ id: head.slice(0, 2), value: text.slice(at + 4, end), offset: at });
    at = end;
  }
  return { ok: true, fields };
}

export type PixParseErrorCode =
  | 'pix_empty'
  | 'pix_malformed'
  | 'pix_crc_missing'
  | 'pix_crc_mismatch'
  | 'pix_missing_field'
  | 'pix_bad_field'
  | 'pix_not_pix';

export interface PixParseError {
  code: PixParseErrorCode;
  params: Record<string, string | number>;
}

export interface PixPayloadInfo {
  /** The key as written in the payload; null for a dynamic payload (which carries a URL instead). */
  key: string | null;
  /** The PSP location of a dynamic payload (field 26-25). */
  url: string | null;
  description: string | null;
  merchantName: string;
  merchantCity: string;
  amountCents: number | null;
  /** null when the payload says "***" (no transaction id). */
  txid: string | null;
  pointOfInitiation: 'static' | 'dynamic';
  crc: string;
}

export type PixParseResult = { ok: true; info: PixPayloadInfo } | { ok: false; errors: PixParseError[] };

/**
 * Reads a copia-e-cola payload: structure, CRC (over everything up to and including "6304") and each field the
 * manual makes mandatory. A pasted payload may carry surrounding blanks or a line break; those are ignored.
 */
export function parsePixPayload(text: string): PixParseResult {
  const payload = text.trim();
  if (payload === '') return { ok: false, errors: [{ code: 'pix_empty', params: {} }] };
  const top = parseTlv(payload);
  if (!top.ok) return { ok: false, errors: [{ code: 'pix_malformed', params: { offset: top.offset } }] };
  const last = top.fields[top.fields.length - 1];
  if (!last || last.id !== '63' || last.value.length !== 4) {
    return { ok: false, errors: [{ code: 'pix_crc_missing', params: {} }] };
  }
  const expected = crc16Hex(payload.slice(0, last.offset + 4));
  if (last.value.toUpperCase() !== expected) {
    return { ok: false, errors: [{ code: 'pix_crc_mismatch', params: { expected, found: last.value } }] };
  }

  const errors: PixParseError[] = [];
  const byId = new Map<string, string>();
  for (const field of top.fields) if (!byId.has(field.id)) byId.set(field.id, field.value);
  const need = (id: string): string | null => {
    const value = byId.get(id);
    if (value === undefined || value === '') {
      errors.push({ code: 'pix_missing_field', params: { field: id } });
      return null;
    }
    return value;
  };
  const bad = (field: string, value: string): void => {
    errors.push({ code: 'pix_bad_field', params: { field, value } });
  };

  if (top.fields[0]?.id !== '00') bad('00', top.fields[0]?.id ?? '');
  const indicator = need('00');
  if (indicator !== null && indicator !== '01') bad('00', indicator);
  const initiation = byId.get('01');
  if (initiation !== undefined && initiation !== '11' && initiation !== '12') bad('01', initiation);

  // The PIX template may sit in any merchant-account slot 26–51; it is the one whose GUI is br.gov.bcb.pix.
  let account: Map<string, string> | null = null;
  for (const field of top.fields) {
    const slot = Number(field.id);
    if (slot < 26 || slot > 51) continue;
    const inner = parseTlv(field.value);
    if (!inner.ok) {
      bad(field.id, field.value);
      continue;
    }
    const map = new Map(inner.fields.map((f) => [f.id, f.value] as const));
    if (map.get('00')?.toLowerCase() === PIX_GUI) {
      account = map;
      break;
    }
  }
  let key: string | null = null;
  let url: string | null = null;
  let description: string | null = null;
  if (!account) {
    errors.push({ code: 'pix_not_pix', params: {} });
  } else {
    key = account.get('01') ?? null;
    url = account.get('25') ?? null;
    description = account.get('02') ?? null;
    if ((key === null) === (url === null)) bad('26', key ?? url ?? '');
    else if (key !== null && !getPixKeyInfo(key)) bad('26-01', key);
  }

  const mcc = need('52');
  if (mcc !== null && !/^\d{4}$/.test(mcc)) bad('52', mcc);
  const currency = need('53');
  if (currency !== null && currency !== '986') bad('53', currency);
  let amountCents: number | null = null;
  const amount = byId.get('54');
  if (amount !== undefined) {
    const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(amount);
    if (!match || amount.length > 13) bad('54', amount);
    else amountCents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  }
  const country = need('58');
  if (country !== null && country.toUpperCase() !== 'BR') bad('58', country);
  const name = need('59');
  if (name !== null && name.length > MERCHANT_NAME_MAX) bad('59', name);
  const city = need('60');
  if (city !== null && city.length > MERCHANT_CITY_MAX) bad('60', city);
  let txid: string | null = null;
  const additional = byId.get('62');
  if (additional !== undefined) {
    const inner = parseTlv(additional);
    if (!inner.ok) bad('62', additional);
    else {
      const value = inner.fields.find((f) => f.id === '05')?.value;
      if (value !== undefined && value !== '***') {
        if (!/^[A-Za-z0-9]{1,35}$/.test(value)) bad('62-05', value);
        else txid = value;
      }
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    info: {
      key,
      url,
      description,
      merchantName: name ?? '',
      merchantCity: city ?? '',
      amountCents,
      txid,
      pointOfInitiation: url !== null || initiation === '12' ? 'dynamic' : 'static',
      crc: last.value.toUpperCase(),
    },
  };
}

// What a message becomes on its channel: a WhatsApp click-to-chat link, and the SMS encoding and segment count
// the UI warns about (a single "ã" turns a 160-character SMS into a 70-character one). Pure.

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * WhatsApp click-to-chat: `https://wa.me/<digits>?text=<UTF-8, percent-encoded>`. The number is the E.164 form
 * (toE164 in phone.ts normalises what a person types); a number not in that form is a caller's bug.
 */
export function whatsAppLink(e164: string, text: string): string {
  if (!E164.test(e164)) throw new RangeError(`expected an E.164 number: ${e164}`);
  const digits = e164.slice(1);
  return text === '' ? `https://wa.me/${digits}` : `https://wa.me/${digits}?text=${encodeURIComponent(text)}`;
}

// GSM 03.38 default alphabet (one septet each) and its extension table (escape + char: two septets).
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';
const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsInfo {
  encoding: SmsEncoding;
  /** Septets (GSM-7, an extension character counts 2) or UTF-16 code units (UCS-2, an emoji counts 2). */
  units: number;
  segments: number;
  /** Units per segment at this length: 160/70 for a single SMS, 153/67 per part of a concatenated one. */
  perSegment: number;
  /** Units left in the last segment before another one starts. */
  remaining: number;
  /** Characters that forced UCS-2 (each listed once), so the UI can suggest replacing them. */
  nonGsmCharacters: string[];
}

/**
 * Encoding and segment count of an SMS. Parts of a long message are filled greedily without splitting an
 * extension pair or a surrogate pair across two parts, as phones do, so the count can exceed ⌈units/153⌉.
 */
export function smsInfo(text: string): SmsInfo {
  const chars = Array.from(text);
  const nonGsm = [...new Set(chars.filter((c) => !BASIC.has(c) && !EXTENSION.has(c)))];
  const encoding: SmsEncoding = nonGsm.length === 0 ? 'gsm7' : 'ucs2';
  const cost = (c: string): number => (encoding === 'gsm7' ? (EXTENSION.has(c) ? 2 : 1) : c.length);
  const units = chars.reduce((sum, c) => sum + cost(c), 0);
  const single = encoding === 'gsm7' ? 160 : 70;
  const part = encoding === 'gsm7' ? 153 : 67;
  if (units <= single) {
    return { encoding, units, segments: units === 0 ? 0 : 1, perSegment: single, remaining: single - units, nonGsmCharacters: nonGsm };
  }
  let segments = 1;
  let used = 0;
  for (const c of chars) {
    const n = cost(c);
    if (used + n > part) {
      segments++;
      used = 0;
    }
    used += n;
  }
  return { encoding, units, segments, perSegment: part, remaining: part - used, nonGsmCharacters: nonGsm };
}

/**
 * Replaces accented letters GSM-7 lacks by their plain letter ("ação" → "acao", keeping "é" and "à", which it
 * has), so a Portuguese SMS can stay at 160 characters a part. Other characters are left for the UI to flag.
 */
export function foldToGsm7(text: string): string {
  return Array.from(text)
    .map((c) => {
      if (BASIC.has(c) || EXTENSION.has(c)) return c;
      const plain = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      return plain !== c && Array.from(plain).every((p) => BASIC.has(p)) ? plain : c;
    })
    .join('');
}

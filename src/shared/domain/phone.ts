// Phone numbers in E.164, the only form Quita stores and dials. Pure.
//
// We use libphonenumber-js's `max` metadata: `min` only checks a number's length, so "(11) 12345-6789" (a
// mobile number must start with 9) would pass and the agent would dial a number that cannot exist. The extra
// ~100 kB is loaded once per process and is worth a wrong-number call we never place.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { BRAZIL_AREA_CODES } from './brazil-regions';

/**
 * A typed or imported number → E.164 ("+5511987654321"), or null when it is not a valid number.
 * A number written with "+" keeps its own country; otherwise `defaultRegion` (ISO 3166 alpha-2) applies.
 */
export function toE164(raw: string, defaultRegion: string): string | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const region = defaultRegion.trim().toUpperCase();
  const phone = isSupportedCountry(region)
    ? parsePhoneNumberFromString(raw, region as CountryCode)
    : parsePhoneNumberFromString(raw);
  if (!phone || !phone.isValid()) return null;
  return phone.number;
}

/** "(11) 98765-4321" (national) or "+55 11 98765 4321" (international); unparseable input comes back as is. */
export function formatPhone(e164: string, style: 'national' | 'international'): string {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  return style === 'national' ? phone.formatNational() : phone.formatInternational();
}

const knownAreaCodes = new Set(BRAZIL_AREA_CODES.map((a) => a.ddd));

/** The two-digit area code (DDD) of a Brazilian number ("+5511987654321" → "11"); null if not Brazilian. */
export function brazilAreaCode(e164: string): string | null {
  // Brazilian subscriber numbers are 8 digits (landline) or 9 (mobile) after the DDD.
  const match = /^\+55(\d{2})\d{8,9}$/.exec(e164);
  const ddd = match?.[1];
  return ddd !== undefined && knownAreaCodes.has(ddd) ? ddd : null;
}

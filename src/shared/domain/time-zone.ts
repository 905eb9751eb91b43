// The customer's IANA time zone: what calling windows are measured in. Pure.
import { BRAZIL_AREA_CODES, BRAZIL_STATES } from './brazil-regions';

const validity = new Map<string, boolean>();

/** True when the engine knows this IANA zone name. Cached: constructing a formatter is not free. */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz === '') return false;
  const cached = validity.get(tz);
  if (cached !== undefined) return cached;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    ok = true;
  } catch {
    ok = false;
  }
  validity.set(tz, ok);
  return ok;
}

function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toUpperCase()
    .replace(/\s+/g, ' ');
}

const zoneByState = new Map<string, string>();
for (const state of BRAZIL_STATES) {
  zoneByState.set(state.uf, state.timeZone);
  zoneByState.set(foldName(state.name), state.timeZone);
}

const zoneByAreaCode = new Map(BRAZIL_AREA_CODES.map((a) => [a.ddd, a.timeZone]));

/** The zone of a Brazilian state, by UF ("SP", "ac") or by name ("São Paulo", "Sao Paulo"). */
export function brazilTimeZoneForState(uf: string): string | null {
  return zoneByState.get(foldName(uf)) ?? null;
}

/** The zone of a Brazilian area code (DDD, two digits, e.g. "11"). */
export function brazilTimeZoneForAreaCode(ddd: string): string | null {
  return zoneByAreaCode.get(ddd.trim()) ?? null;
}

export type TimeZoneSource = 'data' | 'state' | 'area_code' | 'fallback';

function areaCodeOfE164(e164: string): string | null {
  const match = /^\+55([1-9]\d)\d{8,9}$/.exec(e164);
  return match?.[1] ?? null;
}

/**
 * The zone to measure a customer's local time in: the portfolio's explicit zone when valid, else the Brazilian
 * state's, else the first Brazilian phone's area code, else the fallback (usually the team's zone).
 * A state is only read as Brazilian when the country is BR or unknown ("PA" is also Panama's code).
 */
export function resolveCustomerTimeZone(
  input: { timeZone?: string | null; country?: string | null; state?: string | null; phonesE164?: string[] },
  fallback: string,
): { timeZone: string; source: TimeZoneSource } {
  const explicit = input.timeZone?.trim();
  if (explicit && isValidTimeZone(explicit)) return { timeZone: explicit, source: 'data' };

  const country = input.country?.trim().toUpperCase();
  if (input.state && (!country || country === 'BR')) {
    const zone = brazilTimeZoneForState(input.state);
    if (zone) return { timeZone: zone, source: 'state' };
  }

  for (const phone of input.phonesE164 ?? []) {
    const ddd = areaCodeOfE164(phone.replace(/[\s().-]/g, ''));
    if (ddd === null) continue;
    const zone = brazilTimeZoneForAreaCode(ddd);
    if (zone) return { timeZone: zone, source: 'area_code' };
  }

  return { timeZone: fallback, source: 'fallback' };
}

// Search keys for the queue: accent-free lower case, so "joao" finds "João", and digit runs, so a CPF or a
// phone typed with or without punctuation finds the customer.
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function customerSearchText(name: string, document: string, phonesE164: readonly string[]): string {
  const digits = [document.replace(/[^0-9a-z]/gi, '').toLowerCase(), ...phonesE164.map(phoneDigitForms)].join(' ');
  return `${foldText(name)} | ${digits}`;
}

// "+5511987654321" is also searched as "11987654321" and "987654321" (how agents type it).
function phoneDigitForms(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  return digits.startsWith('55') ? `${digits} ${digits.slice(2)}` : digits;
}

/** The LIKE pattern for a typed search, or null for "no filter". */
export function searchPattern(input: string): string | null {
  const folded = foldText(input);
  if (!folded) return null;
  // Mostly digits and punctuation ("123.456.789-09", "(11) 98765-4321"): search the digits.
  const looksNumeric = /^[\d\s.\-/()+]+$/.test(folded);
  const term = looksNumeric ? folded.replace(/\D/g, '') : folded;
  if (!term) return null;
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

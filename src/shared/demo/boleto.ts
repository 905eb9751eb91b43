// Builds a bank boleto's linha digitável (47 digits) with valid check digits, for demo accounts.
// Layout (FEBRABAN): the 44-digit bar code is bank(3) currency(1) DV(1) due factor(4) value(10) free field(25);
// the typed line regroups it into three mod-10-checked fields, the general DV, then factor and value.

function mod10(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const product = (digits.charCodeAt(i) - 48) * weight;
    sum += product > 9 ? product - 9 : product;
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (sum % 10)) % 10;
}

function mod11BarCode(digits43: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits43.length - 1; i >= 0; i--) {
    sum += (digits43.charCodeAt(i) - 48) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const dv = 11 - (sum % 11);
  return dv === 0 || dv === 10 || dv === 11 ? 1 : dv;
}

const FACTOR_BASE_UTC = Date.UTC(1997, 9, 7);

/**
 * The due-date factor: days since 1997-10-07, which reached 9999 on 2025-02-21 and restarted at 1000 on
 * 2025-02-22 (FEBRABAN), so it cycles through 1000–9999.
 */
export function boletoDueFactor(dueDate: string): number {
  const [y, m, d] = dueDate.split('-').map(Number) as [number, number, number];
  const days = Math.round((Date.UTC(y, m - 1, d) - FACTOR_BASE_UTC) / 86_400_000);
  if (days < 1000) throw new RangeError(`no due factor before 2000-07-03: ${dueDate}`);
  return ((days - 1000) % 9000) + 1000;
}

export function buildBoletoLine(input: { bank: string; factor: number; valueCents: number; freeField: string }): string {
  const { bank, factor, valueCents, freeField } = input;
  if (!/^\d{3}$/.test(bank) || !/^\d{25}$/.test(freeField)) throw new RangeError('bank is 3 digits, free field 25');
  if (!Number.isInteger(factor) || factor < 0 || factor > 9999) throw new RangeError(`bad due factor ${factor}`);
  if (!Number.isInteger(valueCents) || valueCents < 0 || valueCents > 9_999_999_999) {
    throw new RangeError(`bad boleto value ${valueCents}`);
  }
  const currency = '9'; // real
  const factorValue = `${String(factor).padStart(4, '0')}${String(valueCents).padStart(10, '0')}`;
  const generalDv = mod11BarCode(`${bank}${currency}${factorValue}${freeField}`);
  const field1 = `${bank}${currency}${freeField.slice(0, 5)}`;
  const field2 = freeField.slice(5, 15);
  const field3 = freeField.slice(15, 25);
  return `${field1}${mod10(field1)}${field2}${mod10(field2)}${field3}${mod10(field3)}${generalDv}${factorValue}`;
}

import { generatePixPayload, getPixPayloadInfo } from '@brazilian-utils/brazilian-utils';
import { describe, expect, it } from 'vitest';
import { buildPixPayload, crc16Hex, parsePixPayload, parseTlv, pixText } from './pix';

// The example of the central bank's Manual do BR Code (compliance.md: it ends in CRC 1D3D).
const MANUAL_EXAMPLE =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

function built(input: Parameters<typeof buildPixPayload>[0]): string {
  const result = buildPixPayload(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.payload;
}

/** Replaces the CRC so a payload with a changed field passes the checksum and reaches the field checks. */
function withFreshCrc(payloadWithoutCrc: string): string {
  const body = `${payloadWithoutCrc}6304`;
  return body + crc16Hex(body);
}

describe('crc16Hex (CRC16/CCITT-FALSE)', () => {
  it('gives the standard check value 29B1 for "123456789"', () => {
    expect(crc16Hex('123456789')).toBe('29B1');
  });

  it('gives 1D3D over the manual example including "6304"', () => {
    expect(crc16Hex(MANUAL_EXAMPLE.slice(0, -4))).toBe('1D3D');
  });

  it('pads to four digits', () => {
    expect(crc16Hex('')).toBe('FFFF');
    expect(crc16Hex('A')).toMatch(/^[0-9A-F]{4}$/);
  });
});

describe('buildPixPayload', () => {
  it('reproduces the manual example byte for byte from its fields', () => {
    expect(
      built({ key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA', keepCase: true }),
    ).toBe(MANUAL_EXAMPLE);
  });

  it('upper-cases and folds accents by default, cutting name to 25 and city to 15', () => {
    const payload = built({
      key: '123.456.789-09',
      merchantName: 'Cobrança São João da Conceição Ltda',
      merchantCity: 'São José dos Campos',
    });
    expect(payload).toContain('5925COBRANCA SAO JOAO DA CONC');
    expect(payload).toContain('6015SAO JOSE DOS CA');
    expect(payload).toContain('011112345678909'); // CPF key without its mask
  });

  it.each([
    [1, '54040.01'],
    [10, '54040.10'],
    [100, '54041.00'],
    [123_456, '54071234.56'],
    [999_999_999_999, '54139999999999.99'],
  ])('writes %i cents as field %s', (amountCents, field) => {
    const payload = built({ key: 'fulano@example.com', merchantName: 'A', merchantCity: 'B', amountCents });
    expect(payload).toContain(`5303986${field}5802BR`);
  });

  it('matches @brazilian-utils for the same fields (an independent implementation)', () => {
    const cases = [
      { key: '+55 (11) 98765-4321', merchantName: 'Quita Cobranças', merchantCity: 'São Paulo', amountCents: 15_090, txid: 'ACORDO123' },
      { key: 'Fulano@Example.COM', merchantName: 'Fulano', merchantCity: 'Rio', amountCents: 5, description: 'Parcela 1 de 3' },
      { key: '11.222.333/0001-81', merchantName: 'Empresa', merchantCity: 'Curitiba' },
    ];
    for (const c of cases) {
      const ours = built({ ...c, keepCase: true });
      const theirs = generatePixPayload({
        key: c.key,
        merchantName: c.merchantName,
        merchantCity: c.merchantCity,
        ...(c.amountCents !== undefined ? { amount: Number(`${Math.floor(c.amountCents / 100)}.${String(c.amountCents % 100).padStart(2, '0')}`) } : {}),
        ...(c.txid ? { txid: c.txid } : {}),
        ...(c.description ? { description: c.description } : {}),
      });
      expect(ours).toBe(theirs);
      expect(getPixPayloadInfo(built(c))).not.toBeNull();
    }
  });

  it('writes the txid, or *** when there is none', () => {
    expect(built({ key: 'a@b.co', merchantName: 'A', merchantCity: 'B', txid: 'ABC123' })).toContain('62100506ABC123');
    expect(built({ key: 'a@b.co', merchantName: 'A', merchantCity: 'B' })).toContain('62070503***');
  });

  it('keeps the merchant-account template within 99 characters by cutting the description', () => {
    const payload = built({ key: 'a@b.co', merchantName: 'A', merchantCity: 'B', description: 'x'.repeat(200) });
    const top = parseTlv(payload);
    expect(top.ok).toBe(true);
    const account = top.ok ? top.fields.find((f) => f.id === '26') : undefined;
    expect(account?.value.length).toBe(99);
  });

  it('reports every wrong field with its code', () => {
    const result = buildPixPayload({ key: 'not a key', merchantName: '  ', merchantCity: '京都', amountCents: 12.5, txid: 'has space' });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual([
      'pix_invalid_key',
      'pix_merchant_name_empty',
      'pix_merchant_city_empty',
      'pix_invalid_amount',
      'pix_invalid_txid',
    ]);
    for (const amountCents of [0, -100, 1e12]) {
      const r = buildPixPayload({ key: 'a@b.co', merchantName: 'A', merchantCity: 'B', amountCents });
      expect(r.ok ? null : r.errors[0]?.code).toBe('pix_invalid_amount');
    }
  });
});

describe('pixText', () => {
  it('folds accents and blanks', () => {
    expect(pixText('  Açaí   do\tZé  ', 25)).toBe('ACAI DO ZE');
    expect(pixText('Açaí', 25, true)).toBe('Acai');
    expect(pixText('abcdef ghij', 7)).toBe('ABCDEF');
  });
});

describe('parsePixPayload', () => {
  it('reads the manual example', () => {
    expect(parsePixPayload(`  ${MANUAL_EXAMPLE}\n`)).toEqual({
      ok: true,
      info: {
        key: '123e4567-e12b-12d1-a456-426655440000',
        url: null,
        description: null,
        merchantName: 'Fulano de Tal',
        merchantCity: 'BRASILIA',
        amountCents: null,
        txid: null,
        pointOfInitiation: 'static',
        crc: '1D3D',
      },
    });
  });

  it('round-trips what buildPixPayload writes', () => {
    const payload = built({ key: '(11) 98765-4321', merchantName: 'Quita', merchantCity: 'Recife', amountCents: 33_334, txid: 'P1', description: 'Parcela 1' });
    const parsed = parsePixPayload(payload);
    expect(parsed.ok && parsed.info).toMatchObject({ key: '+5511987654321', amountCents: 33_334, txid: 'P1', description: 'PARCELA 1', merchantName: 'QUITA', merchantCity: 'RECIFE' });
  });

  it('refuses a changed character through the CRC', () => {
    const changed = MANUAL_EXAMPLE.replace('Fulano', 'Fulana');
    expect(parsePixPayload(changed)).toEqual({ ok: false, errors: [{ code: 'pix_crc_mismatch', params: { expected: crc16Hex(changed.slice(0, -4)), found: '1D3D' } }] });
  });

  it('refuses a broken structure, a missing CRC and an empty text', () => {
    expect(parsePixPayload('')).toEqual({ ok: false, errors: [{ code: 'pix_empty', params: {} }] });
    expect(parsePixPayload('000201269')).toEqual({ ok: false, errors: [{ code: 'pix_malformed', params: { offset: 6 } }] });
    expect(parsePixPayload(MANUAL_EXAMPLE.slice(0, -8))).toEqual({ ok: false, errors: [{ code: 'pix_crc_missing', params: {} }] });
  });

  it('names the bad field when the CRC is right', () => {
    const body = MANUAL_EXAMPLE.slice(0, -8);
    const usd = parsePixPayload(withFreshCrc(body.replace('5303986', '5303840')));
    expect(usd.ok ? [] : usd.errors).toEqual([{ code: 'pix_bad_field', params: { field: '53', value: '840' } }]);
    const noCity = parsePixPayload(withFreshCrc(body.replace('6008BRASILIA', '')));
    expect(noCity.ok ? [] : noCity.errors).toEqual([{ code: 'pix_missing_field', params: { field: '60' } }]);
    const otherGui = parsePixPayload(withFreshCrc(body.replace('br.gov.bcb.pix', 'br.gov.bcb.xyz')));
    expect(otherGui.ok ? [] : otherGui.errors).toEqual([{ code: 'pix_not_pix', params: {} }]);
    const badAmount = parsePixPayload(withFreshCrc(body.replace('5802BR', '54041,005802BR')));
    expect(badAmount.ok ? [] : badAmount.errors).toEqual([{ code: 'pix_bad_field', params: { field: '54', value: '1,00' } }]);
  });
});

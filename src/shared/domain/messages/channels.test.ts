import { describe, expect, it } from 'vitest';
import { foldToGsm7, smsInfo, whatsAppLink } from './channels';

describe('whatsAppLink', () => {
  it('uses the E.164 digits and percent-encodes the text as UTF-8', () => {
    expect(whatsAppLink('+5511987654321', 'Olá, Maria! R$ 1.234,56 & 50% até 12/05?\nPIX: 0002#')).toBe(
      'https://wa.me/5511987654321?text=Ol%C3%A1%2C%20Maria!%20R%24%201.234%2C56%20%26%2050%25%20at%C3%A9%2012%2F05%3F%0APIX%3A%200002%23',
    );
  });

  it('round-trips any text through the query string', () => {
    const text = 'Código PIX: 00020126580014br.gov.bcb.pix0136+abc=1&x=2 😀\n— obrigado';
    const url = new URL(whatsAppLink('+14155550100', text));
    expect(url.origin + url.pathname).toBe('https://wa.me/14155550100');
    expect(url.searchParams.get('text')).toBe(text);
    // "+" must not survive unencoded: in a query string it would read back as a space.
    expect(url.search).not.toContain('+');
  });

  it('omits an empty text and refuses a number that is not E.164', () => {
    expect(whatsAppLink('+5511987654321', '')).toBe('https://wa.me/5511987654321');
    for (const bad of ['5511987654321', '+55 11 98765-4321', '+0123456789', '']) {
      expect(() => whatsAppLink(bad, 'x')).toThrow(RangeError);
    }
  });
});

describe('smsInfo', () => {
  it.each([
    ['', 'gsm7', 0, 0],
    ['a'.repeat(160), 'gsm7', 160, 1],
    ['a'.repeat(161), 'gsm7', 161, 2],
    ['a'.repeat(306), 'gsm7', 306, 2],
    ['a'.repeat(307), 'gsm7', 307, 3],
    ['€'.repeat(80), 'gsm7', 160, 1],
    ['€'.repeat(81), 'gsm7', 162, 2],
    ['é à ü Ñ', 'gsm7', 7, 1],
    ['ã'.repeat(70), 'ucs2', 70, 1],
    ['ã'.repeat(71), 'ucs2', 71, 2],
    ['ç'.repeat(134), 'ucs2', 134, 2],
    ['ç'.repeat(135), 'ucs2', 135, 3],
    ['😀'.repeat(35), 'ucs2', 70, 1],
  ] as const)('%j is %s, %i units, %i segments', (text, encoding, units, segments) => {
    const info = smsInfo(text);
    expect([info.encoding, info.units, info.segments]).toEqual([encoding, units, segments]);
  });

  it('never splits an extension pair or an emoji across parts', () => {
    // 152 septets then "€" (2): it cannot fit the first part's last septet, so it opens a second part.
    expect(smsInfo(`${'a'.repeat(152)}€${'a'.repeat(7)}`)).toMatchObject({ units: 161, segments: 2, remaining: 153 - 9 });
    expect(smsInfo(`${'a'.repeat(66)}😀${'a'.repeat(5)}`)).toMatchObject({ encoding: 'ucs2', units: 73, segments: 2, remaining: 67 - 7 });
  });

  it('names the characters that force UCS-2', () => {
    expect(smsInfo('Olá, não esqueça').nonGsmCharacters).toEqual(['á', 'ã', 'ç']);
  });
});

describe('foldToGsm7', () => {
  it('keeps a Portuguese SMS in GSM-7', () => {
    const folded = foldToGsm7('Olá, João! Não esqueça: vencimento à vista, é amanhã.');
    expect(folded).toBe('Ola, Joao! Nao esqueca: vencimento à vista, é amanha.');
    expect(smsInfo(folded).encoding).toBe('gsm7');
    expect(foldToGsm7('ok 😀')).toBe('ok 😀');
  });
});

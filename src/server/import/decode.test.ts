import { describe, expect, it } from 'vitest';
import { detectFile } from './decode';

const bytes = (s: string, encoding: BufferEncoding = 'utf8') => new Uint8Array(Buffer.from(s, encoding));

describe('detectFile', () => {
  it('reads UTF-8 with or without a BOM, and falls back to Windows-1252 when the bytes are not UTF-8', () => {
    expect(detectFile(bytes('\uFEFFnome;saldo\nJoão;1,00'))).toEqual({ ok: true, file: { kind: 'text', text: 'nome;saldo\nJoão;1,00', encoding: 'utf-8' } });
    expect(detectFile(bytes('nome;saldo\nConceição;1,00', 'latin1'))).toEqual({
      ok: true,
      file: { kind: 'text', text: 'nome;saldo\nConceição;1,00', encoding: 'windows-1252' },
    });
    // Windows-1252's own characters (the euro sign is 0x80 there, a control in Latin-1).
    expect(detectFile(new Uint8Array([0x61, 0x80, 0x0a]))).toMatchObject({ ok: true, file: { text: 'a€\n' } });
  });

  it('names what a file that is not a spreadsheet looks like', () => {
    expect(detectFile(new Uint8Array())).toEqual({ ok: false, issue: { code: 'empty_file', params: {} } });
    expect(detectFile(bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toEqual({ ok: false, issue: { code: 'unsupported_file_type', params: { detected: 'pdf' } } });
    expect(detectFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toMatchObject({ issue: { params: { detected: 'xls' } } });
    expect(detectFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...bytes('word/document.xml')]))).toMatchObject({ issue: { params: { detected: 'zip' } } });
    expect(detectFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...bytes('xl/workbook.xml')]))).toEqual({ ok: true, file: { kind: 'xlsx' } });
    expect(detectFile(new Uint8Array([1, 2, 0, 0, 5, 200, 3]))).toMatchObject({ issue: { code: 'unsupported_file_type', params: { detected: 'binary' } } });
  });

  it('refuses UTF-16, control characters and text that was encoded twice', () => {
    expect(detectFile(new Uint8Array([0xff, 0xfe, 0x6e, 0x00]))).toEqual({ ok: false, issue: { code: 'unsupported_encoding', params: { encoding: 'utf-16' } } });
    expect(detectFile(bytes('nome\nA\x01B'))).toEqual({ ok: false, issue: { code: 'undecodable_text', params: { encoding: 'utf-8', line: 2 } } });
    const doubled = detectFile(bytes(Buffer.from('nome\nJoão', 'utf8').toString('latin1')));
    expect(doubled).toMatchObject({ ok: false, issue: { code: 'double_encoded_text', params: { line: 2 } } });
  });
});

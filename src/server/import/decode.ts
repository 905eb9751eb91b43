// What a creditor's file is, before any row is read: an XLSX workbook (a zip), or text in UTF-8 (with or
// without BOM) or Windows-1252/Latin-1 — the two encodings Brazilian spreadsheets and core-banking exports
// actually write. Anything else (a PDF, an old .xls, an image, UTF-16, random bytes) is refused with a code.
import type { FileIssue } from './report';

export type FileKind = { kind: 'xlsx' } | { kind: 'text'; text: string; encoding: 'utf-8' | 'windows-1252' };

const startsWith = (bytes: Uint8Array, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** Known non-spreadsheet signatures, named so the report can say what the file looks like. */
function sniffOther(bytes: Uint8Array): string | null {
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return 'pdf';
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'xls';
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (startsWith(bytes, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (startsWith(bytes, 0x1f, 0x8b)) return 'gzip';
  if (startsWith(bytes, 0x52, 0x61, 0x72, 0x21)) return 'rar';
  if (startsWith(bytes, 0x37, 0x7a, 0xbc, 0xaf)) return '7z';
  return null;
}

/** A zip whose entries include the workbook part is an XLSX; any other zip (.docx, .ods, a folder) is not. */
function isXlsxZip(bytes: Uint8Array): boolean {
  // Entry names sit in the local headers; the first few kilobytes name [Content_Types].xml and xl/… parts.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64 * 1024)).toString('latin1');
  return head.includes('xl/') || (head.includes('[Content_Types].xml') && !head.includes('word/') && !head.includes('ppt/'));
}

// C0 controls other than tab, LF, CR, and the C1 range (which Windows-1252 text never decodes to except for its
// five undefined bytes): text holding them is not a spreadsheet export.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// UTF-8 read as Latin-1 and saved again as UTF-8: "JoÃ£o", "ConceiÃ§Ã£o". Never valid Portuguese.
const DOUBLE_ENCODED = /Ã[\u0080-\u00BF]|Â[\u00A0-\u00BF]/;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

// Windows-1252's 0x80–0x9F (Latin-1 has C1 controls there). Node 20's TextDecoder('windows-1252') decodes
// those bytes as Latin-1, so the table is ours; its five undefined bytes stay controls and are refused below.
const CP1252_HIGH = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return latin1.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

export function detectFile(bytes: Uint8Array): { ok: true; file: FileKind } | { ok: false; issue: FileIssue } {
  if (bytes.length === 0) return { ok: false, issue: { code: 'empty_file', params: {} } };
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    return isXlsxZip(bytes) ? { ok: true, file: { kind: 'xlsx' } } : { ok: false, issue: { code: 'unsupported_file_type', params: { detected: 'zip' } } };
  }
  const other = sniffOther(bytes);
  if (other) return { ok: false, issue: { code: 'unsupported_file_type', params: { detected: other } } };
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    return { ok: false, issue: { code: 'unsupported_encoding', params: { encoding: 'utf-16' } } };
  }
  const hasBom = startsWith(bytes, 0xef, 0xbb, 0xbf);
  let text: string;
  let encoding: 'utf-8' | 'windows-1252';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    encoding = 'utf-8';
  } catch {
    if (hasBom) return { ok: false, issue: { code: 'undecodable_text', params: { encoding: 'utf-8', line: 1 } } };
    text = decodeWindows1252(bytes);
    encoding = 'windows-1252';
  }
  const control = CONTROL.exec(text);
  if (control) {
    // NUL bytes in the first kilobytes: a binary file or UTF-16 without a BOM, not a text export.
    const nul = text.slice(0, 4096).includes('\u0000');
    return nul
      ? { ok: false, issue: { code: 'unsupported_file_type', params: { detected: 'binary' } } }
      : { ok: false, issue: { code: 'undecodable_text', params: { encoding, line: lineOf(text, control.index) } } };
  }
  if (encoding === 'utf-8') {
    const doubled = DOUBLE_ENCODED.exec(text);
    if (doubled) {
      const start = Math.max(0, doubled.index - 10);
      return {
        ok: false,
        issue: { code: 'double_encoded_text', params: { line: lineOf(text, doubled.index), sample: text.slice(start, doubled.index + 12).split(/\r?\n/).join(' ') } },
      };
    }
  }
  return { ok: true, file: { kind: 'text', text, encoding } };
}

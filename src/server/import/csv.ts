// A small RFC 4180 CSV reader for the server's imports. Our own because no CSV parser is installed and
// package.json is not ours to change; the format is small: quoted fields ("" escapes a quote, newlines allowed
// inside quotes), CRLF or LF, a UTF-8 BOM, and `;` (Brazilian spreadsheets) or `,` detected from the header.

export interface CsvRecord {
  /** 1-based line where the record starts (what a user sees in their editor). */
  line: number;
  fields: string[];
}

export type CsvFailure = 'unclosed_quote' | 'text_after_quote' | 'empty';
export type CsvResult =
  | { ok: true; delimiter: ';' | ','; header: string[]; records: CsvRecord[] }
  | { ok: false; line: number; reason: CsvFailure; message: string };

/** The delimiter the header line uses most (outside quotes); `;` wins a tie, as Excel pt-BR writes it. */
export function detectDelimiter(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons += 1;
    else if (!quoted && ch === ',') commas += 1;
  }
  return commas > semicolons ? ',' : ';';
}

export function parseCsv(input: string): CsvResult {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    // A blank line is not a record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = text[i];
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
          return { ok: false, line, reason: 'text_after_quote', message: 'text after a closing quote' };
        }
        continue;
      }
      if (ch === '\n') line += 1;
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i += 1;
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = false;
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += ch;
    fieldStarted = true;
    i += 1;
  }
  if (quoted) return { ok: false, line: recordLine, reason: 'unclosed_quote', message: 'a quoted field is never closed' };
  if (field !== '' || fields.length > 0) endRecord();
  const [head, ...rest] = records;
  if (!head) return { ok: false, line: 1, reason: 'empty', message: 'the file is empty (a header row is required)' };
  return { ok: true, delimiter, header: head.fields.map((h) => h.trim()), records: rest };
}

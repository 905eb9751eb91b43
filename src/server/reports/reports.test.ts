import { execFile } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';
import { openDatabase } from '../db/database';
import { exportOutcomesCommand } from './cli-command';
import { prepareExport } from './export';
import { resolveFilters } from './filters';
import { insertAttempt, insertEvent, insertPromise, readCsv } from './report-test-support';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..', '..', '..');

const T1 = Date.UTC(2025, 5, 15, 13, 0, 0); // 10:00 in São Paulo, 22:00 in Tokyo, on the 15th
const T2 = Date.UTC(2025, 5, 15, 23, 30, 0); // 20:30 on the 15th in São Paulo; already the 16th in Tokyo
const T3 = Date.UTC(2025, 5, 16, 12, 0, 0);
const T4 = Date.UTC(2025, 6, 1, 12, 0, 0);
const T5 = Date.UTC(2025, 5, 10, 12, 0, 0);

const HYPERLINK = '=HYPERLINK("http://evil.example","x")';

/** Amount text of a CSV cell ("1234,56" or "1234.56") in cents. */
const cents = (text: string) => (text === '' ? 0 : Math.round(Number(text.replace(',', '.')) * 100));

function ppmInk(path: string): { inked: number; blue: number; total: number } {
  const data = readFileSync(path);
  // P6 header: "P6\n<w> <h>\n<max>\n" then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a binary PPM');
  const [, w, h] = header.map(Number) as [number, number, number, number];
  const pixels = data.subarray(header[0].length);
  let inked = 0;
  let blue = 0;
  for (let i = 0; i + 2 < pixels.length; i += 3) {
    const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
    if (r < 240 || g < 240 || b < 240) inked += 1;
    if (b > 180 && r < 110 && g < 150) blue += 1;
  }
  return { inked, blue, total: w * h };
}

describe.each(engines)('call-outcome report exports on %s', (engine) => {
  let t: TestDatabase;
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof seedPortfolio>>;
  const tokens: Record<'admin' | 'sup' | 'ana', string> = { admin: '', sup: '', ana: '' };
  const tmp = mkdtempSync(join(tmpdir(), 'quita-reports-'));

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    ids = await seedPortfolio(t.db);
    await t.db.updateTable('accounts').set({ creditor: 'Financeira Sul' }).where('id', '=', 'acc-south').execute();
    const ev = await insertEvent(t.db, ids.admin);
    await insertAttempt(t.db, ev, {
      id: 'att-1', accountId: 'acc-ana', agentId: ids.ana, startedAt: T1, endedAt: T1 + 95_000, disposition: 'promise_to_pay',
      notes: HYPERLINK, number: '+5511987654321', scriptId: 'cobranca-padrao', scriptVersion: 3, scriptVariant: 'B', strategyVariant: 'A',
    });
    await insertAttempt(t.db, ev, { id: 'att-2', accountId: 'acc-bia', agentId: ids.bia, startedAt: T2, disposition: 'no_answer', notes: 'Disse "não"; ligar depois,\r\nsegunda linha' });
    await insertAttempt(t.db, ev, { id: 'att-3', accountId: 'acc-south', agentId: ids.caio, startedAt: T3, disposition: 'refused', notes: '@SUM(A1)' });
    await insertAttempt(t.db, ev, { id: 'att-4', accountId: 'acc-pool', agentId: ids.ana, startedAt: T4, endedAt: T4 + 300_000, disposition: 'installment_plan', notes: '+55 pagou metade' });
    await insertAttempt(t.db, ev, { id: 'att-5', accountId: 'acc-ana', agentId: ids.ana, startedAt: T5, disposition: 'callback', notes: '-2+3' });
    // Same instant as att-1: the keyset pages must still visit both, once.
    await insertAttempt(t.db, ev, { id: 'att-6', accountId: 'acc-bia', agentId: ids.bia, startedAt: T1, disposition: 'busy', notes: '\tcmd' });
    await insertPromise(t.db, ev, { attemptId: 'att-1', accountId: 'acc-ana', userId: ids.ana, amountCents: 123_456, dueDate: '2025-06-20' });
    await insertPromise(t.db, ev, { attemptId: 'att-4', accountId: 'acc-pool', userId: ids.ana, amountCents: 50_000, dueDate: '2025-07-15' });
    // A later, cancelled promise on att-4 is no promise: neither its row nor the totals show it.
    await insertPromise(t.db, ev, { attemptId: 'att-4', accountId: 'acc-pool', userId: ids.ana, amountCents: 99_900, dueDate: '2025-07-30', status: 'cancelled', createdAt: 5 });
    server = await startTestServer({ db: t.db });
    for (const [key, username] of [['admin', 'admin'], ['sup', 'sup-north'], ['ana', 'ana']] as const) {
      const r = await call(server.url, 'POST', '/v1/auth/login', { body: { username, password: PASSWORD } });
      tokens[key] = r.body.token;
    }
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const download = async (path: string, token: string) => {
    const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  const count = async (query: string, token = tokens.admin) => call(server.url, 'GET', `/v1/reports/outcomes/count?${query}`, { token });

  it('CSV for an admin in English: BOM, comma, whole documents, formats, formula guard, RFC 4180 quoting', async () => {
    const res = await download('/v1/reports/outcomes.csv?locale=en&separator=,', tokens.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="quita-outcomes-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get('x-report-rows')).toBe('6');
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(res.body.toString('utf8').slice(1), ',');
    expect(rows[0]).toEqual([
      'Date/time', 'Agent', 'Customer', 'Document', 'Account', 'Portfolio', 'Number dialled', 'Duration (s)', 'Disposition',
      'Promise date', 'Promise amount', 'Notes', 'Script', 'Script variant', 'Strategy variant',
    ]);
    expect(rows).toHaveLength(7);
    expect(rows.every((r) => r.length === 15)).toBe(true);
    expect(rows.slice(1).map((r) => r[8])).toEqual(['Call back', 'Promise to pay', 'Busy', 'No answer', 'Refused', 'Installment plan']);
    expect(rows[2]).toEqual([
      '2025-06-15 10:00:00', 'Ana Souza', 'Cliente cus-acc-ana', '52998224725', 'N-acc-ana', 'Banco Exemplo', "'+5511987654321", '95',
      'Promise to pay', '2025-06-20', '1234.56', `'${HYPERLINK}`, 'cobranca-padrao v3', 'B', 'A',
    ]);
    expect(rows[4]![11]).toBe('Disse "não"; ligar depois,\r\nsegunda linha');
    // Every formula-looking text cell is neutralised: = + - @ and a leading tab.
    expect(rows.slice(1).map((r) => r[11])).toEqual(["'-2+3", `'${HYPERLINK}`, "'\tcmd", 'Disse "não"; ligar depois,\r\nsegunda linha', "'@SUM(A1)", "'+55 pagou metade"]);
    expect(rows.slice(1).reduce((sum, r) => sum + cents(r[10]!), 0)).toBe(173_456);
    expect(rows[6]!.slice(9, 11)).toEqual(['2025-07-15', '500.00']);
  });

  it('CSV for a supervisor in pt-BR: their team only, masked documents, ";" by default, Brazilian formats', async () => {
    const res = await download('/v1/reports/outcomes.csv', tokens.sup);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-report-rows')).toBe('5');
    const rows = readCsv(res.body.toString('utf8').replace(/^\uFEFF/, ''), ';');
    expect(rows[0]![0]).toBe('Data/hora');
    expect(rows[0]![10]).toBe('Valor da promessa');
    expect(rows).toHaveLength(6);
    expect(rows.some((r) => r[1] === 'caio')).toBe(false);
    const a1 = rows[2]!;
    expect(a1.slice(0, 4)).toEqual(['15/06/2025 10:00:00', 'Ana Souza', 'Cliente cus-acc-ana', '***.***.247-25']);
    expect(a1.slice(8, 11)).toEqual(['Promessa de pagamento', '20/06/2025', '1234,56']);
    expect(rows.slice(1).every((r) => r[3] === '***.***.247-25')).toBe(true);
    expect(rows.slice(1).reduce((sum, r) => sum + cents(r[10]!), 0)).toBe(173_456);
    // pt-BR decimals under ',' are quoted, and read back whole.
    const comma = readCsv((await download('/v1/reports/outcomes.csv?separator=,', tokens.sup)).body.toString('utf8').slice(1), ',');
    expect(comma[2]![10]).toBe('1234,56');
    expect(comma.every((r) => r.length === 15)).toBe(true);
  });

  it('filters: office-local period in the chosen time zone, instants, dispositions, portfolio, agent, team, asOf', async () => {
    const n = async (query: string) => {
      const r = await count(query);
      expect(r.status).toBe(200);
      return r.body.rows as number;
    };
    expect(await n('')).toBe(6);
    expect(await n('from=2025-06-15&to=2025-06-15')).toBe(3);
    expect(await n('from=2025-06-15&to=2025-06-15&timeZone=Asia/Tokyo')).toBe(2);
    expect(await n(`from=${T2}`)).toBe(3);
    expect(await n(`to=${T1}`)).toBe(1);
    expect(await n('disposition=promise_to_pay,installment_plan')).toBe(2);
    expect(await n('disposition=promise_to_pay&disposition=busy')).toBe(2);
    expect(await n(`portfolio=${encodeURIComponent('Financeira Sul')}`)).toBe(1);
    expect(await n(`agent=${ids.ana}`)).toBe(3);
    const south = await t.db.selectFrom('teams').select('id').where('name', '=', 'south').executeTakeFirstOrThrow();
    const north = await t.db.selectFrom('teams').select('id').where('name', '=', 'north').executeTakeFirstOrThrow();
    expect(await n(`team=${south.id}`)).toBe(1);
    expect(await n('asOf=0')).toBe(0);
    const sup = await count(`team=${north.id}`, tokens.sup);
    expect(sup.body).toMatchObject({ rows: 5, timeZone: 'America/Sao_Paulo' });
    expect(sup.body.asOf).toBeGreaterThan(0);
    // The export obeys the same filters as the count.
    const res = await download(`/v1/reports/outcomes.csv?locale=en&from=2025-06-15&to=2025-06-15&timeZone=Asia/Tokyo`, tokens.admin);
    const rows = readCsv(res.body.toString('utf8').slice(1), ',');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['2025-06-15 22:00:00', '2025-06-15 22:00:00']);
  });

  it('refuses agents, strangers, other teams and bad input', async () => {
    for (const path of ['/v1/reports/outcomes/count', '/v1/reports/outcomes.csv', '/v1/reports/outcomes.xlsx', '/v1/reports/outcomes.pdf']) {
      const agent = await call(server.url, 'GET', path, { token: tokens.ana });
      expect(agent.status).toBe(403);
      expect(agent.body.error.code).toBe('forbidden');
      expect((await call(server.url, 'GET', path)).status).toBe(401);
    }
    const south = await t.db.selectFrom('teams').select('id').where('name', '=', 'south').executeTakeFirstOrThrow();
    const other = await call(server.url, 'GET', `/v1/reports/outcomes.csv?team=${south.id}`, { token: tokens.sup });
    expect(other.status).toBe(403);
    expect((await count(`team=${south.id}`, tokens.sup)).status).toBe(403);
    for (const query of ['disposition=nope', 'separator=|', 'locale=fr', 'from=2025-13-01', 'timeZone=Mars/Olympus', 'color=red']) {
      const r = await call(server.url, 'GET', `/v1/reports/outcomes.csv?${query}`, { token: tokens.admin });
      expect(r.status, query).toBe(400);
      expect(r.body.error.code).toBe('invalid_input');
    }
  });

  it('keyset pages visit every row once, in order, whatever the page size', async () => {
    const filters = resolveFilters({}, Date.now());
    const viewer = { role: 'admin' as const, teamId: null, fullDocuments: true };
    const collect = async (pageSize: number) => {
      const chunks: Buffer[] = [];
      const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { chunks.push(chunk); done(); } });
      const prepared = await prepareExport(t.db, { format: 'csv', filters, viewer, locale: 'en', pageSize }, 0);
      const progress: number[] = [];
      const written = await prepared.write(sink, (w) => progress.push(w));
      return { text: Buffer.concat(chunks).toString('utf8'), written, progress };
    };
    const small = await collect(2);
    const whole = await collect(1000);
    expect(small.written).toBe(6);
    expect(small.progress).toEqual([2, 4, 6]);
    expect(small.text).toBe(whole.text);
    expect(readCsv(small.text.slice(1), ',').slice(1).map((r) => r[8])).toEqual(['Call back', 'Promise to pay', 'Busy', 'No answer', 'Refused', 'Installment plan']);
  });

  it('XLSX: typed dates with date-time formats, currency-formatted amounts, text never a formula, masked for a supervisor', async () => {
    const res = await download('/v1/reports/outcomes.xlsx?locale=en', tokens.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.actualRowCount).toBe(7);
    expect(sheet.getRow(1).getCell(1).value).toBe('Date/time');
    const a1 = sheet.getRow(3);
    expect(a1.getCell(1).value).toEqual(new Date(Date.UTC(2025, 5, 15, 10, 0, 0)));
    expect(a1.getCell(1).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(a1.getCell(4).value).toBe('52998224725');
    expect(a1.getCell(8).value).toBe(95);
    expect(a1.getCell(10).value).toEqual(new Date(Date.UTC(2025, 5, 20)));
    expect(a1.getCell(10).numFmt).toBe('yyyy-mm-dd');
    expect(a1.getCell(11).value).toBe(1234.56);
    expect(a1.getCell(11).numFmt).toBe('"R$" #,##0.00');
    expect(a1.getCell(12).type).toBe(ExcelJS.ValueType.String);
    expect(a1.getCell(12).value).toBe(HYPERLINK);
    let total = 0;
    sheet.eachRow((row, n) => {
      if (n > 1 && typeof row.getCell(11).value === 'number') total += Math.round((row.getCell(11).value as number) * 100);
    });
    expect(total).toBe(173_456);

    const sup = await download('/v1/reports/outcomes.xlsx', tokens.sup);
    const supBook = new ExcelJS.Workbook();
    await supBook.xlsx.load(sup.body as unknown as ArrayBuffer);
    const supSheet = supBook.worksheets[0]!;
    expect(supSheet.actualRowCount).toBe(6);
    expect(supSheet.getRow(1).getCell(9).value).toBe('Resultado');
    expect(supSheet.getRow(3).getCell(1).numFmt).toBe('dd/mm/yyyy hh:mm:ss');
    expect(supSheet.getRow(3).getCell(4).value).toBe('***.***.247-25');
  });

  it('PDF summary: totals per disposition and agent, promise totals, vector bars; rendered to PNG it has content', async () => {
    const res = await download('/v1/reports/outcomes.pdf?from=2025-06-01&to=2025-07-31', tokens.sup);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-report-rows')).toBe('5');
    expect(res.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = join(tmp, `summary-${engine}.pdf`);
    writeFileSync(pdf, res.body);
    const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
    expect(text).toContain('Relatório de resultados de contato');
    expect(text).toContain('Promessa de pagamento');
    expect(text).toContain('Ana Souza');
    expect(text).toMatch(/Tentativas: 5/);
    expect(text).toMatch(/R\$\s1\.734,56/u);
    expect(text).not.toContain('caio');
    await run('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', pdf, join(tmp, `page-${engine}`)]);
    const ink = ppmInk(join(tmp, `page-${engine}-1.ppm`));
    expect(ink.inked / ink.total).toBeGreaterThan(0.01);
    // The bar charts: blue bars are drawn (a page of text alone has no blue).
    expect(ink.blue).toBeGreaterThan(100);
  });

  it('audits every export with who, format, filters and row count', async () => {
    const rows = await t.db.selectFrom('audit').select(['actor_user_id', 'subject', 'detail']).where('action', '=', 'report.outcomes.exported').execute();
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const pdf = rows.find((r) => r.subject === 'pdf');
    expect(pdf).toMatchObject({ actor_user_id: ids.supNorth, detail: { rows: 5, fullDocuments: false } });
  });

  it('a reader who hangs up mid-download stops the export and frees its database connection', { timeout: 60_000 }, async () => {
    // 12 MB of CSV: more than socket buffers hold, so the reader leaves mid-export.
    await sql`INSERT INTO contact_attempts (id, event_id, account_id, customer_id, channel, direction, started_at, disposition, agent_id, notes, device_id, received_at)
      SELECT 'bulk-' || lpad(g::text, 6, '0'), (SELECT event_id FROM contact_attempts WHERE id = 'att-1'), 'acc-pool', 'cus-acc-pool', 'phone', 'outbound',
        ${T4}::bigint + g, 'no_answer', ${ids.bia}, repeat('x', 1000), 'dev-test', 1
      FROM generate_series(1, 12000) g`.execute(t.db);
    // A raw socket that is really closed after the first chunk, as a browser tab closed mid-download.
    const firstChunk = await new Promise<{ rows: string | undefined; bytes: number }>((resolve, reject) => {
      const req = httpGet(`${server.url}/v1/reports/outcomes.csv`, { headers: { authorization: `Bearer ${tokens.admin}` } }, (res) => {
        res.once('data', (chunk: Buffer) => {
          resolve({ rows: res.headers['x-report-rows'] as string | undefined, bytes: chunk.length });
          req.destroy();
        });
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    });
    expect(firstChunk.rows).toBe('12006');
    expect(firstChunk.bytes).toBeGreaterThan(0);
    if (engine === 'postgres') {
      const dbName = new URL((t.scratch.target as { url: string }).url).pathname.slice(1);
      let open = -1;
      for (let i = 0; i < 50 && open !== 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${dbName} AND query LIKE 'FETCH%'`.execute(t.db);
        open = r.rows[0]!.n;
      }
      expect(open).toBe(0);
    }
    // The server still serves, and the next export is whole.
    const again = await download('/v1/reports/outcomes.csv?locale=en&disposition=refused', tokens.admin);
    expect(readCsv(again.body.toString('utf8').slice(1), ',').map((r) => r[8])).toEqual(['Disposition', 'Refused']);
  });

  it.runIf(engine === 'postgres')('CLI: export-outcomes writes the file and prints progress to stderr', async () => {
    const out = join(tmp, 'cli.csv');
    const url = (t.scratch.target as { url: string }).url;
    let stderr = '';
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => { stderr += chunk.toString(); done(); } });
    const args = ['--format', 'csv', '--out', out, '--locale', 'en', '--team', 'north', '--disposition', 'promise_to_pay,installment_plan'];
    expect(await exportOutcomesCommand(args, () => openDatabase({ kind: 'postgres', url }), sink)).toBe(0);
    expect(stderr).toContain('Rows written: 0 / 2 (0%)');
    expect(stderr).toContain('Rows written: 2 / 2 (100%)');
    const rows = readCsv(readFileSync(out, 'utf8').slice(1), ',');
    expect(rows.slice(1).map((r) => [r[8], r[3]])).toEqual([['Promise to pay', '***.***.247-25'], ['Installment plan', '***.***.247-25']]);
    expect(existsSync(`${out}.partial`)).toBe(false);
    await expect(exportOutcomesCommand(['--format', 'csv', '--out', out, '--team', 'nowhere'], () => openDatabase({ kind: 'postgres', url }), sink)).rejects.toThrow(
      'No team named "nowhere"',
    );
    await expect(exportOutcomesCommand(['--format', 'csv', '--out', out, '--to', '2025-02-30'], () => openDatabase({ kind: 'postgres', url }), sink)).rejects.toThrow(
      /--to: /,
    );
  });

  it.runIf(engine === 'postgres')('CLI: the real command line runs export-outcomes and refuses a bad format', { timeout: 60_000 }, async () => {
    const out = join(tmp, 'cli.xlsx');
    const env = { ...process.env, DATABASE_URL: (t.scratch.target as { url: string }).url };
    const { stderr } = await run('npx', ['tsx', 'src/server/cli.ts', 'export-outcomes', '--format', 'xlsx', '--out', out, '--disposition', 'refused'], { cwd: repoRoot, env });
    expect(stderr).toContain('Rows written: 1 / 1 (100%)');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets[0]!.actualRowCount).toBe(2);
    expect(book.worksheets[0]!.getRow(2).getCell(4).value).toBe('***.***.247-25');
    const bad = await run('npx', ['tsx', 'src/server/cli.ts', 'export-outcomes', '--format', 'doc', '--out', out], { cwd: repoRoot, env }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toContain('needs --format csv, xlsx or pdf');
  });
});

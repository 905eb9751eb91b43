// The supervisor's report and import channels against a real Quita server (PGlite) on a free port, with the
// session kept in the real encrypted session store, files written to a real temp folder.
import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, ReportExportProgress } from '../../src/shared/contract';
import { cpfFromBase } from '../../src/shared/domain/document';
import { insertAttempt, insertEvent, readCsv } from '../../src/server/reports/report-test-support';
import { call, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../../src/server/test-support';
import { dispatch, type HandlerMap } from '../../src/main/dispatch';
import { createReportHandlers } from '../../src/main/report-handlers';
import { fileStandInCipher } from '../../src/main/services/key-vault';
import { DownloadRegistry } from '../../src/main/services/exports/download-registry';
import { dataFolderTarget, type ExportTarget } from '../../src/main/services/exports/export-target';
import { SyncSessionStore } from '../../src/main/services/sync/session-store';
import { EventHub } from '../../src/main/services/events';
import { startWebHost } from '../../src/web-host/server';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';

let t: TestDatabase;
let server: TestServer;
let ids: Awaited<ReturnType<typeof seedPortfolio>>;
const dirs: string[] = [];
const ATTEMPTS = 2500;
const DAY = Date.UTC(2026, 10, 20, 15, 0, 0);

beforeAll(async () => {
  t = await openTestDatabase('pglite');
  ids = await seedPortfolio(t.db);
  // Enough rows that the file arrives in many chunks (progress, cancel mid-way); one note is a formula. One event
  // and attempt first (the shapes report-test-support writes), then the rest in bulk.
  const eventId = await insertEvent(t.db, ids.ana);
  const attempt = (i: number) => ({
    id: uuidv7(),
    accountId: i % 2 ? 'acc-ana' : 'acc-pool',
    agentId: ids.ana,
    startedAt: DAY + i * 1000,
    endedAt: DAY + i * 1000 + 30_000,
    disposition: i === 0 ? 'refused' : 'no_answer',
    notes: i === 0 ? '=HYPERLINK("http://evil")' : `tentativa ${i}, sem resposta`,
  });
  await insertAttempt(t.db, eventId, attempt(0));
  const first = await t.db.selectFrom('contact_attempts').selectAll().executeTakeFirstOrThrow();
  for (let start = 1; start < ATTEMPTS; start += 500) {
    const rows = [];
    for (let i = start; i < Math.min(ATTEMPTS, start + 500); i++) {
      const a = attempt(i);
      rows.push({ ...first, id: a.id, account_id: a.accountId, customer_id: `cus-${a.accountId}`, started_at: a.startedAt, ended_at: a.endedAt, disposition: a.disposition, notes: a.notes });
    }
    await t.db.insertInto('contact_attempts').values(rows).execute();
  }
  server = await startTestServer({ db: t.db });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await t?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function signedIn(username: string | null): Promise<{ dataDir: string; sessions: SyncSessionStore }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quita-reports-'));
  dirs.push(dataDir);
  const sessions = new SyncSessionStore(dataDir, fileStandInCipher(dataDir));
  if (username) {
    const login = await call(server.url, 'POST', '/v1/auth/login', { body: { username, password: PASSWORD } });
    expect(login.status).toBe(200);
    sessions.save({ serverUrl: server.url, token: login.body.token, expiresAt: login.body.expiresAt, user: login.body.user });
  }
  return { dataDir, sessions };
}

async function setup(username: string | null, options: { target?: ExportTarget; serverUrl?: string } = {}) {
  const { dataDir, sessions } = await signedIn(username);
  if (options.serverUrl) {
    const session = sessions.load()!;
    sessions.save({ ...session, serverUrl: options.serverUrl });
  }
  const downloads = new DownloadRegistry();
  const progress: ReportExportProgress[] = [];
  const handlers = createReportHandlers(
    { dataDir, sessions, target: options.target ?? dataFolderTarget(dataDir, downloads), progressIntervalMs: 0 },
    (event, payload) => {
      if (event === 'report:export-progress') progress.push(payload as ReportExportProgress);
    },
  ) as HandlerMap;
  const invoke = async (channel: ChannelName, input: unknown) => dispatch(handlers, channel, input);
  return { dataDir, downloads, progress, invoke, handlers };
}

const downloadPath = (downloads: DownloadRegistry, url: string) => downloads.get(url.replace('/exports/', ''))!.path;

describe('report exports', () => {
  it('counts, then streams the CSV to the data folder with row progress up to the total, formulas neutralised', async () => {
    const { invoke, progress, downloads, dataDir } = await setup('sup-north');
    const count = await invoke('report:count', { filters: {} });
    expect(count).toMatchObject({ ok: true, value: { rows: ATTEMPTS } });

    const exportId = uuidv4();
    const result = await invoke('report:export', { exportId, format: 'csv', filters: {}, locale: 'pt-BR' });
    expect(result).toMatchObject({ ok: true, value: { status: 'done', rows: ATTEMPTS, totalRows: ATTEMPTS, savedTo: null } });
    if (!result.ok) return;
    const value = result.value as { downloadUrl: string; bytes: number; fileName: string };
    expect(value.fileName).toMatch(/^quita-outcomes-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = downloadPath(downloads, value.downloadUrl);
    expect(path.startsWith(join(dataDir, 'exports'))).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(Buffer.byteLength(text)).toBe(value.bytes);
    const rows = readCsv(text.replace(/^\uFEFF/, ''), ';');
    expect(rows.length).toBe(ATTEMPTS + 1);
    const injected = rows.find((r) => r.some((cell) => cell.includes('HYPERLINK')))!;
    expect(injected.find((cell) => cell.includes('HYPERLINK'))).toBe(`'=HYPERLINK("http://evil")`);
    // No half-written file is left beside it.
    expect(readdirSync(join(dataDir, 'exports')).filter((f) => f.endsWith('.part'))).toEqual([]);

    const mine = progress.filter((p) => p.exportId === exportId);
    expect(mine[0]!.phase).toBe('counting');
    const writing = mine.filter((p) => p.phase === 'writing');
    expect(writing.length).toBeGreaterThan(2);
    expect(writing.every((p, i) => i === 0 || p.bytes >= writing[i - 1]!.bytes)).toBe(true);
    expect(mine.at(-1)).toEqual({ exportId, phase: 'done', rows: ATTEMPTS, totalRows: ATTEMPTS, bytes: value.bytes });
  });

  it('writes a real XLSX and a PDF with the filters applied', async () => {
    const { invoke, downloads } = await setup('sup-north');
    const filters = { dispositions: ['refused'] };
    const xlsx = await invoke('report:export', { exportId: uuidv4(), format: 'xlsx', filters, locale: 'en' });
    expect(xlsx).toMatchObject({ ok: true, value: { status: 'done', rows: null, totalRows: 1 } });
    if (!xlsx.ok) return;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(downloadPath(downloads, (xlsx.value as { downloadUrl: string }).downloadUrl));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.actualRowCount).toBeGreaterThanOrEqual(2);

    const pdf = await invoke('report:export', { exportId: uuidv4(), format: 'pdf', filters: {}, locale: 'pt-BR' });
    expect(pdf.ok).toBe(true);
    if (!pdf.ok) return;
    const bytes = readFileSync(downloadPath(downloads, (pdf.value as { downloadUrl: string }).downloadUrl));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('cancels mid-file and leaves nothing behind', async () => {
    const { handlers, progress, dataDir } = await setup('sup-north');
    const exportId = uuidv4();
    const running = dispatch(handlers, 'report:export', { exportId, format: 'csv', filters: {}, locale: 'en' });
    // Cancel as soon as the first bytes are on disk.
    for (let i = 0; i < 500 && !progress.some((p) => p.phase === 'writing' && p.bytes > 0); i++) await new Promise((r) => setTimeout(r, 2));
    expect(await dispatch(handlers, 'report:export-cancel', { exportId })).toEqual({ ok: true, value: { cancelled: true } });
    const result = await running;
    expect(result).toMatchObject({ ok: true, value: { status: 'cancelled', downloadUrl: null } });
    expect(progress.at(-1)!.phase).toBe('cancelled');
    expect(readdirSync(join(dataDir, 'exports'))).toEqual([]);
  });

  it('a cancelled save dialog is a cancelled export, not an error', async () => {
    const { invoke, progress } = await setup('sup-north', { target: { choose: async () => null } });
    const result = await invoke('report:export', { exportId: uuidv4(), format: 'pdf', filters: {}, locale: 'en' });
    expect(result).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    expect(progress.at(-1)!.phase).toBe('cancelled');
  });

  it('translates refusals: an agent is forbidden, no session, another team, an unreachable server', async () => {
    const agent = await setup('ana');
    expect(await agent.invoke('report:export', { exportId: uuidv4(), format: 'csv', filters: {}, locale: 'en' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(agent.progress.at(-1)!.phase).toBe('failed');
    const nobody = await setup(null);
    expect(await nobody.invoke('report:count', { filters: {} })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    const sup = await setup('sup-north');
    const south = await t.db.selectFrom('teams').select('id').where('name', '=', 'south').executeTakeFirstOrThrow();
    expect(await sup.invoke('report:count', { filters: { team: south.id } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const gone = await setup('sup-north', { serverUrl: 'http://127.0.0.1:9' });
    expect(await gone.invoke('report:count', { filters: {} })).toMatchObject({ ok: false, error: { code: 'server_unreachable' } });
  });
});

const cpf = (n: number) => cpfFromBase(String(300_000_000 + n).slice(0, 9));
const HEADER = 'Nome;CPF/CNPJ;Telefone;UF;Nº Contrato Credor;Produto;Saldo;Vencimento';
const line = (n: number, balance = '1.234,56') => `José da Conceição ${n};${cpf(n)};(81) 98765-43${String(n).padStart(2, '0')};PE;X-${n};Cartão;${balance};10/01/2025`;

async function stage(invoke: (c: ChannelName, i: unknown) => Promise<unknown>, bytes: Buffer, chunkSize = 100): Promise<string> {
  const fileId = uuidv4();
  for (let offset = 0; offset < bytes.length || offset === 0; offset += chunkSize) {
    const result = await invoke('import:stage', { fileId, fileName: 'carteira.csv', offset, data: bytes.subarray(offset, offset + chunkSize).toString('base64') });
    expect(result).toMatchObject({ ok: true, value: { size: Math.min(bytes.length, offset + chunkSize) } });
    if (bytes.length === 0) break;
  }
  return fileId;
}

describe('portfolio import', () => {
  it('dry-runs a Latin-1 ; file with bad rows by line, refuses to import it, then imports the fixed file and keeps the mapping', async () => {
    const { invoke } = await setup('sup-north');
    const mapping = { accountNumber: 'Nº Contrato Credor' };
    const bad = Buffer.from([HEADER, line(1), line(2, '12,3,4'), line(3).replace(cpf(3), '111.111.111-11'), line(4)].join('\r\n'), 'latin1');
    const fileId = await stage(invoke, bad, 97);
    const dry = await invoke('import:portfolio', { fileId, creditor: 'Banco Recife', dryRun: true, mapping });
    expect(dry).toMatchObject({ ok: true, value: { ok: false, dryRun: true, committed: false, encoding: 'windows-1252', delimiter: ';', rows: 4, badRows: 2 } });
    if (!dry.ok) return;
    const report = dry.value as { rowIssues: Array<{ line: number; code: string }>; mapping: Record<string, { header: string; source: string }> };
    expect(report.rowIssues.map((i) => [i.line, i.code])).toEqual([
      [3, 'invalid_number'],
      [4, 'invalid_document'],
    ]);
    expect(report.mapping.accountNumber).toEqual({ header: 'Nº Contrato Credor', source: 'given' });

    const refused = await invoke('import:portfolio', { fileId, creditor: 'Banco Recife', dryRun: false, mapping });
    expect(refused).toMatchObject({ ok: true, value: { ok: false, dryRun: false, committed: false, badRows: 2 } });
    const before = await t.db.selectFrom('accounts').select('id').where('creditor', '=', 'Banco Recife').execute();
    expect(before).toEqual([]);

    const good = Buffer.from([HEADER, line(1), line(2), line(3), line(4)].join('\r\n'), 'latin1');
    const fixed = await stage(invoke, good, 4096);
    const committed = await invoke('import:portfolio', { fileId: fixed, creditor: 'Banco Recife', dryRun: false, mapping });
    expect(committed).toMatchObject({ ok: true, value: { ok: true, committed: true, accounts: { created: 4 } } });
    const names = await t.db.selectFrom('customers').select('name').where('name', 'like', 'José da Conceição %').execute();
    expect(names).toHaveLength(4);
    expect(await invoke('import:mapping', { creditor: 'Banco Recife' })).toMatchObject({
      ok: true,
      value: { saved: { accountNumber: 'Nº Contrato Credor' } },
    });
    // A committed file is gone; importing it again means picking it again.
    expect(await invoke('import:portfolio', { fileId: fixed, creditor: 'Banco Recife', dryRun: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses chunks out of order and an agent', async () => {
    const { invoke } = await setup('sup-north');
    const fileId = uuidv4();
    expect(await invoke('import:stage', { fileId, fileName: 'a.csv', offset: 10, data: 'AAAA' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const agent = await setup('ana');
    const staged = await stage(agent.invoke, Buffer.from([HEADER, line(9)].join('\n')), 1000);
    expect(await agent.invoke('import:portfolio', { fileId: staged, creditor: 'X', dryRun: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(existsSync(join(agent.dataDir, 'imports', `${staged}.upload`))).toBe(true);
  });
});

describe('the web host hands out exports', () => {
  it('serves a file main wrote as an attachment, by its id only, same-origin only', async () => {
    const { invoke, downloads, dataDir, handlers } = await setup('sup-north');
    const result = await invoke('report:export', { exportId: uuidv4(), format: 'csv', filters: { dispositions: ['refused'] }, locale: 'en' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const url = (result.value as { downloadUrl: string }).downloadUrl;
    const rendererDir = join(dataDir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Quita</title>');
    const host = await startWebHost({ handlers, hub: new EventHub(), rendererDir, port: 0, log: () => {}, downloads });
    try {
      const ok = await fetch(host.url + url, { headers: { 'sec-fetch-site': 'same-origin' } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="quita-outcomes-\d{4}-\d{2}-\d{2}\.csv"/);
      expect(ok.headers.get('content-type')).toContain('text/csv');
      const rows = readCsv((await ok.text()).replace(/^\uFEFF/, ''), ',');
      expect(rows).toHaveLength(2);
      expect((await fetch(host.url + url, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(404);
      expect((await fetch(`${host.url}/exports/${'0'.repeat(32)}`)).status).toBe(404);
      expect((await fetch(`${host.url}/exports/..%2Fquita.db`)).status).toBe(404);
      // The Host check still guards it (DNS rebinding).
      const rebound = await new Promise<number>((resolve, reject) => {
        const target = new URL(host.url + url);
        request({ host: target.hostname, port: target.port, path: target.pathname, headers: { host: 'evil.example:80' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
      expect(rebound).toBe(421);
    } finally {
      await host.close();
    }
  });
});

describe('the console knows every import problem the server reports', () => {
  it('lists each code of server/import/report.ts (its sentences are checked in import-issues.test.ts)', () => {
    const root = join(import.meta.dirname, '../..');
    const server = readFileSync(join(root, 'src/server/import/report.ts'), 'utf8');
    const console = readFileSync(join(root, 'src/renderer/features/import/import-issues.ts'), 'utf8');
    const union = (name: string) => {
      // The union's members, one per line ("  | 'code' // comment"), up to the line that ends it.
      const start = server.indexOf(`export type ${name} =`);
      const lines = server.slice(start).split('\n').slice(1);
      const members: string[] = [];
      for (const line of lines) {
        const m = /^\s*\| '([a-z_]+)'(;?)/.exec(line);
        if (!m) break;
        members.push(m[1]!);
        if (m[2]) break;
      }
      return members.sort();
    };
    const list = (name: string) => {
      const body = new RegExp(`export const ${name} = \\[([^\\]]+)\\]`).exec(console)![1]!;
      return [...body.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort();
    };
    expect(union('FileIssueCode').length).toBeGreaterThan(5);
    expect(list('FILE_ISSUE_CODES')).toEqual(union('FileIssueCode'));
    expect(list('ROW_ISSUE_CODES')).toEqual(union('RowIssueCode'));
  });
});

// Issue 9, exports and import through the app: an agent logs two outcomes (one whose notes start with '=') on a desk
// signed in to the embedded demo server; the same desk signs in as the supervisor, exports CSV, XLSX and PDF from
// the console (each download caught and opened with a real parser or renderer), then imports a creditor's Latin-1
// ';' file whose bad rows are listed by line with nothing imported, and the fixed file, which imports.
import { expect, test, type Download, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpfFromBase } from '../../src/shared/domain/document';
import { readCsv } from '../../src/server/reports/report-test-support';
import { agentScreen, bridge, openFirstAccount } from './support/agent-screen';
import { startHost, type RunningHost } from './support/web-host';

// Calling windows depend on the hour: a weekday noon in São Paulo, frozen (test only).
const NOON_IN_SAO_PAULO = '2026-11-24T15:00:00Z';
const FORMULA_NOTES = '=HYPERLINK("http://evil.example","clique")';

let hosts: RunningHost[] = [];
test.afterEach(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  hosts = [];
});

async function signIn(page: Page, serverUrl: string, username: string): Promise<void> {
  await page.getByTestId('user-menu').click();
  const form = page.getByTestId('login-form');
  await expect(form).toBeVisible();
  await form.getByTestId('settings-server-url').fill(serverUrl);
  await form.getByTestId('login-user').fill(username);
  await form.getByTestId('login-password').fill('quita-demo');
  await form.getByTestId('login-submit').click();
  await expect(form).toBeHidden();
}

async function logOutcome(page: Page, disposition: string, notes: string): Promise<void> {
  const screen = agentScreen(page);
  await openFirstAccount(page);
  await screen.disposition.selectOption(disposition);
  await screen.notes.fill(notes);
  await screen.save.click();
  await expect(screen.history('contact').filter({ hasText: notes }).first()).toBeVisible();
}

/** Clicks an export button and returns the browser's download once the file is complete. */
async function exportFile(page: Page, format: 'csv' | 'xlsx' | 'pdf', dir: string): Promise<{ download: Download; path: string }> {
  const downloading = page.waitForEvent('download');
  await page.getByTestId(`export-${format}`).click();
  const download = await downloading;
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  await expect(page.getByTestId('export-progress')).toHaveAttribute('data-phase', 'done');
  await expect(page.getByTestId('export-progress')).toHaveAttribute('data-format', format);
  return { download, path };
}

const cpf = (n: number) => cpfFromBase(String(410_000_000 + n).slice(0, 9));
const HEADER = 'Nome;CPF/CNPJ;Telefone;UF;Nº Contrato;Produto;Saldo Atual;Vencimento';
const line = (n: number, over: { balance?: string; document?: string; due?: string } = {}) =>
  `João Conceição ${n};${over.document ?? cpf(n)};(81) 98765-43${String(n).padStart(2, '0')};PE;REC-${n};Cartão;${over.balance ?? '1.234,56'};${over.due ?? '10/01/2025'}`;

test('a supervisor exports CSV, XLSX and PDF and imports a portfolio only once its file is clean', async ({ browser }) => {
  test.setTimeout(300_000);
  const host = await startHost({ demo: true, demoServer: true, fixedNow: NOON_IN_SAO_PAULO });
  hosts.push(host);
  const serverUrl = /Demo sync server on (http:\/\/\S+)/.exec(host.output())![1]!;
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const dir = mkdtempSync(join(tmpdir(), 'quita-reports-e2e-'));
  // Screenshots of both screens beside the test's other output (looked at by people, not asserted).
  const shots = test.info().outputPath('screens');
  mkdirSync(shots, { recursive: true });
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    // The demo desk is signed in as the agent ana: she logs two outcomes, which are pushed to the server.
    await expect(page.getByTestId('user-menu')).toHaveText('ana');
    await logOutcome(page, 'no_answer', FORMULA_NOTES);
    await logOutcome(page, 'voicemail', 'Deixou recado; retornar amanhã');
    await expect
      .poll(async () => (await bridge<{ ok: true; value: { pendingEvents: number } }>(page, 'sync:now')).value.pendingEvents, { timeout: 20_000 })
      .toBe(0);

    // The same desk signs in as the supervisor: the console replaces the agent screen.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await signIn(page, serverUrl, 'sup');
    await page.getByTestId('console-tab-exports').click();
    const filters = page.getByTestId('report-filters');
    await expect(filters).toBeVisible();
    await page.getByTestId('export-filter-from').fill('2026-11-24');
    await page.getByTestId('export-filter-to').fill('2026-11-24');
    await page.getByTestId('export-filter-agent').selectOption({ label: 'Ana Souza' });
    await expect(page.getByTestId('export-count')).toHaveAttribute('data-rows', '2');
    await expect(page.getByTestId('export-count')).toContainText('2 chamadas');

    // CSV (pt-BR: ';', BOM): parsed with a strict RFC 4180 reader.
    const csv = await exportFile(page, 'csv', dir);
    expect(csv.download.suggestedFilename()).toMatch(/^quita-outcomes-\d{4}-\d{2}-\d{2}\.csv$/);
    const progress = page.getByTestId('export-progress');
    await expect(progress).toHaveAttribute('data-rows', '2');
    await expect(progress).toHaveAttribute('data-total', '2');
    const text = readFileSync(csv.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = readCsv(text.slice(1), ';');
    expect(rows).toHaveLength(3);
    const header = rows[0]!;
    const data = rows.slice(1);
    expect(data.every((r) => r.length === header.length)).toBe(true);
    const notesColumn = data[0]!.findIndex((_, i) => data.some((r) => r[i]!.includes('HYPERLINK')));
    expect(notesColumn).toBeGreaterThanOrEqual(0);
    const injected = data.find((r) => r[notesColumn]!.includes('HYPERLINK'))![notesColumn]!;
    // Neutralised: the cell no longer starts with '=' (a spreadsheet reads it as text), the note is intact.
    expect(injected.startsWith('=')).toBe(false);
    expect(injected).toBe(`'${FORMULA_NOTES}`);
    expect(data.some((r) => r[notesColumn] === 'Deixou recado; retornar amanhã')).toBe(true);
    expect(data.every((r) => r.includes('Ana Souza'))).toBe(true);
    await page.screenshot({ path: join(shots, 'exports.png'), fullPage: true });

    // XLSX: a real workbook with the same two rows, the note a text cell, never a formula.
    const xlsx = await exportFile(page, 'xlsx', dir);
    await expect(progress).toHaveAttribute('data-total', '2');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx.path);
    const sheet = workbook.worksheets[0]!;
    const values: unknown[][] = [];
    sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const dataRows = values.filter((r) => r.some((v) => v === 'Ana Souza'));
    expect(dataRows).toHaveLength(2);
    let formulaCell: ExcelJS.Cell | null = null;
    sheet.eachRow((row) => row.eachCell((cell) => {
      if (String(cell.text).includes('HYPERLINK')) formulaCell = cell;
    }));
    expect(formulaCell).not.toBeNull();
    expect(formulaCell!.type).toBe(ExcelJS.ValueType.String);
    expect(formulaCell!.formula).toBeUndefined();

    // PDF: rendered to an image by poppler; the page has content, and its text names the calls.
    const pdf = await exportFile(page, 'pdf', dir);
    expect(readFileSync(pdf.path).subarray(0, 5).toString()).toBe('%PDF-');
    execFileSync('pdftoppm', ['-gray', '-r', '50', '-singlefile', pdf.path, join(dir, 'summary')]);
    const pgm = readFileSync(join(dir, 'summary.pgm'));
    const match = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const pixels = pgm.subarray(match[0].length);
    expect(pixels.length).toBe(Number(match[1]) * Number(match[2]));
    const inked = pixels.filter((v) => v < 200).length;
    expect(inked / pixels.length).toBeGreaterThan(0.01);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf.path, join(shots, 'summary-pdf')]);
    expect(statSync(join(shots, 'summary-pdf.png')).size).toBeGreaterThan(5_000);
    expect(execFileSync('pdftotext', [pdf.path, '-']).toString()).toMatch(/Ana Souza/);

    // Import: a Latin-1 ';' file with two bad rows → each shown by line, the import stays disabled.
    await page.getByTestId('console-tab-import').click();
    await page.getByTestId('import-creditor').fill('Banco Recife');
    const bad = Buffer.from(
      [HEADER, line(1), line(2, { balance: '12,3,4' }), line(3, { document: '111.111.111-11' }), line(4)].join('\r\n'),
      'latin1',
    );
    await page.getByTestId('import-file').setInputFiles({ name: 'carteira-recife.csv', mimeType: 'text/csv', buffer: bad });
    const errors = page.getByTestId('import-errors');
    await expect(errors).toBeVisible();
    const rowErrors = page.getByTestId('import-row-error');
    await expect(rowErrors).toHaveCount(2);
    await expect(rowErrors.nth(0)).toHaveAttribute('data-line', '3');
    await expect(rowErrors.nth(0)).toContainText('Linha 3');
    await expect(rowErrors.nth(0)).toContainText('Saldo “12,3,4” não é um valor');
    await expect(rowErrors.nth(1)).toHaveAttribute('data-line', '4');
    await expect(rowErrors.nth(1)).toContainText('“111.111.111-11” não é um CPF ou CNPJ válido');
    await expect(page.getByTestId('import-report')).toContainText('Latin-1');
    await expect(page.getByTestId('import-commit')).toBeDisabled();
    // The mapping the server used is shown and editable.
    await expect(page.locator('[data-testid="import-mapping-row"][data-field="accountNumber"] select')).toHaveValue('Nº Contrato');
    await page.screenshot({ path: join(shots, 'import-errors.png'), fullPage: true });
    // The same problems in English.
    await page.getByTestId('language-select').selectOption('en');
    await expect(rowErrors.nth(0)).toContainText('Line 3');
    await expect(rowErrors.nth(0)).toContainText('Balance “12,3,4” is not an amount');
    await page.getByTestId('language-select').selectOption('pt-BR');

    // The fixed file: a clean check, then the import, which creates all four accounts (the bad file wrote nothing).
    const good = Buffer.from([HEADER, line(1), line(2), line(3), line(4)].join('\r\n'), 'latin1');
    await page.getByTestId('import-file').setInputFiles({ name: 'carteira-recife.csv', mimeType: 'text/csv', buffer: good });
    await expect(page.getByTestId('import-clean')).toBeVisible();
    await expect(page.getByTestId('import-row-error')).toHaveCount(0);
    const commit = page.getByTestId('import-commit');
    await expect(commit).toBeEnabled();
    await commit.click();
    const result = page.getByTestId('import-result');
    await expect(result).toHaveAttribute('data-committed', 'true');
    await expect(result).toContainText('Importado: 4 contas novas, 0 atualizadas');
    await expect(commit).toBeDisabled();
    await page.screenshot({ path: join(shots, 'import-done.png'), fullPage: true });
  } finally {
    await context.close();
  }
});

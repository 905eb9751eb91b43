import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpfFromBase } from '../../shared/domain/document';
import { call, engines, openTestDatabase, PASSWORD, seedPortfolio, startTestServer, type TestDatabase, type TestServer } from '../test-support';
import { importPortfolio } from './portfolio';

const actor = () => ({ userId: null, now: Date.now() });
const cpf = (n: number) => cpfFromBase(String(200_000_000 + n));
const masked = (doc: string) => `${doc.slice(0, 3)}.${doc.slice(3, 6)}.${doc.slice(6, 9)}-${doc.slice(9)}`;

const HEADER = 'Nome;CPF/CNPJ;Número da Conta;Saldo;Valor Original;Vencimento;Celular;Telefone;E-mail;Endereço;Cidade;UF;CEP;Produto';

interface Person {
  name: string;
  doc: string;
  account: string;
  balance: string;
  original: string;
  due: string;
  mobile: string;
  phone: string;
  email: string;
  street: string;
  city: string;
  uf: string;
  cep: string;
}

const people = (): Person[] => [
  // The street holds a line break inside quotes: the next record starts two physical lines later.
  { name: 'João da Conceição', doc: masked(cpf(1)), account: 'A-1', balance: '1.234,56', original: '2.000,00', due: '10/01/2025', mobile: '(11) 98765-4321', phone: '', email: 'joao@example.com', street: '"Rua das Flores, 10\nApto 3"', city: 'São Paulo', uf: 'SP', cep: '01310-100' },
  { name: 'Márcia Lima', doc: cpf(2), account: 'A-2', balance: '99,90', original: '', due: '2025-02-28', mobile: '', phone: '92 3232-4545', email: '', street: '', city: 'Manaus', uf: '', cep: '' },
  { name: 'Padaria Pão Quente Ltda', doc: '11.222.333/0001-81', account: 'A-3', balance: '15.000,00', original: '15.000,00', due: '05/03/2024', mobile: '21987654321', phone: '', email: '', street: '', city: '', uf: 'RJ', cep: '' },
  { name: 'Ana Souza', doc: masked(cpf(4)), account: 'A-4', balance: '0,00', original: '', due: '01/12/2024', mobile: '', phone: '', email: '', street: '', city: '', uf: 'am', cep: '' },
  { name: 'Ana Souza', doc: cpf(4), account: 'A-5', balance: '310,00', original: '', due: '01/12/2024', mobile: '(92) 99123-4567', phone: '', email: 'ana@example.com', street: '', city: '', uf: 'AM', cep: '' },
  { name: 'Pedro Alves', doc: cpf(6), account: 'A-6', balance: '1.000.000,00', original: '', due: '15/06/2023', mobile: '', phone: '', email: '', street: '', city: '', uf: 'SP', cep: '' },
  { name: 'Luíza Çarão', doc: cpf(7), account: 'A-7', balance: '12,34', original: '', due: '15/06/2023', mobile: '', phone: '', email: '', street: '', city: '', uf: 'SP', cep: '' },
];

const line = (p: Person) => [p.name, p.doc, p.account, p.balance, p.original, p.due, p.mobile, p.phone, p.email, p.street, p.city, p.uf, p.cep, 'Cartão'].join(';');
const latin1 = (rows: Person[], header = HEADER) => Buffer.from([header, ...rows.map(line)].join('\r\n') + '\r\n', 'latin1');

/** The same people with a bad value in some rows. File lines: header 1, A-1 2–3, A-2 4, A-3 5, … */
function badPeople(): Person[] {
  const list = people();
  list[1]!.doc = '123.456.789-00'; // line 4
  list[2]!.balance = '15.000,0O'; // line 5: letter O
  list[3]!.balance = '150.000.000,00'; // line 6: above R$ 100 million
  list[4]!.due = '31/02/2025'; // line 7
  list[4]!.mobile = '(11) 12345-6789'; // line 7 too
  list[5]!.balance = '-10,00'; // line 8
  list.push({ ...list[6]!, account: 'A-1', name: '' }); // line 10: duplicate of line 2, no name
  return list;
}

async function xlsxOf(rows: Person[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Carteira');
  sheet.addRow(HEADER.split(';'));
  const num = (t: string) => (t ? Number(t.replace(/\./g, '').replace(',', '.')) : null);
  const date = (t: string) => {
    const br = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
    return new Date(br ? `${br[3]}-${br[2]}-${br[1]}T00:00:00Z` : `${t}T00:00:00Z`);
  };
  for (const p of rows) {
    const digits = p.doc.replace(/\D/g, '');
    // CPFs typed as numbers, as spreadsheets do (a leading zero would be lost: the importer pads it back).
    const doc: string | number = digits.length === 11 ? Number(digits) : p.doc;
    const row = sheet.addRow([p.name, doc, p.account, num(p.balance), num(p.original), date(p.due), p.mobile, p.phone, p.email, p.street.replace(/"/g, ''), p.city, p.uf, p.cep, 'Cartão']);
    row.getCell(6).numFmt = 'dd/mm/yyyy';
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe.each(engines)('portfolio import on %s', (engine) => {
  let t: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
    await seedPortfolio(t.db);
    server = await startTestServer({ db: t.db });
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });
  const count = async (table: 'accounts' | 'customers' | 'changes' | 'assignments' | 'audit') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const accountsOf = (creditor: string) =>
    t.db
      .selectFrom('accounts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select(['a.account_number', 'a.current_balance_cents', 'a.original_balance_cents', 'a.due_date', 'a.product', 'a.version', 'c.document', 'c.name', 'c.phones', 'c.emails', 'c.address', 'c.time_zone'])
      .where('a.creditor', '=', creditor)
      .orderBy('a.account_number')
      .execute();

  it('Latin-1 ";" file with 1.234,56 and dd/mm/yyyy: every bad row by line, nothing written; the fixed file imports', async () => {
    const before = { accounts: await count('accounts'), customers: await count('customers'), changes: await count('changes'), audit: await count('audit') };
    for (const dryRun of [true, false]) {
      const report = await importPortfolio(t.db, latin1(badPeople()), { dryRun, creditor: 'Banco Latino' }, actor());
      expect(report).toMatchObject({ ok: false, committed: false, format: 'csv', encoding: 'windows-1252', delimiter: ';', numberFormat: 'pt-BR', rows: 8, badRows: 6, fileIssues: [] });
      expect(report.rowIssues).toEqual([
        { line: 4, code: 'invalid_document', params: { value: '123.456.789-00' } },
        { line: 5, code: 'invalid_number', params: { field: 'balance', value: '15.000,0O', reason: 'not_a_number' } },
        { line: 6, code: 'absurd_amount', params: { field: 'balance', value: '150.000.000,00', cents: 15_000_000_000, minCents: 0, maxCents: 10_000_000_000 } },
        { line: 7, code: 'invalid_date', params: { field: 'dueDate', value: '31/02/2025' } },
        { line: 7, code: 'invalid_phone', params: { field: 'mobile', value: '(11) 12345-6789' } },
        { line: 8, code: 'absurd_amount', params: { field: 'balance', value: '-10,00', cents: -1000, minCents: 0, maxCents: 10_000_000_000 } },
        { line: 10, code: 'missing_value', params: { field: 'name' } },
        { line: 10, code: 'duplicate_account', params: { accountNumber: 'A-1', firstLine: 2 } },
      ]);
    }
    expect({ accounts: await count('accounts'), customers: await count('customers'), changes: await count('changes'), audit: await count('audit') }).toEqual(before);

    const dry = await importPortfolio(t.db, latin1(people()), { dryRun: true, creditor: 'Banco Latino' }, actor());
    expect(dry).toMatchObject({ ok: true, committed: false, accounts: { created: 7, updated: 0, unchanged: 0 }, customers: { created: 6, updated: 0, unchanged: 0 }, mappingSaved: false });
    expect(await count('accounts')).toBe(before.accounts);

    const real = await importPortfolio(t.db, latin1(people()), { dryRun: false, creditor: 'Banco Latino', team: { name: 'north' } }, actor());
    expect(real).toMatchObject({ ok: true, committed: true, accounts: { created: 7 }, customers: { created: 6 }, pooled: 7, mappingSaved: true });
    const rows = await accountsOf('Banco Latino');
    expect(rows.map((r) => [r.account_number, r.current_balance_cents, r.original_balance_cents, r.due_date])).toEqual([
      ['A-1', 123_456, 200_000, '2025-01-10'],
      ['A-2', 9_990, 9_990, '2025-02-28'],
      ['A-3', 1_500_000, 1_500_000, '2024-03-05'],
      ['A-4', 0, 0, '2024-12-01'],
      ['A-5', 31_000, 31_000, '2024-12-01'],
      ['A-6', 100_000_000, 100_000_000, '2023-06-15'],
      ['A-7', 1_234, 1_234, '2023-06-15'],
    ]);
    const joao = rows[0]!;
    expect(joao).toMatchObject({
      name: 'João da Conceição',
      document: cpf(1),
      phones: [{ e164: '+5511987654321', kind: 'mobile' }],
      emails: ['joao@example.com'],
      address: { street: 'Rua das Flores, 10\nApto 3', city: 'São Paulo', state: 'SP', postalCode: '01310-100', country: 'BR' },
      time_zone: 'America/Sao_Paulo',
    });
    // No state: the zone comes from the phone's area code (92, Manaus).
    expect(rows[1]).toMatchObject({ phones: [{ e164: '+559232324545', kind: 'other' }], time_zone: 'America/Manaus' });
    expect(rows[2]).toMatchObject({ document: '11222333000181', time_zone: 'America/Sao_Paulo' });
    // One customer for two accounts with the same CPF (masked on one row, bare on the other), contacts merged.
    expect(rows[3]!.document).toBe(rows[4]!.document);
    expect(rows[4]).toMatchObject({ name: 'Ana Souza', time_zone: 'America/Manaus', phones: [{ e164: '+5592991234567', kind: 'mobile' }], emails: ['ana@example.com'] });
    expect(rows[6]!.name).toBe('Luíza Çarão');
    // Feed rows for the sync pull: every customer, account and assignment; an audit entry.
    const feed = await t.db.selectFrom('changes').select(['entity']).where('seq', '>', 0).execute();
    expect(feed.length - before.changes).toBe(6 + 7 + 7);
    expect(await count('audit')).toBe(before.audit + 1);
    const audit = await t.db.selectFrom('audit').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'portfolio.imported', subject: 'Banco Latino', detail: { rows: 7, accounts: { created: 7 } } });
  });

  it('a re-import updates balances and contacts without duplicating anything', async () => {
    const accounts = await count('accounts');
    const customers = await count('customers');
    const changes = await count('changes');
    const same = await importPortfolio(t.db, latin1(people()), { dryRun: false, creditor: 'Banco Latino', team: { name: 'north' } }, actor());
    expect(same).toMatchObject({ committed: true, accounts: { created: 0, updated: 0, unchanged: 7 }, customers: { created: 0, updated: 0, unchanged: 6 }, pooled: 0 });
    expect(await count('changes')).toBe(changes);

    const list = people();
    list[0]!.balance = '1.000,00';
    list[2]!.balance = '14.500,00';
    list[1]!.mobile = '(92) 98111-2222'; // a new phone for Márcia
    const dry = await importPortfolio(t.db, latin1(list), { dryRun: true, creditor: 'Banco Latino' }, actor());
    expect(dry).toMatchObject({ accounts: { created: 0, updated: 2, unchanged: 5 }, customers: { created: 0, updated: 1, unchanged: 5 } });
    const real = await importPortfolio(t.db, latin1(list), { dryRun: false, creditor: 'Banco Latino' }, actor());
    expect(real).toMatchObject({ committed: true, accounts: { created: 0, updated: 2, unchanged: 5 }, customers: { created: 0, updated: 1, unchanged: 5 } });
    expect(await count('accounts')).toBe(accounts);
    expect(await count('customers')).toBe(customers);
    const rows = await accountsOf('Banco Latino');
    expect(rows.map((r) => [r.account_number, r.current_balance_cents, r.original_balance_cents, r.version])).toEqual([
      ['A-1', 100_000, 200_000, 2],
      ['A-2', 9_990, 9_990, 1],
      ['A-3', 1_450_000, 1_500_000, 2],
      ['A-4', 0, 0, 1],
      ['A-5', 31_000, 31_000, 1],
      ['A-6', 100_000_000, 100_000_000, 1],
      ['A-7', 1_234, 1_234, 1],
    ]);
    // The phone the file had before is kept, the new one added.
    expect(rows[1]!.phones).toEqual([
      { e164: '+559232324545', kind: 'other' },
      { e164: '+5592981112222', kind: 'mobile' },
    ]);
    expect(await count('changes')).toBe(changes + 3);
  });

  it('an XLSX file (typed numbers and dates, CPFs as numbers) imports the same as the CSV', async () => {
    const report = await importPortfolio(t.db, await xlsxOf(people()), { dryRun: false, creditor: 'Banco Planilha' }, actor());
    expect(report).toMatchObject({ ok: true, committed: true, format: 'xlsx', encoding: null, accounts: { created: 7 }, customers: { created: 0, updated: 0, unchanged: 6 } });
    const fromCsv = (await accountsOf('Banco Latino')).map(({ version: _v, ...r }) => r);
    const csvAgain = await importPortfolio(t.db, latin1(people()), { dryRun: true, creditor: 'Banco Latino' }, actor());
    expect(csvAgain.accounts.updated).toBe(2); // the first file's balances, as the XLSX has them
    const fromXlsx = (await accountsOf('Banco Planilha')).map(({ version: _v, ...r }) => r);
    const original = people();
    expect(fromXlsx.map((r) => r.current_balance_cents)).toEqual([123_456, 9_990, 1_500_000, 0, 31_000, 100_000_000, 1_234]);
    expect(fromXlsx.map((r) => [r.account_number, r.due_date, r.document, r.name])).toEqual(fromCsv.map((r) => [r.account_number, r.due_date, r.document, r.name]));
    expect(original).toHaveLength(fromXlsx.length);
    // A bad XLSX row is reported by its sheet row number.
    const bad = people();
    bad[3]!.balance = '-5,00';
    const badReport = await importPortfolio(t.db, await xlsxOf(bad), { dryRun: true, creditor: 'Banco Planilha' }, actor());
    expect(badReport.rowIssues).toEqual([{ line: 5, code: 'absurd_amount', params: { field: 'balance', value: '-5', cents: -500, minCents: 0, maxCents: 10_000_000_000 } }]);
  });

  it('reports a file that is not CSV/XLSX, a wrong encoding, a missing column, and an ambiguous amount', async () => {
    const before = await count('accounts');
    const pdf = await importPortfolio(t.db, Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj', 'latin1'), { dryRun: false, creditor: 'Banco Latino' }, actor());
    expect(pdf).toMatchObject({ ok: false, committed: false, fileIssues: [{ code: 'unsupported_file_type', params: { detected: 'pdf' } }] });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([HEADER, line(people()[0]!)].join('\n'), 'utf16le')]);
    expect((await importPortfolio(t.db, utf16, { dryRun: true, creditor: 'Banco Latino' }, actor())).fileIssues).toEqual([{ code: 'unsupported_encoding', params: { encoding: 'utf-16' } }]);
    const doubled = Buffer.from(Buffer.from([HEADER, line(people()[0]!)].join('\n'), 'utf8').toString('latin1'), 'utf8');
    expect((await importPortfolio(t.db, doubled, { dryRun: true, creditor: 'Banco Latino' }, actor())).fileIssues).toMatchObject([{ code: 'double_encoded_text', params: { line: 1 } }]);
    const noDue = latin1(people(), HEADER.replace('Vencimento', 'Observação'));
    expect((await importPortfolio(t.db, noDue, { dryRun: false, creditor: 'Banco Novo' }, actor())).fileIssues).toEqual([
      { code: 'missing_columns', params: { fields: ['dueDate'], headers: HEADER.replace('Vencimento', 'Observação').split(';') } },
    ]);
    // "1.234" alone: one thousand reais or one real? Nothing in the file decides it.
    const ambiguous = Buffer.from(`nome,cpf,contrato,saldo,vencimento\nZé,${cpf(30)},Z-1,1.234,2025-01-01\nZé,${cpf(30)},Z-2,500,2025-01-01\n`);
    const amb = await importPortfolio(t.db, ambiguous, { dryRun: false, creditor: 'Banco Novo' }, actor());
    expect(amb).toMatchObject({ delimiter: ',', numberFormat: null, rowIssues: [{ line: 2, code: 'ambiguous_number', params: { field: 'balance', value: '1.234' } }] });
    const decided = await importPortfolio(t.db, ambiguous, { dryRun: true, creditor: 'Banco Novo', numberFormat: 'pt-BR' }, actor());
    expect(decided).toMatchObject({ ok: true, accounts: { created: 2 } });
    expect(await count('accounts')).toBe(before);
  });

  it('refuses an account number that exists under another CPF, and an account of another team for a supervisor', async () => {
    const list = people().slice(0, 2);
    list[0]!.doc = cpf(99);
    const report = await importPortfolio(t.db, latin1(list), { dryRun: true, creditor: 'Banco Latino' }, actor());
    expect(report.rowIssues).toEqual([{ line: 2, code: 'account_customer_mismatch', params: { accountNumber: 'A-1' } }]);
    const south = (await t.db.selectFrom('teams').select('id').where('name', '=', 'south').executeTakeFirstOrThrow()).id;
    const seeded = `nome;cpf;contrato;saldo;vencimento\nCliente;529.982.247-25;N-acc-south;10,00;01/01/2025\n`;
    const scoped = await importPortfolio(t.db, seeded, { dryRun: false, creditor: 'Banco Exemplo', scopeTeamId: 'not-south' }, actor());
    expect(scoped.rowIssues).toEqual([{ line: 2, code: 'account_out_of_scope', params: { accountNumber: 'N-acc-south' } }]);
    const allowed = await importPortfolio(t.db, seeded, { dryRun: true, creditor: 'Banco Exemplo', scopeTeamId: south }, actor());
    expect(allowed).toMatchObject({ ok: true, accounts: { updated: 1 } });
  });

  it('saves the column mapping per creditor on a real import and reuses it on the next file', async () => {
    const file = (n: number) => Buffer.from(`Cliente;Doc;Operação;Saldo Atual;Dt Venc\nMaria;${cpf(40 + n)};OP-${n};10,00;01/01/2025\n`, 'latin1');
    const unmapped = await importPortfolio(t.db, file(1), { dryRun: true, creditor: 'Banco Mapa' }, actor());
    expect(unmapped.fileIssues).toMatchObject([{ code: 'missing_columns', params: { fields: ['accountNumber'] } }]);
    // A dry run with a mapping does not save it.
    expect(await importPortfolio(t.db, file(1), { dryRun: true, creditor: 'Banco Mapa', mapping: { accountNumber: 'Operação' } }, actor())).toMatchObject({ ok: true, mappingSaved: false });
    expect((await importPortfolio(t.db, file(1), { dryRun: true, creditor: 'Banco Mapa' }, actor())).ok).toBe(false);
    const first = await importPortfolio(t.db, file(1), { dryRun: false, creditor: 'Banco Mapa', mapping: { accountNumber: 'Operação' } }, actor());
    expect(first).toMatchObject({ committed: true, mappingSaved: true, mapping: { accountNumber: { header: 'Operação', source: 'given' } } });
    const next = await importPortfolio(t.db, file(2), { dryRun: false, creditor: ' Banco  Mapa ' }, actor());
    expect(next).toMatchObject({ committed: true, creditor: 'Banco Mapa', accounts: { created: 1 }, mapping: { accountNumber: { header: 'Operação', source: 'saved' }, name: { header: 'Cliente' } } });
    // Another creditor has its own (none yet).
    expect((await importPortfolio(t.db, file(3), { dryRun: true, creditor: 'Banco Outro' }, actor())).ok).toBe(false);
  });

  it('HTTP: supervisors and admins import the raw file; dry run, import into the team pool, 422 with the report, scope', async () => {
    const token = async (username: string) => (await call(server.url, 'POST', '/v1/auth/login', { body: { username, password: PASSWORD } })).body.token as string;
    const sup = await token('sup-north');
    const agent = await token('ana');
    const admin = await token('admin');
    const post = async (tok: string, query: string, body: Uint8Array, contentType = 'text/csv') => {
      const res = await fetch(`${server.url}/v1/imports/portfolio?${query}`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': contentType }, body: new Uint8Array(body) });
      return { status: res.status, body: await res.json() };
    };
    const file = latin1(people().map((p) => ({ ...p, account: `H-${p.account}` })));
    expect((await post(agent, 'creditor=Banco%20HTTP', file)).status).toBe(403);
    expect((await post(sup, 'dryRun=true', file)).body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const dry = await post(sup, 'creditor=Banco%20HTTP&dryRun=true', file);
    expect(dry).toMatchObject({ status: 200, body: { ok: true, dryRun: true, committed: false, accounts: { created: 7 } } });
    const bad = await post(sup, 'creditor=Banco%20HTTP&dryRun=false', latin1(badPeople()));
    expect(bad).toMatchObject({ status: 422, body: { ok: false, committed: false, rowIssueCount: 8, badRows: 6 } });
    expect(bad.body.rowIssues[0]).toEqual({ line: 4, code: 'invalid_document', params: { value: '123.456.789-00' } });
    const pdf = await post(sup, 'creditor=Banco%20HTTP&dryRun=false', Buffer.from('%PDF-1.4 ...'), 'application/octet-stream');
    expect(pdf).toMatchObject({ status: 422, body: { fileIssues: [{ code: 'unsupported_file_type', params: { detected: 'pdf' } }] } });
    const south = (await t.db.selectFrom('teams').select('id').where('name', '=', 'south').executeTakeFirstOrThrow()).id;
    const north = (await t.db.selectFrom('teams').select('id').where('name', '=', 'north').executeTakeFirstOrThrow()).id;
    expect((await post(sup, `creditor=Banco%20HTTP&dryRun=false&team=${south}`, file)).status).toBe(403);
    const real = await post(sup, 'creditor=Banco%20HTTP&dryRun=false', file);
    expect(real).toMatchObject({ status: 200, body: { ok: true, committed: true, teamId: north, pooled: 7 } });
    const pooled = await t.db
      .selectFrom('accounts as a')
      .innerJoin('assignments as s', 's.account_id', 'a.id')
      .select(['s.team_id', 's.user_id'])
      .where('a.creditor', '=', 'Banco HTTP')
      .execute();
    expect(pooled).toHaveLength(7);
    expect(pooled.every((p) => p.team_id === north && p.user_id === null)).toBe(true);
    // An agent of the team pulls what the import pooled.
    const pulled = await call(server.url, 'GET', '/v1/sync/pull?limit=1000', { token: agent });
    const numbers = new Set(pulled.body.changes.filter((c: { entity: string }) => c.entity === 'account').map((c: { data: { accountNumber: string } }) => c.data.accountNumber));
    for (const p of people()) expect(numbers.has(`H-${p.account}`)).toBe(true);
    // The XLSX content type, a mapping in the query, and the saved mapping read back.
    const xlsx = await post(
      admin,
      `creditor=Banco%20XLSX&dryRun=false&mapping=${encodeURIComponent(JSON.stringify({ accountNumber: 'Número da Conta' }))}`,
      await xlsxOf(people()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx).toMatchObject({ status: 200, body: { committed: true, format: 'xlsx', teamId: null, pooled: 0, mappingSaved: true } });
    const mapping = await call(server.url, 'GET', '/v1/imports/portfolio/mapping?creditor=Banco%20XLSX', { token: sup });
    expect(mapping.body).toMatchObject({ creditor: 'Banco XLSX', saved: { accountNumber: 'Número da Conta', balance: 'Saldo' }, required: ['name', 'document', 'accountNumber', 'balance', 'dueDate'] });
    expect((await post(admin, 'creditor=X&mapping=%7B%22saldo%22%3A%22Saldo%22%7D', file)).body).toMatchObject({ error: { code: 'invalid_input' } });
    expect((await post(admin, 'creditor=X&dryRun=true&team=nope', file)).status).toBe(404);
  });
});

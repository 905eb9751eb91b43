// `npm run bench -- export`: call-outcome report exports on the real PostgreSQL, in a database of their own.
// 1,000,000 attempts (50 agents in 5 teams, 50,000 accounts, a promise on every promise-to-pay) are made by
// INSERT … SELECT generate_series, then:
//   - CSV export (the server's keyset-paged writer, to a file) vs `psql \copy (the same query) TO file` in the
//     same run (target ≤ 2×);
//   - XLSX export in a child process, whose peak RSS is read from process.resourceUsage().maxRSS (target ≤ 400 MB);
//   - the same CSV streamed over HTTP from the route, for the record;
//   - the PDF summary (database totals), for the record.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { newToken, tokenHash } from '../src/server/auth/tokens';
import { openDatabase, type ServerDatabase, type ServerDb } from '../src/server/db/database';
import { prepareExport, type ExportFormat } from '../src/server/reports/export';
import { resolveFilters } from '../src/server/reports/filters';
import { outcomesStatement, type ReportViewer } from '../src/server/reports/outcomes-query';
import { adminUrl, startTestServer } from '../src/server/test-support';
import { median, nowMs, round } from './stats';

const run = promisify(execFile);
const ROWS = 1_000_000;
const ADMIN: ReportViewer = { role: 'admin', teamId: null, fullDocuments: true };

export async function seed(db: ServerDb, rows: number): Promise<void> {
  await db.connection().execute(async (conn) => seedOn(conn, rows));
}

async function seedOn(db: Kysely<ServerDatabase>, rows: number): Promise<void> {
  const q = (text: string) => sql.raw(text).execute(db);
  // Generated rows reference rows generated just before: skip the per-row foreign-key triggers (superuser,
  // this connection only) so a million attempts take seconds, not minutes.
  await q('SET session_replication_role = replica');
  await q(`INSERT INTO teams (id, name, created_at) SELECT 'team-' || g, 'Equipe ' || g, 0 FROM generate_series(1, 5) g`);
  await q(`INSERT INTO users (id, username, display_name, password_hash, role, team_id, created_at)
    SELECT 'u-' || g, 'agente' || g, 'Agente ' || g, 'x', 'agent', 'team-' || (g % 5 + 1), 0 FROM generate_series(1, 50) g`);
  await q(`INSERT INTO customers (id, name, document_kind, document, time_zone, language, flags, updated_at)
    SELECT 'cus-' || g, 'Cliente ' || g, 'cpf', lpad(g::text, 11, '0'), 'America/Sao_Paulo', 'pt-BR', '{}', 0
    FROM generate_series(1, 50000) g`);
  await q(`INSERT INTO accounts (id, customer_id, creditor, product, account_number, currency, original_balance_cents,
      current_balance_cents, due_date, status, updated_at)
    SELECT 'acc-' || g, 'cus-' || g, (ARRAY['Banco A', 'Banco B', 'Financeira C'])[g % 3 + 1], 'Cartão', 'N-' || g, 'BRL',
      100000 + g, 90000 + g, '2025-01-10', 'open', 0 FROM generate_series(1, 50000) g`);
  await q(`INSERT INTO events (id, device_id, seq, user_id, type, payload, created_at, received_at, status)
    VALUES ('00000000-0000-7000-8000-000000000001', 'bench', 1, 'u-1', 'contact.logged', '{}', 0, 0, 'accepted')`);
  // One attempt every 30 s from 2025-01-01: a year of a busy floor.
  await q(`INSERT INTO contact_attempts (id, event_id, account_id, customer_id, channel, direction, number, started_at,
      answered_at, ended_at, sip_status, disposition, agent_id, script_id, script_version, script_variant, strategy_variant,
      notes, device_id, received_at)
    SELECT 'att-' || lpad(g::text, 8, '0'), '00000000-0000-7000-8000-000000000001', 'acc-' || (g % 50000 + 1), 'cus-' || (g % 50000 + 1),
      'phone', 'outbound', '+55119' || lpad((g % 100000000)::text, 8, '0'), 1735700000000 + g::bigint * 30000,
      NULL, 1735700000000 + g::bigint * 30000 + (g % 600) * 1000, 200,
      (ARRAY['no_answer','busy','voicemail','wrong_number','third_party','refused','promise_to_pay','installment_plan',
        'paid_already','dispute','callback','deceased'])[g % 12 + 1],
      'u-' || (g % 50 + 1), 'cobranca-padrao', 3, (ARRAY['A', 'B'])[g % 2 + 1], (ARRAY['A', 'B'])[g / 7 % 2 + 1],
      CASE WHEN g % 97 = 0 THEN '=HYPERLINK("x")' WHEN g % 5 = 0 THEN 'Cliente pediu retorno; disse "amanhã", ok' ELSE 'Nota ' || g END,
      'bench', 1
    FROM generate_series(1, ${rows}) g`);
  await q(`INSERT INTO promises (id, event_id, account_id, attempt_id, amount_cents, currency, due_date, status, created_at, user_id)
    SELECT 'pro-' || ca.id, ca.event_id, ca.account_id, ca.id, 10000 + (substr(ca.id, 5)::int % 90000), 'BRL', '2025-12-20', 'pending', ca.started_at, ca.agent_id
    FROM contact_attempts ca WHERE ca.disposition = 'promise_to_pay'`);
  await q('SET session_replication_role = DEFAULT');
  await q('ANALYZE');
}

/** The report query with its parameters written in, for psql. */
function inlineStatement(db: ServerDb, statement: ReturnType<typeof outcomesStatement>): string {
  const compiled = statement.compile(db);
  return compiled.sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const value = compiled.parameters[Number(n) - 1];
    return typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
  });
}

async function exportToFile(db: ServerDb, format: ExportFormat, file: string, asOf: number): Promise<{ rows: number; ms: number; bytes: number }> {
  const started = nowMs();
  const filters = resolveFilters({ asOf }, asOf);
  const prepared = await prepareExport(db, { format, filters, viewer: ADMIN, locale: 'pt-BR' }, asOf);
  const rows = await prepared.write(createWriteStream(file));
  return { rows, ms: round(nowMs() - started, 0), bytes: statSync(file).size };
}

/** Child mode: one export, then its own peak RSS on stdout. */
async function child(url: string, format: ExportFormat, file: string, asOf: number): Promise<void> {
  const db = await openDatabase({ kind: 'postgres', url });
  const result = await exportToFile(db, format, file, asOf);
  await db.destroy();
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMb: round(process.resourceUsage().maxRSS / 1024, 0) })}\n`);
}

function runChild(url: string, format: ExportFormat, file: string, asOf: number): Promise<{ rows: number; ms: number; bytes: number; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, 'child', url, format, file, String(asOf)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`export child exited with ${code}`))));
  });
}

/** `xlsx: false` leaves out the (slow) XLSX run and the extras, for quick CSV-only measurements. */
export async function exportBench(options: { rows?: number; xlsx?: boolean } = {}): Promise<Record<string, unknown>> {
  const rows = options.rows ?? ROWS;
  const name = `quita_bench_export_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'quita-export-bench-'));
  const db = await openDatabase({ kind: 'postgres', url: url.toString() });
  try {
    let t = nowMs();
    await seed(db, rows);
    const seedMs = round(nowMs() - t, 0);
    const asOf = Date.now();
    console.error(`export bench: ${rows.toLocaleString('en')} attempts made in ${seedMs} ms`);

    const statement = inlineStatement(db, outcomesStatement(resolveFilters({ asOf }, asOf), ADMIN));
    const psqlFile = join(dir, 'psql.csv');
    const psqlCopy = async () => {
      const t0 = nowMs();
      await run('psql', [url.toString(), '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy (${statement}) TO '${psqlFile}' WITH (FORMAT csv, HEADER)`], { maxBuffer: 1 << 20 });
      return round(nowMs() - t0, 0);
    };
    // Alternating rounds, medians compared: on a shared machine one run of either can be far off.
    const psqlMs: number[] = [];
    const csvRuns: { rows: number; ms: number; bytes: number }[] = [];
    for (let i = 0; i < 3; i++) {
      psqlMs.push(await psqlCopy());
      csvRuns.push(await exportToFile(db, 'csv', join(dir, 'export.csv'), asOf));
      console.error(`export bench: csv ${csvRuns[i]!.ms} ms vs psql \\copy ${psqlMs[i]} ms`);
    }
    const csvMs = csvRuns.map((r) => r.ms);
    const csv = { rows: csvRuns[0]!.rows, bytes: csvRuns[0]!.bytes, ms: median(csvMs), runsMs: csvMs };
    const psql = { ms: median(psqlMs), runsMs: psqlMs, bytes: statSync(psqlFile).size };
    const csvFigures = { ...csv, psqlCopy: psql, ratioToPsql: round(csv.ms / psql.ms, 2), target: '≤ 2× psql \\copy (medians of 3 alternating runs)' };

    if (options.xlsx === false) {
      return { rows, seedMs, csv: csvFigures };
    }
    const xlsx = await runChild(url.toString(), 'xlsx', join(dir, 'export.xlsx'), asOf);
    console.error(`export bench: xlsx ${xlsx.ms} ms, peak RSS ${xlsx.maxRssMb} MB`);
    const csvChild = await runChild(url.toString(), 'csv', join(dir, 'export-child.csv'), asOf);

    // The route, over real HTTP: the bytes a supervisor's download receives.
    const server = await startTestServer({ db });
    let http: { ms: number; bytes: number; rows: number };
    try {
      await sql`INSERT INTO users (id, username, display_name, password_hash, role, team_id, created_at)
        VALUES ('u-admin', 'bench-admin', 'Bench admin', 'x', 'admin', NULL, 0)`.execute(db);
      const token = newToken();
      await sql`INSERT INTO sessions (token_hash, user_id, expires_at, created_at)
        VALUES (${tokenHash(token)}, 'u-admin', ${Date.now() + 3_600_000}, 0)`.execute(db);
      t = nowMs();
      const res = await fetch(`${server.url}/v1/reports/outcomes.csv?asOf=${asOf}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`route answered ${res.status}: ${await res.text()}`);
      let bytes = 0;
      const reader = res.body!.getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) bytes += next.value.byteLength;
      http = { ms: round(nowMs() - t, 0), bytes, rows: Number(res.headers.get('x-report-rows')) };
    } finally {
      await server.close();
    }
    const pdf = await exportToFile(db, 'pdf', join(dir, 'summary.pdf'), asOf);

    return {
      rows,
      seedMs,
      csv: csvFigures,
      csvInChild: csvChild,
      csvOverHttp: http,
      xlsx: { ...xlsx, target: 'peak RSS ≤ 400 MB' },
      pdfSummary: { ms: pdf.ms, bytes: pdf.bytes },
    };
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
    const drop = new pg.Client({ connectionString: adminUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  }
}

if (process.argv[2] === 'child' && process.argv[1] === import.meta.filename) {
  const [, , , url, format, file, asOf] = process.argv;
  child(url!, format as ExportFormat, file!, Number(asOf)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

// Portfolio import figures (issue 9 "Figures": 100,000 rows, dry run + import, <= 20 s on PostgreSQL).
// The file is what a creditor sends: the demo portfolio written as Latin-1 CSV with ';', pt-BR amounts
// ("1.234,56"), dd/mm/yyyy dates, masked CPF/CNPJ, national phone formats, e-mail, address, boleto line and
// PIX key. Each engine gets a fresh database (PostgreSQL: a database of its own, dropped after; PGlite: in
// memory) with one team, and runs: dry run, import into the team's pool (all new), then a second file with
// changed balances: dry run and import again (all updates).
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { formatDocument } from '../src/shared/domain/document';
import { formatPhone } from '../src/shared/domain/phone';
import { generatePortfolio } from '../src/shared/demo/portfolio';
import { todayIn } from '../src/shared/domain/dates';
import { createTeam } from '../src/server/admin';
import { openDatabase } from '../src/server/db/database';
import { importPortfolio } from '../src/server/import/portfolio';
import type { PortfolioImportReport } from '../src/server/import/report';
import { scratchDatabase, type Engine } from '../src/server/test-support';
import { nowMs, round } from './stats';

const TZ = 'America/Sao_Paulo';
const CREDITOR = 'Banco Demo';

export interface ImportBenchOptions {
  rows: number;
  engines: Engine[];
}

export const defaultImportBench: ImportBenchOptions = {
  rows: Number(process.env.IMPORT_BENCH_ROWS ?? 100_000),
  engines: (process.env.IMPORT_BENCH_ENGINES?.split(',').filter(Boolean) as Engine[] | undefined) ?? ['postgres', 'pglite'],
};

const brl = (cents: number) => {
  const [int, frac] = (cents / 100).toFixed(2).split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${frac}`;
};
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const field = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The demo portfolio as a creditor's CSV; `balanceShift` changes every third balance (a later month's file). */
export function portfolioCsv(rows: number, balanceShift = 0): { bytes: Buffer; buildMs: number } {
  const started = nowMs();
  const now = Date.UTC(2026, 5, 15, 15);
  const p = generatePortfolio({ seed: 9, accounts: rows, today: todayIn(TZ, now), now });
  const customers = new Map(p.customers.map((c) => [c.id, c]));
  const lines = ['Nome;CPF/CNPJ;Contrato;Produto;Saldo;Valor Original;Vencimento;Celular;Telefone;E-mail;Endereço;Cidade;UF;CEP;Linha Digitável;Chave PIX'];
  p.accounts.forEach((a, i) => {
    const c = customers.get(a.customerId)!;
    const mobile = c.phones.find((ph) => ph.kind === 'mobile');
    const other = c.phones.find((ph) => ph !== mobile);
    const balance = balanceShift && i % 3 === 0 ? Math.max(0, a.currentBalanceCents - balanceShift) : a.currentBalanceCents;
    lines.push(
      [
        c.name,
        formatDocument(c.documentKind, c.document),
        a.accountNumber,
        a.product,
        brl(balance),
        brl(a.originalBalanceCents),
        ddmmyyyy(a.dueDate),
        mobile ? formatPhone(mobile.e164, 'national') : '',
        other ? formatPhone(other.e164, 'national') : '',
        c.emails[0] ?? '',
        c.address?.street ?? '',
        c.address?.city ?? '',
        c.address?.state ?? '',
        c.address?.postalCode ?? '',
        a.boletoLine ?? '',
        a.pixKey ?? '',
      ]
        .map(field)
        .join(';'),
    );
  });
  return { bytes: Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'), buildMs: nowMs() - started };
}

/**
 * CPU time (ms) of the PostgreSQL backends serving `database` (their process titles name it), read from /proc:
 * with the wall clock of a machine shared with other jobs, this and our own CPU time say what the import costs.
 * Null when PostgreSQL runs elsewhere (or as PGlite, inside this process).
 */
function backendCpuMs(database: string): number | null {
  let ticks = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      if (!title.startsWith('postgres: ') || !title.includes(` ${database} `)) continue;
      // Fields after the parenthesised command: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? (ticks * 1000) / 100 : null; // USER_HZ is 100 on Linux
}

function summary(r: PortfolioImportReport) {
  return { ok: r.ok, committed: r.committed, accounts: r.accounts, customers: r.customers, pooled: r.pooled, rowIssues: r.rowIssueCount, firstIssue: r.rowIssues[0] ?? r.fileIssues[0] ?? null };
}

export async function importBench(options: ImportBenchOptions = defaultImportBench) {
  const first = portfolioCsv(options.rows);
  const second = portfolioCsv(options.rows, 1_000);
  const out: Record<string, unknown> = {
    target: `dry run + import of ${options.rows.toLocaleString('en-US')} rows <= 20 s on PostgreSQL`,
    file: { rows: options.rows, megabytes: round(first.bytes.length / 1e6, 1), encoding: 'windows-1252', generateMs: round(first.buildMs, 0) },
  };
  for (const engine of options.engines) {
    const scratch = await scratchDatabase(engine);
    const db = await openDatabase(scratch.target);
    const database = scratch.target.kind === 'postgres' ? new URL(scratch.target.url).pathname.slice(1) : null;
    try {
      await createTeam(db, 'bench', { userId: null, now: Date.now() });
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      const run = async (bytes: Buffer, dryRun: boolean) => {
        const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
        const started = nowMs();
        const cpu = process.cpuUsage();
        const pgBefore = database ? backendCpuMs(database) : null;
        try {
          const report = await importPortfolio(db, bytes, { dryRun, creditor: CREDITOR, team: { name: 'bench' } }, { userId: null, now: Date.now() });
          const used = process.cpuUsage(cpu);
          const pgAfter = database ? backendCpuMs(database) : null;
          return { ms: nowMs() - started, nodeCpuMs: (used.user + used.system) / 1000, pgCpuMs: pgBefore !== null && pgAfter !== null ? pgAfter - pgBefore : null, report };
        } finally {
          clearInterval(timer);
        }
      };
      const dry = await run(first.bytes, true);
      const real = await run(first.bytes, false);
      const dry2 = await run(second.bytes, true);
      const real2 = await run(second.bytes, false);
      const figures = (d: typeof dry, r: typeof dry) => ({
        dryRunMs: round(d.ms, 0),
        importMs: round(r.ms, 0),
        totalSeconds: round((d.ms + r.ms) / 1000, 2),
        // This process's own CPU time (parse, validate, plan): wall time on a shared machine is mostly waiting.
        nodeCpuMs: { dryRun: round(d.nodeCpuMs, 0), import: round(r.nodeCpuMs, 0) },
        ...(d.pgCpuMs !== null && r.pgCpuMs !== null
          ? {
              postgresCpuMs: { dryRun: d.pgCpuMs, import: r.pgCpuMs },
              cpuSeconds: round((d.nodeCpuMs + r.nodeCpuMs + d.pgCpuMs + r.pgCpuMs) / 1000, 2),
            }
          : {}),
      });
      out[engine] = {
        loadAverage1m: round(loadavg()[0]!, 1),
        newFile: { ...figures(dry, real), dryRun: summary(dry.report), import: summary(real.report) },
        updateFile: { ...figures(dry2, real2), import: summary(real2.report) },
        // The process also holds both generated files and the generator's garbage: the growth is the import's.
        rssBeforeMb: round(rssBefore / 1e6, 0),
        peakRssMb: round(peakRss / 1e6, 0),
      };
      console.log(`import ${engine}: ${JSON.stringify(out[engine])}`);
    } finally {
      await db.destroy();
      await scratch.drop();
    }
  }
  return out;
}

// `npm run server -- import-portfolio <file> …`: the portfolio import from the command line, with progress on
// stderr and the report in words. Exit codes: 0 imported (or a clean dry run), 1 problems (nothing written),
// 2 usage.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ServerDb } from '../db/database';
import { formatPortfolioReport, progressPrinter } from './cli-report';
import { parseMappingArg } from './fields';
import { importPortfolio } from './portfolio';
import { PORTFOLIO_FIELDS } from './report';

export const IMPORT_PORTFOLIO_USAGE = `  import-portfolio <file.csv|file.xlsx> [--creditor <name>] [--team <name>] [--dry-run]
                   [--mapping field=Header,...] [--number-format pt-BR|en]
      CSV (UTF-8 or Latin-1, ';' or ',') or XLSX (first sheet). Columns are found by common Portuguese or
      English headers (nome, cpf/cnpj, contrato, saldo, vencimento, telefone, celular, email, uf, cep,
      linha digitável, chave pix…); --mapping names others, e.g. --mapping "balance=Saldo Atual,accountNumber=Nº Op".
      Fields: ${PORTFOLIO_FIELDS.join(', ')}.
      With --creditor every row is that creditor's and the mapping used is saved for its next file;
      without it the file needs a credor/creditor column. Upserts accounts by (creditor, account number) and
      customers by CPF/CNPJ; a re-import updates balances and contacts, never duplicates. --team puts new
      accounts in that team's pool. Any bad row: every one is listed by line and nothing is written.`;

function fail(message: string): number {
  console.error(`Error: ${message}\n\n${IMPORT_PORTFOLIO_USAGE}`);
  return 2;
}

export async function importPortfolioCommand(argv: string[], open: (dataDir: string | undefined) => Promise<ServerDb>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        creditor: { type: 'string' },
        team: { type: 'string' },
        'dry-run': { type: 'boolean' },
        mapping: { type: 'string' },
        'number-format': { type: 'string' },
        'data-dir': { type: 'string' },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
  const { positionals, values } = parsed;
  const [file, ...extra] = positionals;
  if (!file || extra.length) return fail('import-portfolio needs exactly one file');
  const mapping = values.mapping ? parseMappingArg(values.mapping) : { ok: true as const, mapping: {} };
  if (!mapping.ok) return fail(`--mapping: not field=Header: ${mapping.unknown.join(', ')}`);
  const numberFormat = values['number-format'];
  if (numberFormat !== undefined && numberFormat !== 'pt-BR' && numberFormat !== 'en') return fail('--number-format is pt-BR or en');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    console.error(`Error: cannot read "${file}".`);
    return 1;
  }
  const db = await open(values['data-dir']);
  try {
    const report = await importPortfolio(
      db,
      bytes,
      {
        dryRun: values['dry-run'] ?? false,
        creditor: values.creditor ?? null,
        team: values.team ? { name: values.team } : null,
        mapping: mapping.mapping,
        numberFormat: numberFormat ?? null,
        onProgress: progressPrinter(process.stderr),
      },
      { userId: null, now: Date.now() },
    );
    const printed = formatPortfolioReport(report);
    for (const line of printed.head) console.log(line);
    for (const line of printed.err) console.error(line);
    for (const line of printed.out) console.log(line);
    return printed.exitCode;
  } finally {
    await db.destroy();
  }
}

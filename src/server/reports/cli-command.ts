// `npm run server -- export-outcomes --format csv|xlsx|pdf --out <file> [filters]`: the same export as the
// HTTP routes, written to a file, with progress (rows written / total) on stderr. The operator holds the
// database itself, so the CLI exports as an admin; whole documents only with --full-documents.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ServerDb } from '../db/database';
import { auditExport, prepareExport, type ExportFormat } from './export';
import { ExportQuery, resolveFilters } from './filters';

export const EXPORT_USAGE = `  export-outcomes --format csv|xlsx|pdf --out <file> [--from <date|ms>] [--to <date|ms>] [--time-zone <IANA>]
      [--team <name>] [--agent <username>] [--disposition a,b] [--portfolio <creditor>]...
      [--locale pt-BR|en] [--separator ';'|','] [--full-documents]
      Call-outcome report. Dates are the office's (default America/Sao_Paulo or QUITA_OFFICE_TIME_ZONE),
      --to inclusive. Documents are masked to their last digits unless --full-documents.`;

export class ExportCliError extends Error {}

const FORMATS = ['csv', 'xlsx', 'pdf'] as const;

export async function exportOutcomesCommand(
  argv: string[],
  open: (dataDir: string | undefined) => Promise<ServerDb>,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'time-zone': { type: 'string' },
      team: { type: 'string' },
      agent: { type: 'string' },
      disposition: { type: 'string', multiple: true },
      portfolio: { type: 'string', multiple: true },
      locale: { type: 'string' },
      separator: { type: 'string' },
      'full-documents': { type: 'boolean' },
    },
  });
  if (positionals.length > 0) throw new ExportCliError(`export-outcomes takes no positional arguments (got "${positionals.join(' ')}").`);
  const format = values.format as ExportFormat | undefined;
  if (!format || !FORMATS.includes(format)) throw new ExportCliError('export-outcomes needs --format csv, xlsx or pdf.');
  if (!values.out) throw new ExportCliError('export-outcomes needs --out <file>.');

  const db = await open(values['data-dir']);
  try {
    const teamId = values.team ? (await db.selectFrom('teams').select('id').where('name', '=', values.team.trim()).executeTakeFirst())?.id : undefined;
    if (values.team && !teamId) throw new ExportCliError(`No team named "${values.team}".`);
    const agentId = values.agent ? (await db.selectFrom('users').select('id').where('username', '=', values.agent).executeTakeFirst())?.id : undefined;
    if (values.agent && !agentId) throw new ExportCliError(`No user named "${values.agent}".`);
    const query = ExportQuery.safeParse({
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
      ...(teamId ? { team: teamId } : {}),
      ...(agentId ? { agent: agentId } : {}),
      ...(values.disposition ? { disposition: values.disposition } : {}),
      ...(values.portfolio ? { portfolio: values.portfolio } : {}),
      ...(values.locale ? { locale: values.locale } : {}),
      ...(values.separator ? { separator: values.separator } : {}),
    });
    if (!query.success) {
      const option = (path: string) => `--${path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new ExportCliError(query.error.issues.map((i) => `${option(String(i.path[0] ?? ''))}: ${i.message}`).join('\n'));
    }
    const { locale, separator, ...rest } = query.data;
    const now = Date.now();
    const filters = resolveFilters(rest, now);
    const viewer = { role: 'admin' as const, teamId: null, fullDocuments: values['full-documents'] ?? false };
    const prepared = await prepareExport(db, { format, filters, viewer, locale, ...(separator ? { separator } : {}) }, now);
    await auditExport(db, { at: now, actorUserId: null, address: 'cli', format, filters, rows: prepared.total, fullDocuments: viewer.fullDocuments });

    // Written beside the target and renamed at the end: a cut-short export never leaves a plausible-looking file.
    const partial = `${values.out}.partial`;
    const output = createWriteStream(partial);
    const tty = Boolean((stderr as { isTTY?: boolean }).isTTY);
    let lastShown = -1;
    const show = (written: number, total: number) => {
      const percent = total > 0 ? Math.floor((written / total) * 100) : 100;
      if (!tty && lastShown >= 0 && percent < 100 && percent < lastShown + 10) return;
      lastShown = percent;
      stderr.write(`${tty ? '\r' : ''}Rows written: ${written.toLocaleString('en')} / ${total.toLocaleString('en')} (${percent}%)${tty ? '' : '\n'}`);
    };
    show(0, prepared.total);
    let written: number;
    try {
      written = await prepared.write(output, show);
      await rename(partial, values.out);
    } catch (error) {
      output.destroy();
      await rm(partial, { force: true });
      throw error;
    }
    if (tty) stderr.write('\n');
    stderr.write(`Wrote ${values.out} (${format}, ${written.toLocaleString('en')} rows).\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

// The portfolio import report as the server CLI prints it: every problem on its own line ("Line 14: …"), then
// what the file was and what was (or would be) written.
import { describeIssue, type PortfolioImportReport } from './report';
import type { ImportProgress } from './portfolio';

/** `head` (stdout) says what the file is, `err` (stderr) every problem, `out` (stdout) what was written. */
export function formatPortfolioReport(report: PortfolioImportReport): { head: string[]; err: string[]; out: string[]; exitCode: number } {
  const head: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const shape = [
    report.format?.toUpperCase(),
    report.encoding,
    report.delimiter && `separator "${report.delimiter}"`,
    report.numberFormat && `amounts ${report.numberFormat === 'pt-BR' ? '1.234,56' : '1234.56'}`,
  ].filter(Boolean);
  if (shape.length) head.push(`File: ${shape.join(', ')}; ${report.rows} row(s).`);
  const mapped = Object.entries(report.mapping).map(([field, m]) => `${field}←"${m.header}"${m.source === 'default' ? '' : ` (${m.source})`}`);
  if (mapped.length) head.push(`Columns: ${mapped.join(', ')}`);
  for (const issue of report.fileIssues) err.push(`File: ${describeIssue(issue)}`);
  for (const issue of report.rowIssues) err.push(`Line ${issue.line}: ${describeIssue(issue)} [${issue.code}]`);
  const summary = JSON.stringify({ accounts: report.accounts, customers: report.customers, pooled: report.pooled });
  if (!report.ok) {
    err.push(
      report.fileIssues.length
        ? 'The file cannot be imported; nothing was written.'
        : `${report.badRows} bad row(s) of ${report.rows}; nothing was written. Fix them and import again.`,
    );
    return { head, out, err, exitCode: 1 };
  }
  const { accounts: a, customers: c } = report;
  const verb = report.dryRun ? 'would be' : 'were';
  out.push(`Accounts: ${a.created} new, ${a.updated} updated, ${a.unchanged} unchanged; customers: ${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged (${verb} written).`);
  if (report.pooled) out.push(`${report.pooled} account(s) ${verb} put in the team's pool.`);
  if (report.mappingSaved) out.push(`Column mapping saved for ${report.creditor}.`);
  out.push(`${report.dryRun ? 'Dry run, nothing written. ' : ''}Summary: ${summary} (${(report.elapsedMs / 1000).toFixed(1)} s)`);
  return { head, out, err, exitCode: 0 };
}

/** Progress on stderr: one rewritten line on a terminal, a line per finished phase otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream): (p: ImportProgress) => void {
  let lastPhase = '';
  return (p) => {
    if (stream.isTTY) {
      stream.write(`\r${p.phase.padEnd(8)} ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}   `);
      if (p.done === p.total) stream.write('\n');
    } else if (p.done === p.total && p.phase !== lastPhase) {
      lastPhase = p.phase;
      stream.write(`${p.phase}: ${p.total.toLocaleString('en-US')} done\n`);
    }
  };
}

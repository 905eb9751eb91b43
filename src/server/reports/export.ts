// One export, whatever asked for it (an HTTP route or the CLI): count first (so the caller can show progress),
// then write page by page into a Writable, waiting for it to drain so a slow reader never makes rows pile up.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished as streamFinished } from 'node:stream/promises';
import type { Locale } from '../../shared/model';
import { audit } from '../audit';
import type { ServerDb } from '../db/database';
import { csvHeader, csvLine, defaultSeparator } from './csv-writer';
import type { CsvSeparator, ResolvedFilters } from './filters';
import { countOutcomes, outcomePages, summariseOutcomes, type ReportViewer } from './outcomes-query';
import { OfficeClock, toReportRow } from './report-row';

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ExportRequest {
  format: ExportFormat;
  filters: ResolvedFilters;
  viewer: ReportViewer;
  locale: Locale;
  separator?: CsvSeparator;
  pageSize?: number;
}

export type ProgressListener = (written: number, total: number) => void;

export interface PreparedExport {
  /** Rows the file will hold (for the PDF: the attempts it sums up). */
  total: number;
  contentType: string;
  fileName: string;
  /** Writes the whole file into `output` and ends it; resolves with the rows written. */
  write(output: Writable, onProgress?: ProgressListener): Promise<number>;
}

export class ExportAborted extends Error {
  constructor() {
    super('The reader went away before the export finished');
    this.name = 'ExportAborted';
  }
}

/** Waits until `output` takes more, or throws if it was closed or failed meanwhile. */
async function drained(output: Writable): Promise<void> {
  if (output.destroyed) throw new ExportAborted();
  if (!output.writableNeedDrain) return;
  const controller = new AbortController();
  try {
    await Promise.race([
      once(output, 'drain', { signal: controller.signal }),
      once(output, 'close', { signal: controller.signal }).then(() => {
        throw new ExportAborted();
      }),
    ]);
  } finally {
    controller.abort();
  }
}

/** Ends `output` (with a last chunk) and waits until everything was handed on. */
async function finished(output: Writable, last?: Buffer | string): Promise<void> {
  if (output.destroyed) throw new ExportAborted();
  const done = streamFinished(output, { readable: false });
  if (last === undefined) output.end();
  else output.end(last);
  await done;
}

export async function prepareExport(db: ServerDb, request: ExportRequest, now: number): Promise<PreparedExport> {
  const { filters, viewer, locale, format } = request;
  const fileName = `quita-outcomes-${new Date(now).toISOString().slice(0, 10)}.${format}`;
  const base = { contentType: CONTENT_TYPES[format], fileName };

  if (format === 'pdf') {
    const summary = await summariseOutcomes(db, filters, viewer);
    const [team, agent] = await Promise.all([
      filters.teamId ? db.selectFrom('teams').select('name').where('id', '=', filters.teamId).executeTakeFirst() : undefined,
      filters.agentId ? db.selectFrom('users').select('display_name').where('id', '=', filters.agentId).executeTakeFirst() : undefined,
    ]);
    return {
      ...base,
      total: summary.rows,
      write: async (output, onProgress) => {
        // pdfmake and exceljs are big: loaded on first use, not with every server start.
        const { renderSummaryPdf } = await import('./pdf-summary');
        const pdf = await renderSummaryPdf(summary, {
          locale,
          filters,
          teamName: team?.name ?? filters.teamId,
          agentName: agent?.display_name ?? filters.agentId,
          generatedAt: now,
        });
        await drained(output);
        await finished(output, pdf);
        onProgress?.(summary.rows, summary.rows);
        return summary.rows;
      },
    };
  }

  const total = await countOutcomes(db, filters, viewer);
  const clock = new OfficeClock(filters.timeZone);
  return {
    ...base,
    total,
    write: async (output, onProgress) => {
      let written = 0;
      const pages = outcomePages(db, filters, viewer, request.pageSize);
      if (format === 'csv') {
        const options = { locale, separator: request.separator ?? defaultSeparator(locale) };
        output.write(csvHeader(options));
        for await (const page of pages) {
          let chunk = '';
          for (const record of page) chunk += csvLine(toReportRow(record, clock, locale, viewer.fullDocuments), options);
          await drained(output);
          output.write(chunk);
          written += page.length;
          onProgress?.(written, total);
        }
        await finished(output);
        return written;
      }
      const { xlsxReportWriter } = await import('./xlsx-writer');
      const xlsx = xlsxReportWriter(output, locale);
      for await (const page of pages) {
        await xlsx.caughtUp();
        await drained(output);
        xlsx.addRows(page.map((record) => toReportRow(record, clock, locale, viewer.fullDocuments)));
        written += page.length;
        onProgress?.(written, total);
      }
      await xlsx.finish();
      return written;
    },
  };
}

/** Every export leaves an audit line: who took which customers' data out, with which filters. */
export async function auditExport(
  db: ServerDb,
  entry: { at: number; actorUserId: string | null; address?: string | null; format: ExportFormat; filters: ResolvedFilters; rows: number; fullDocuments: boolean },
): Promise<void> {
  await audit(db, {
    at: entry.at,
    actorUserId: entry.actorUserId,
    action: 'report.outcomes.exported',
    subject: entry.format,
    detail: { filters: entry.filters, rows: entry.rows, fullDocuments: entry.fullDocuments },
    address: entry.address ?? null,
  });
}

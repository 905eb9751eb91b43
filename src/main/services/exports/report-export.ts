// Call-outcome report exports for the supervisor: main asks the server for the count (the progress total, and
// the `asOf` bound so count and file agree), then streams the server's file straight to disk — a big export is
// never held in memory — reporting progress, and can be cancelled at any moment. Electron-free.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { ChannelOutput, ParsedInput, ReportExportProgress } from '../../../shared/contract';
import { QuitaError } from '../../dispatch';
import { CsvRowCounter } from './csv-row-counter';
import type { ExportTarget } from './export-target';
import { authorised, call, refusal, requireSession, type ServerCaller } from './server-request';

export type ReportFilters = ParsedInput<'report:count'>['filters'];
export type ExportRequest = ParsedInput<'report:export'>;
export type ExportResult = ChannelOutput<'report:export'>;

export interface ReportExporterDeps extends ServerCaller {
  target: ExportTarget;
  onProgress: (progress: ReportExportProgress) => void;
  /** At most one progress event per this many ms while writing (the last one always goes out). */
  progressIntervalMs?: number;
  clock?: () => number;
}

/** The server's query parameters for the filters. */
export function reportQuery(filters: ReportFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.from) query.set('from', filters.from);
  if (filters.to) query.set('to', filters.to);
  if (filters.team) query.set('team', filters.team);
  if (filters.agent) query.set('agent', filters.agent);
  if (filters.dispositions.length) query.set('disposition', filters.dispositions.join(','));
  // Creditor names may hold commas: one parameter each.
  for (const portfolio of filters.portfolios) query.append('portfolio', portfolio);
  return query;
}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR');
}

export class ReportExporter {
  private readonly running = new Map<string, AbortController>();
  /** Cancels that arrived before their export started (the renderer's call may overtake it). */
  private readonly cancelledEarly = new Set<string>();

  constructor(private readonly deps: ReportExporterDeps) {}

  async count(filters: ReportFilters, signal?: AbortSignal): Promise<ChannelOutput<'report:count'>> {
    const session = requireSession(this.deps.sessions);
    const response = await call(this.deps, `${session.serverUrl}/v1/reports/outcomes/count?${reportQuery(filters)}`, {
      headers: authorised(session),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) throw await refusal(response, 'Report count');
    const body = (await response.json()) as { rows: number; asOf: number; timeZone: string };
    return { rows: Number(body.rows), asOf: Number(body.asOf), timeZone: String(body.timeZone) };
  }

  cancel(exportId: string): boolean {
    const controller = this.running.get(exportId);
    if (controller) {
      controller.abort();
      return true;
    }
    this.cancelledEarly.add(exportId);
    return false;
  }

  async export(request: ExportRequest): Promise<ExportResult> {
    const { exportId, format } = request;
    if (this.running.has(exportId)) throw new QuitaError('conflict', `Export ${exportId} is already running`);
    const session = requireSession(this.deps.sessions);
    const controller = new AbortController();
    this.running.set(exportId, controller);
    if (this.cancelledEarly.delete(exportId)) controller.abort();
    const emit = (progress: Omit<ReportExportProgress, 'exportId'>) => this.deps.onProgress({ exportId, ...progress });
    const clock = this.deps.clock ?? Date.now;
    let partPath: string | null = null;
    let totalRows = 0;
    let rows: number | null = format === 'csv' ? 0 : null;
    let bytes = 0;
    try {
      emit({ phase: 'counting', rows: null, totalRows: null, bytes: 0 });
      const counted = await this.count(request.filters, controller.signal);
      totalRows = counted.rows;
      const fileName = `quita-outcomes-${new Date(counted.asOf).toISOString().slice(0, 10)}.${format}`;
      const destination = await this.deps.target.choose(fileName);
      if (!destination) controller.abort();
      if (controller.signal.aborted || !destination) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });

      const query = reportQuery(request.filters);
      query.set('asOf', String(counted.asOf));
      query.set('locale', request.locale);
      if (request.separator) query.set('separator', request.separator);
      const response = await call(this.deps, `${session.serverUrl}/v1/reports/outcomes.${format}?${query}`, {
        headers: authorised(session),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw await refusal(response, 'Report export');
      const announced = Number(response.headers.get('x-report-rows'));
      if (Number.isFinite(announced) && announced >= 0) totalRows = announced;
      emit({ phase: 'writing', rows, totalRows, bytes });

      const counter = format === 'csv' ? new CsvRowCounter() : null;
      const interval = this.deps.progressIntervalMs ?? 150;
      let lastEmit = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (counter) {
            counter.push(chunk);
            rows = counter.rows;
          }
          const now = clock();
          if (now - lastEmit >= interval) {
            lastEmit = now;
            emit({ phase: 'writing', rows, totalRows, bytes });
          }
          done(null, chunk);
        },
      });
      partPath = `${destination.path}.part`;
      await pipeline(
        Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>),
        meter,
        createWriteStream(partPath, { mode: 0o600 }),
        { signal: controller.signal },
      );
      await rename(partPath, destination.path);
      partPath = null;
      const downloadUrl = destination.publish(CONTENT_TYPES[format]);
      emit({ phase: 'done', rows, totalRows, bytes });
      return {
        exportId,
        status: 'done',
        fileName,
        rows,
        totalRows,
        bytes,
        savedTo: downloadUrl === null ? destination.path : null,
        downloadUrl,
      };
    } catch (error) {
      if (partPath) await rm(partPath, { force: true });
      if (controller.signal.aborted && (isAbort(error) || !(error instanceof QuitaError))) {
        emit({ phase: 'cancelled', rows, totalRows, bytes });
        return { exportId, status: 'cancelled', fileName: '', rows, totalRows, bytes, savedTo: null, downloadUrl: null };
      }
      emit({ phase: 'failed', rows, totalRows, bytes });
      if (error instanceof QuitaError) throw error;
      // The server hung up mid-file (it failed, or the network did): nothing half-written is left behind.
      throw new QuitaError('server_unreachable', `The export was cut short (${error instanceof Error ? error.message : String(error)})`);
    } finally {
      this.running.delete(exportId);
    }
  }
}

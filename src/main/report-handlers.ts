// The supervisor's report exports and portfolio import: report:count, report:export (+ cancel), import:stage,
// import:mapping, import:portfolio. Main calls the Quita server with the signed-in session's token; the
// renderer never holds it. Merged into the one handler map. Electron-free.
import type { HandlerMap } from './dispatch';
import { QuitaError } from './dispatch';
import type { EventSink } from './services/events';
import type { ExportTarget } from './services/exports/export-target';
import { PortfolioImports } from './services/exports/portfolio-import';
import { ReportExporter } from './services/exports/report-export';
import type { SessionSource } from './services/exports/server-request';

export interface ReportServices {
  dataDir: string;
  sessions: SessionSource;
  target: ExportTarget;
  fetch?: typeof globalThis.fetch;
  progressIntervalMs?: number;
}

export function createReportHandlers(services: ReportServices | undefined, emit: EventSink): Partial<HandlerMap> {
  if (!services) {
    // A handler map built without a data folder (some benches): the channels exist and say so.
    const unavailable = () => {
      throw new QuitaError('store_unavailable', 'Reports and imports are not set up in this host');
    };
    return {
      'report:count': unavailable,
      'report:export': unavailable,
      'report:export-cancel': unavailable,
      'import:stage': unavailable,
      'import:mapping': unavailable,
      'import:portfolio': unavailable,
    };
  }
  const caller = { sessions: services.sessions, ...(services.fetch ? { fetch: services.fetch } : {}) };
  const exporter = new ReportExporter({
    ...caller,
    target: services.target,
    onProgress: (progress) => emit('report:export-progress', progress),
    ...(services.progressIntervalMs !== undefined ? { progressIntervalMs: services.progressIntervalMs } : {}),
  });
  const imports = new PortfolioImports(services.dataDir, caller);
  return {
    'report:count': ({ filters }) => exporter.count(filters),
    'report:export': (input) => exporter.export(input),
    'report:export-cancel': ({ exportId }) => ({ cancelled: exporter.cancel(exportId) }),
    'import:stage': (input) => imports.stage(input),
    'import:mapping': ({ creditor }) => imports.mapping(creditor),
    'import:portfolio': (input) => imports.run(input),
  };
}

// The supervisor's call-outcome report export: the filters, how many calls match (report:count), and the export
// running in main (report:export) with the progress events main sends, until the file is saved or offered.
import type { AppError, ChannelOutput, ReportExportProgress, ReportFilterInput, ReportFormat } from '../../../shared/contract';
import type { Locale } from '../../../shared/model';
import type { QuitaSlice } from '../../store/types';

export type ReportFilters = {
  from: string;
  to: string;
  team: string | null;
  agent: string | null;
  dispositions: string[];
  portfolios: string[];
};

export type ExportResult = ChannelOutput<'report:export'>;

export interface ReportExportRun {
  exportId: string;
  format: ReportFormat;
  phase: ReportExportProgress['phase'];
  rows: number | null;
  totalRows: number | null;
  bytes: number;
  result: ExportResult | null;
  error: AppError | null;
}

export interface ReportsSlice {
  reportFilters: ReportFilters;
  /** The file's language (dates, numbers, headers); null = the screen's. */
  exportLocale: Locale | null;
  /** CSV separator; null = the locale's (';' for pt-BR, ',' for en). */
  exportSeparator: ',' | ';' | null;
  reportCount: ChannelOutput<'report:count'> | null;
  reportCountError: AppError | null;
  reportCountLoading: boolean;
  reportExport: ReportExportRun | null;
  setReportFilters(patch: Partial<ReportFilters>): void;
  setExportOptions(patch: { locale?: Locale | null; separator?: ',' | ';' | null }): void;
  countReportRows(): Promise<void>;
  startExport(format: ReportFormat): Promise<ExportResult | null>;
  cancelExport(): Promise<void>;
  applyExportProgress(progress: ReportExportProgress): void;
  dismissExport(): void;
}

/** The filters as the contract takes them (empty fields left out). */
export function filterInput(filters: ReportFilters): ReportFilterInput {
  return {
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(filters.team ? { team: filters.team } : {}),
    ...(filters.agent ? { agent: filters.agent } : {}),
    dispositions: filters.dispositions as ReportFilterInput['dispositions'],
    portfolios: filters.portfolios,
  };
}

/** 0..1 when the rows are counted (CSV), else null (XLSX/PDF: bytes only). */
export function exportFraction(run: Pick<ReportExportRun, 'rows' | 'totalRows' | 'phase'>): number | null {
  if (run.phase === 'done') return 1;
  if (run.rows === null || !run.totalRows) return null;
  return Math.min(1, run.rows / run.totalRows);
}

export const createReportsSlice: QuitaSlice<ReportsSlice> = (api) => (set, get) => {
  let countSeq = 0;
  return {
    reportFilters: { from: '', to: '', team: null, agent: null, dispositions: [], portfolios: [] },
    exportLocale: null,
    exportSeparator: null,
    reportCount: null,
    reportCountError: null,
    reportCountLoading: false,
    reportExport: null,

    setReportFilters(patch) {
      set((state) => ({ reportFilters: { ...state.reportFilters, ...patch } }));
    },

    setExportOptions(patch) {
      set((state) => ({
        exportLocale: patch.locale === undefined ? state.exportLocale : patch.locale,
        exportSeparator: patch.separator === undefined ? state.exportSeparator : patch.separator,
      }));
    },

    async countReportRows() {
      // Only the latest request's answer is shown (filters change faster than the server answers).
      const seq = ++countSeq;
      set({ reportCountLoading: true });
      const result = await api.invoke('report:count', { filters: filterInput(get().reportFilters) });
      if (seq !== countSeq) return;
      if (result.ok) set({ reportCount: result.value, reportCountError: null, reportCountLoading: false });
      else set({ reportCount: null, reportCountError: result.error, reportCountLoading: false });
    },

    async startExport(format) {
      const running = get().reportExport;
      if (running && (running.phase === 'counting' || running.phase === 'writing')) return null;
      const exportId = crypto.randomUUID();
      set({ reportExport: { exportId, format, phase: 'counting', rows: null, totalRows: null, bytes: 0, result: null, error: null } });
      const locale = get().exportLocale ?? get().locale;
      const separator = get().exportSeparator;
      const result = await api.invoke('report:export', {
        exportId,
        format,
        filters: filterInput(get().reportFilters),
        locale,
        ...(format === 'csv' && separator ? { separator } : {}),
      });
      const current = get().reportExport;
      if (!current || current.exportId !== exportId) return null;
      if (result.ok) {
        const value = result.value;
        set({
          reportExport: {
            ...current,
            phase: value.status === 'done' ? 'done' : 'cancelled',
            rows: value.rows,
            totalRows: value.totalRows,
            bytes: value.bytes,
            result: value,
            error: null,
          },
        });
        return value;
      }
      set({ reportExport: { ...current, phase: 'failed', error: result.error } });
      return null;
    },

    async cancelExport() {
      const run = get().reportExport;
      if (!run || (run.phase !== 'counting' && run.phase !== 'writing')) return;
      await api.invoke('report:export-cancel', { exportId: run.exportId });
    },

    applyExportProgress(progress) {
      const run = get().reportExport;
      // Events of another window's export, or late ones after the result arrived, change nothing here.
      if (!run || run.exportId !== progress.exportId || run.result || run.error) return;
      set({ reportExport: { ...run, phase: progress.phase, rows: progress.rows, totalRows: progress.totalRows, bytes: progress.bytes } });
    },

    dismissExport() {
      const run = get().reportExport;
      if (run && (run.phase === 'counting' || run.phase === 'writing')) return;
      set({ reportExport: null });
    },
  };
};

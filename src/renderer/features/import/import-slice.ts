// Portfolio import for supervisors: the picked file goes to main in chunks (import:stage), the server's dry run
// reports every bad row by line, and the real import is offered only when the dry run of exactly this file,
// creditor and mapping came back clean. The column mapping is shown and editable; the server saves it per creditor.
import type { AppError, ChannelOutput, PortfolioImportReport } from '../../../shared/contract';
import type { QuitaSlice } from '../../store/types';

/** Raw bytes per import:stage call (base64 makes it ~683 KiB, under the web host's 1 MiB body limit). */
export const IMPORT_CHUNK_BYTES = 512 * 1024;
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

export type ImportMappingInfo = ChannelOutput<'import:mapping'>;

export interface ImportFile {
  fileId: string;
  name: string;
  size: number;
}

export type ImportBusy = 'uploading' | 'checking' | 'importing' | null;

export interface ImportSlice {
  importCreditor: string;
  importFile: ImportFile | null;
  importBusy: ImportBusy;
  /** Bytes handed to main so far while uploading. */
  importUploaded: number;
  /** Field → header the supervisor chose (sent as the import's mapping; the server saves it on a real import). */
  importMapping: Record<string, string>;
  importNumberFormat: 'pt-BR' | 'en' | null;
  importMappingInfo: ImportMappingInfo | null;
  /** The last dry run of the current file, creditor and mapping (null once any of them changes). */
  importDryRun: PortfolioImportReport | null;
  /** The last real import's answer (committed, or refused with its problems). */
  importResult: PortfolioImportReport | null;
  /** The last report of the current file, kept while the mapping is edited (its header feeds the mapping table). */
  importLastReport: PortfolioImportReport | null;
  importError: AppError | null;
  setImportCreditor(creditor: string): void;
  loadImportMapping(): Promise<void>;
  pickImportFile(file: Blob & { name: string }): Promise<void>;
  setImportMappingField(field: string, header: string | null): void;
  setImportNumberFormat(format: 'pt-BR' | 'en' | null): void;
  runImportDryRun(): Promise<void>;
  commitImport(): Promise<void>;
}

/** The real import may go ahead: a clean dry run of this very file with these settings. */
export function importReady(state: Pick<ImportSlice, 'importDryRun' | 'importBusy' | 'importFile'>): boolean {
  const dry = state.importDryRun;
  return !!state.importFile && state.importBusy === null && !!dry && dry.dryRun && dry.ok && dry.fileIssues.length === 0 && dry.rowIssueCount === 0;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode takes a bounded number of arguments: 32 KiB at a time.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const createImportSlice: QuitaSlice<ImportSlice> = (api) => (set, get) => {
  const invalidate = { importDryRun: null, importResult: null, importError: null };
  return {
    importCreditor: '',
    importFile: null,
    importBusy: null,
    importUploaded: 0,
    importMapping: {},
    importNumberFormat: null,
    importMappingInfo: null,
    importDryRun: null,
    importResult: null,
    importLastReport: null,
    importError: null,

    setImportCreditor(creditor) {
      if (creditor === get().importCreditor) return;
      // Another creditor has another saved mapping: what was chosen for the previous one does not carry over.
      set({ importCreditor: creditor, importMapping: {}, importMappingInfo: null, importLastReport: null, ...invalidate });
    },

    async loadImportMapping() {
      const creditor = get().importCreditor.trim();
      if (!creditor) return;
      const result = await api.invoke('import:mapping', { creditor });
      if (get().importCreditor.trim() !== creditor) return;
      if (result.ok) set({ importMappingInfo: result.value });
      else set({ importError: result.error });
    },

    async pickImportFile(file) {
      if (get().importBusy) return;
      if (file.size > IMPORT_MAX_BYTES) {
        set({ importFile: null, ...invalidate, importError: { code: 'invalid_input', message: 'file_too_large', issues: [{ path: 'file', message: 'file_too_large' }] } });
        return;
      }
      const fileId = crypto.randomUUID();
      set({ importFile: null, importBusy: 'uploading', importUploaded: 0, importLastReport: null, ...invalidate });
      for (let offset = 0; offset < file.size || offset === 0; offset += IMPORT_CHUNK_BYTES) {
        const chunk = new Uint8Array(await file.slice(offset, offset + IMPORT_CHUNK_BYTES).arrayBuffer());
        const result = await api.invoke('import:stage', { fileId, fileName: file.name.slice(0, 255) || 'file', offset, data: toBase64(chunk) });
        if (!result.ok) {
          set({ importBusy: null, importError: result.error });
          return;
        }
        set({ importUploaded: result.value.size });
        if (file.size === 0) break;
      }
      set({ importFile: { fileId, name: file.name, size: file.size }, importBusy: null });
      if (get().importCreditor.trim()) await get().runImportDryRun();
    },

    setImportMappingField(field, header) {
      const next = { ...get().importMapping };
      if (header) next[field] = header;
      else delete next[field];
      set({ importMapping: next, ...invalidate });
    },

    setImportNumberFormat(importNumberFormat) {
      set({ importNumberFormat, ...invalidate });
    },

    async runImportDryRun() {
      const { importFile, importBusy } = get();
      const creditor = get().importCreditor.trim();
      if (!importFile || importBusy || !creditor) return;
      set({ importBusy: 'checking', ...invalidate });
      const result = await api.invoke('import:portfolio', {
        fileId: importFile.fileId,
        creditor,
        dryRun: true,
        mapping: get().importMapping,
        numberFormat: get().importNumberFormat,
      });
      if (result.ok) set({ importBusy: null, importDryRun: result.value, importLastReport: result.value });
      else set({ importBusy: null, importError: result.error });
      void get().loadImportMapping();
    },

    async commitImport() {
      const state = get();
      if (!importReady(state) || !state.importFile) return;
      set({ importBusy: 'importing', importError: null });
      const result = await api.invoke('import:portfolio', {
        fileId: state.importFile.fileId,
        creditor: state.importCreditor.trim(),
        dryRun: false,
        mapping: state.importMapping,
        numberFormat: state.importNumberFormat,
      });
      if (!result.ok) {
        set({ importBusy: null, importError: result.error });
        return;
      }
      // A committed file is gone from main; a refused one (the data changed since the dry run) shows its problems.
      set({
        importBusy: null,
        importResult: result.value,
        importLastReport: result.value,
        importDryRun: result.value.committed ? null : result.value,
        importFile: result.value.committed ? null : state.importFile,
      });
      if (result.value.committed) void get().loadImportMapping();
    },
  };
};

// The import slice with a fake API: the file goes to main in ordered base64 chunks, the real import is allowed
// only after a clean dry run of this file and mapping, and any change takes that permission away.
import { describe, expect, it } from 'vitest';
import type { ChannelName, PortfolioImportReport, QuitaApi, Result } from '../../../shared/contract';
import { createQuitaStore } from '../../store';
import { IMPORT_CHUNK_BYTES, importReady } from './import-slice';

const report = (over: Partial<PortfolioImportReport> = {}): PortfolioImportReport => ({
  ok: true,
  dryRun: true,
  committed: false,
  creditor: 'Banco X',
  teamId: 't',
  format: 'csv',
  encoding: 'windows-1252',
  delimiter: ';',
  numberFormat: 'pt-BR',
  header: ['Nome', 'CPF'],
  mapping: { name: { header: 'Nome', source: 'default' } },
  rows: 2,
  fileIssues: [],
  rowIssues: [],
  rowIssueCount: 0,
  badRows: 0,
  accounts: { created: 2, updated: 0, unchanged: 0 },
  customers: { created: 2, updated: 0, unchanged: 0 },
  pooled: 2,
  mappingSaved: false,
  elapsedMs: 5,
  ...over,
});

function harness(answer: (channel: ChannelName, input: Record<string, unknown>) => Result<unknown> | null) {
  const calls: Array<{ channel: ChannelName; input: Record<string, unknown> }> = [];
  const api: QuitaApi = {
    invoke: ((channel: ChannelName, input: Record<string, unknown>) => {
      calls.push({ channel, input });
      return Promise.resolve(answer(channel, input) ?? { ok: true, value: { creditor: 'Banco X', saved: {}, fields: [], required: [] } });
    }) as QuitaApi['invoke'],
    on: () => () => {},
  };
  return { store: createQuitaStore(api), calls };
}

const file = (bytes: Uint8Array<ArrayBuffer>, name = 'carteira.csv') => Object.assign(new Blob([bytes]), { name });

describe('portfolio import', () => {
  it('stages the file in ordered chunks whose bytes add up, then dry-runs it for the creditor', async () => {
    const size = IMPORT_CHUNK_BYTES * 2 + 10;
    const bytes = new Uint8Array(size).map((_, i) => (i * 7) % 256);
    const { store, calls } = harness((channel, input) =>
      channel === 'import:stage'
        ? { ok: true, value: { fileId: input.fileId, size: Number(input.offset) + Buffer.from(String(input.data), 'base64').length } }
        : channel === 'import:portfolio'
          ? { ok: true, value: report() }
          : null,
    );
    store.getState().setImportCreditor('Banco X');
    await store.getState().pickImportFile(file(bytes));
    const chunks = calls.filter((c) => c.channel === 'import:stage').map((c) => c.input);
    expect(chunks.map((c) => c.offset)).toEqual([0, IMPORT_CHUNK_BYTES, IMPORT_CHUNK_BYTES * 2]);
    expect(new Set(chunks.map((c) => c.fileId)).size).toBe(1);
    const joined = Buffer.concat(chunks.map((c) => Buffer.from(String(c.data), 'base64')));
    expect(joined.equals(Buffer.from(bytes))).toBe(true);
    expect(calls.find((c) => c.channel === 'import:portfolio')!.input).toMatchObject({ fileId: chunks[0]!.fileId, creditor: 'Banco X', dryRun: true });
    expect(importReady(store.getState())).toBe(true);
  });

  it('keeps the import disabled after a dry run with bad rows, and after any change to a clean one', async () => {
    let next = report({ ok: false, badRows: 1, rowIssueCount: 1, rowIssues: [{ line: 3, code: 'invalid_document', params: { value: '1' } }] });
    const { store, calls } = harness((channel, input) =>
      channel === 'import:stage' ? { ok: true, value: { fileId: input.fileId, size: 3 } } : channel === 'import:portfolio' ? { ok: true, value: next } : null,
    );
    store.getState().setImportCreditor('Banco X');
    await store.getState().pickImportFile(file(new Uint8Array([1, 2, 3])));
    expect(importReady(store.getState())).toBe(false);
    await store.getState().commitImport();
    expect(calls.filter((c) => c.channel === 'import:portfolio' && c.input.dryRun === false)).toEqual([]);

    next = report();
    await store.getState().runImportDryRun();
    expect(importReady(store.getState())).toBe(true);
    store.getState().setImportMappingField('document', 'CPF');
    expect(importReady(store.getState())).toBe(false);
    // The table keeps the file's header while the mapping is edited.
    expect(store.getState().importLastReport?.header).toEqual(['Nome', 'CPF']);
    await store.getState().runImportDryRun();
    expect(calls.at(-2)!.input).toMatchObject({ dryRun: true, mapping: { document: 'CPF' } });

    next = report({ dryRun: false, committed: true, mappingSaved: true });
    await store.getState().commitImport();
    const commit = calls.find((c) => c.channel === 'import:portfolio' && c.input.dryRun === false)!;
    expect(commit.input).toMatchObject({ mapping: { document: 'CPF' }, creditor: 'Banco X' });
    expect(store.getState()).toMatchObject({ importResult: { committed: true }, importFile: null, importDryRun: null });
  });

  it('refuses a file over 64 MB without sending anything', async () => {
    const { store, calls } = harness(() => null);
    const huge = { name: 'big.csv', size: 65 * 1024 * 1024, slice: () => new Blob([]) } as unknown as Blob & { name: string };
    await store.getState().pickImportFile(huge);
    expect(calls.filter((c) => c.channel === 'import:stage')).toEqual([]);
    expect(store.getState().importError?.issues?.[0]?.message).toBe('file_too_large');
  });
});

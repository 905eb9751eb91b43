// The export slice with a fake API: filters go out as the contract takes them, progress events of this export
// (and only this one) move the bar, and the result or the error ends the run.
import { describe, expect, it } from 'vitest';
import type { ChannelName, QuitaApi, Result } from '../../../shared/contract';
import { createQuitaStore } from '../../store';
import { exportFraction, filterInput } from './reports-slice';

function harness(answer: (channel: ChannelName, input: Record<string, unknown>) => Promise<Result<unknown>> | null) {
  const calls: Array<{ channel: ChannelName; input: Record<string, unknown> }> = [];
  const api: QuitaApi = {
    invoke: ((channel: ChannelName, input: Record<string, unknown>) => {
      calls.push({ channel, input });
      return answer(channel, input) ?? Promise.resolve({ ok: true, value: { total: 0, items: [] } });
    }) as QuitaApi['invoke'],
    on: () => () => {},
  };
  return { store: createQuitaStore(api), calls };
}

describe('filterInput', () => {
  it('leaves empty filters out and keeps lists', () => {
    expect(filterInput({ from: '2026-11-01', to: '', team: null, agent: 'u-1', dispositions: ['refused'], portfolios: ['Banco, X'] })).toEqual({
      from: '2026-11-01',
      agent: 'u-1',
      dispositions: ['refused'],
      portfolios: ['Banco, X'],
    });
  });
});

describe('exports', () => {
  it('runs an export with the file language and separator, follows its progress and ends with the result', async () => {
    let finish: (r: Result<unknown>) => void = () => {};
    const { store, calls } = harness((channel) => (channel === 'report:export' ? new Promise((resolve) => (finish = resolve)) : null));
    store.getState().setReportFilters({ from: '2026-11-01', to: '2026-11-20', dispositions: ['promise_to_pay'] });
    store.getState().setExportOptions({ locale: 'en', separator: ';' });
    const running = store.getState().startExport('csv');
    const sent = calls.find((c) => c.channel === 'report:export')!.input;
    expect(sent).toMatchObject({ format: 'csv', locale: 'en', separator: ';', filters: { from: '2026-11-01', to: '2026-11-20', dispositions: ['promise_to_pay'] } });
    const exportId = String(sent.exportId);

    store.getState().applyExportProgress({ exportId: 'other-export-0000', phase: 'writing', rows: 99, totalRows: 100, bytes: 5 } as never);
    expect(store.getState().reportExport).toMatchObject({ phase: 'counting', rows: null });
    store.getState().applyExportProgress({ exportId, phase: 'writing', rows: 50, totalRows: 200, bytes: 4000 });
    expect(exportFraction(store.getState().reportExport!)).toBe(0.25);
    // A second click while one runs starts nothing.
    expect(await store.getState().startExport('xlsx')).toBeNull();

    const value = { exportId, status: 'done', fileName: 'quita-outcomes-2026-11-20.csv', rows: 200, totalRows: 200, bytes: 9000, savedTo: null, downloadUrl: '/exports/ab' };
    finish({ ok: true, value });
    expect(await running).toEqual(value);
    expect(store.getState().reportExport).toMatchObject({ phase: 'done', rows: 200, result: value });
    // A late event does not reopen the finished run.
    store.getState().applyExportProgress({ exportId, phase: 'writing', rows: 10, totalRows: 200, bytes: 1 });
    expect(store.getState().reportExport!.phase).toBe('done');
  });

  it('cancels the running export by its id and shows a refusal translated by code', async () => {
    let finish: (r: Result<unknown>) => void = () => {};
    const { store, calls } = harness((channel) =>
      channel === 'report:export' ? new Promise((resolve) => (finish = resolve)) : channel === 'report:export-cancel' ? Promise.resolve({ ok: true, value: { cancelled: true } }) : null,
    );
    const running = store.getState().startExport('pdf');
    const exportId = calls.find((c) => c.channel === 'report:export')!.input.exportId;
    expect(calls.find((c) => c.channel === 'report:export')!.input).not.toHaveProperty('separator');
    await store.getState().cancelExport();
    expect(calls.find((c) => c.channel === 'report:export-cancel')!.input).toEqual({ exportId });
    finish({ ok: false, error: { code: 'forbidden', message: 'x' } });
    expect(await running).toBeNull();
    expect(store.getState().reportExport).toMatchObject({ phase: 'failed', error: { code: 'forbidden' } });
  });

  it('shows only the latest count', async () => {
    const answers: Array<(r: Result<unknown>) => void> = [];
    const { store } = harness((channel) => (channel === 'report:count' ? new Promise((resolve) => answers.push(resolve)) : null));
    const first = store.getState().countReportRows();
    const second = store.getState().countReportRows();
    answers[1]!({ ok: true, value: { rows: 7, asOf: 1, timeZone: 'America/Sao_Paulo' } });
    answers[0]!({ ok: true, value: { rows: 3, asOf: 1, timeZone: 'America/Sao_Paulo' } });
    await Promise.all([first, second]);
    expect(store.getState().reportCount?.rows).toBe(7);
  });
});

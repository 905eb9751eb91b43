import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DownloadRegistry } from './download-registry';
import { dataFolderTarget, saveDialogTarget, type SaveDialog } from './export-target';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'quita-export-target-'));
  dirs.push(dir);
  return dir;
};

describe('saveDialogTarget (the desktop app)', () => {
  it('asks with the suggested name and its extension, and writes where the user chose', async () => {
    const asked: Array<Parameters<SaveDialog>[0]> = [];
    const target = saveDialogTarget(async (options) => (asked.push(options), { canceled: false, filePath: '/home/carla/relatorio.xlsx' }), '/home/carla/Downloads');
    const destination = await target.choose('quita-outcomes-2026-11-24.xlsx');
    expect(asked).toEqual([{ defaultPath: join('/home/carla/Downloads', 'quita-outcomes-2026-11-24.xlsx'), filters: [{ name: 'XLSX', extensions: ['xlsx'] }] }]);
    expect(destination?.path).toBe('/home/carla/relatorio.xlsx');
    expect(destination?.publish('application/x')).toBeNull();
  });

  it('a cancelled dialog is no destination', async () => {
    expect(await saveDialogTarget(async () => ({ canceled: true }), '/tmp').choose('a.csv')).toBeNull();
  });
});

describe('dataFolderTarget (the web host)', () => {
  it('gives each export its own file in exports/ and registers it only once published', async () => {
    const dataDir = tempDir();
    const downloads = new DownloadRegistry();
    const target = dataFolderTarget(dataDir, downloads);
    const a = (await target.choose('quita-outcomes-2026-11-24.csv'))!;
    const b = (await target.choose('quita-outcomes-2026-11-24.csv'))!;
    expect(a.path).not.toBe(b.path);
    expect(dirname(a.path)).toBe(join(dataDir, 'exports'));
    expect(a.path).toMatch(/quita-outcomes-2026-11-24-[a-z0-9]+\.csv$/);
    const url = a.publish('text/csv');
    expect(url).toMatch(/^\/exports\/[0-9a-f]{32}$/);
    expect(downloads.get(url!.slice('/exports/'.length))).toEqual({ path: a.path, fileName: 'quita-outcomes-2026-11-24.csv', contentType: 'text/csv' });
    expect(downloads.get('../quita.db')).toBeUndefined();
  });

  it('empties the folder of a previous run', () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'exports'));
    writeFileSync(join(dataDir, 'exports', 'old.csv'), 'x');
    dataFolderTarget(dataDir, new DownloadRegistry());
    expect(existsSync(join(dataDir, 'exports', 'old.csv'))).toBe(false);
  });
});

// Where an export is written. The desktop app asks the user with a save dialog (electron's dialog, injected:
// see src/main/index.ts); the web host and tests write into the data folder's exports/ directory and register
// the file for the browser to download. Electron-free.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DownloadRegistry } from './download-registry';

export interface ExportDestination {
  /** The file to write (main writes `<path>.part` first and renames it when the download is complete). */
  path: string;
  /** Called once the file is complete: the address the renderer offers as a download, or null. */
  publish(contentType: string): string | null;
}

export interface ExportTarget {
  /** Null when the user cancelled the save dialog. */
  choose(fileName: string): Promise<ExportDestination | null>;
}

/** Electron's dialog.showSaveDialog, reduced to what the target needs (so the target is testable without Electron). */
export type SaveDialog = (options: { defaultPath: string; filters: Array<{ name: string; extensions: string[] }> }) => Promise<{
  canceled: boolean;
  filePath?: string;
}>;

export function saveDialogTarget(showSaveDialog: SaveDialog, defaultDir: string): ExportTarget {
  return {
    async choose(fileName) {
      const extension = fileName.slice(fileName.lastIndexOf('.') + 1);
      const answer = await showSaveDialog({
        defaultPath: join(defaultDir, fileName),
        filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
      });
      if (answer.canceled || !answer.filePath) return null;
      return { path: answer.filePath, publish: () => null };
    },
  };
}

/**
 * The node stand-in: `<dataDir>/exports/<name>-<n>.<ext>`, served by the web host's download route. The folder is
 * emptied when the host starts: the registry of what may be downloaded lives in memory, so older files could no
 * longer be fetched anyway, and customer data should not pile up there.
 */
export function dataFolderTarget(dataDir: string, downloads: DownloadRegistry): ExportTarget {
  let counter = 0;
  const dir = join(dataDir, 'exports');
  rmSync(dir, { recursive: true, force: true });
  return {
    async choose(fileName) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const dot = fileName.lastIndexOf('.');
      counter += 1;
      // Unique per export, so two exports the same day never overwrite each other (nor a file still downloading).
      const unique = `${fileName.slice(0, dot)}-${Date.now().toString(36)}${counter}${fileName.slice(dot)}`;
      const path = join(dir, unique);
      return { path, publish: (contentType) => `/exports/${downloads.register({ path, fileName, contentType })}` };
    },
  };
}

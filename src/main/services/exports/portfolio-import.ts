// Portfolio files on their way to the server. The renderer hands a picked file over in chunks (the same IPC in
// the desktop app and the web host, so no extra HTTP route or file dialog is needed and the renderer never names
// a path); main appends them to `<dataDir>/imports/<fileId>` and streams that file to the server for the dry
// run and again for the real import, so both see exactly the same bytes. Electron-free.
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { appendFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ChannelOutput, ParsedInput } from '../../../shared/contract';
import { PortfolioImportReport } from '../../../shared/contract';
import { QuitaError } from '../../dispatch';
import { authorised, call, refusal, requireSession, type ServerCaller } from './server-request';

/** The server's own limit (server/import/routes.ts IMPORT_BODY_LIMIT). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export class PortfolioImports {
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly caller: ServerCaller,
  ) {
    this.dir = join(dataDir, 'imports');
    // Files staged by an earlier run are not wanted any more (they were never imported or already were).
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  private pathOf(fileId: string): string {
    // The id is a UUID (the contract checks it): it cannot climb out of the folder.
    return join(this.dir, `${fileId.toLowerCase()}.upload`);
  }

  async stage(input: ParsedInput<'import:stage'>): Promise<ChannelOutput<'import:stage'>> {
    const path = this.pathOf(input.fileId);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.data)) throw new QuitaError('invalid_input', 'The chunk is not base64', [{ path: 'data', message: 'not_base64' }]);
    const chunk = Buffer.from(input.data, 'base64');
    const size = input.offset === 0 ? 0 : await stat(path).then((s) => s.size, () => -1);
    // Chunks arrive in order: anything else is a lost or repeated chunk, and the file would be wrong.
    if (size !== input.offset) throw new QuitaError('conflict', `Chunk at ${input.offset} does not follow the ${size} bytes staged`);
    if (input.offset + chunk.length > MAX_IMPORT_BYTES) {
      await rm(path, { force: true });
      throw new QuitaError('invalid_input', 'The file is larger than 64 MB', [{ path: 'data', message: 'file_too_large' }]);
    }
    if (input.offset === 0) await writeFile(path, chunk, { mode: 0o600 });
    else await appendFile(path, chunk);
    return { fileId: input.fileId, size: input.offset + chunk.length };
  }

  async mapping(creditor: string): Promise<ChannelOutput<'import:mapping'>> {
    const session = requireSession(this.caller.sessions);
    const response = await call(this.caller, `${session.serverUrl}/v1/imports/portfolio/mapping?${new URLSearchParams({ creditor })}`, {
      headers: authorised(session),
    });
    if (!response.ok) throw await refusal(response, 'Import mapping');
    const body = (await response.json()) as { creditor: string; saved: Record<string, string>; fields: string[]; required: string[] };
    return { creditor: body.creditor, saved: body.saved, fields: body.fields, required: body.required };
  }

  async run(input: ParsedInput<'import:portfolio'>): Promise<ChannelOutput<'import:portfolio'>> {
    const session = requireSession(this.caller.sessions);
    const path = this.pathOf(input.fileId);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new QuitaError('not_found', 'That file is no longer staged; pick it again');
    }
    const query = new URLSearchParams({ creditor: input.creditor, dryRun: String(input.dryRun) });
    if (Object.keys(input.mapping).length) query.set('mapping', JSON.stringify(input.mapping));
    if (input.numberFormat) query.set('numberFormat', input.numberFormat);
    const response = await call(this.caller, `${session.serverUrl}/v1/imports/portfolio?${query}`, {
      method: 'POST',
      headers: authorised(session, { 'content-type': 'application/octet-stream', 'content-length': String(size) }),
      // Streamed from disk: a 60 MB file is never a 60 MB string in main.
      body: Readable.toWeb(createReadStream(path)) as unknown as BodyInit,
      duplex: 'half',
    } as RequestInit);
    // 422: a real import found problems and wrote nothing; its report says which.
    if (response.status !== 200 && response.status !== 422) throw await refusal(response, 'Portfolio import');
    const report = PortfolioImportReport.safeParse(await response.json());
    if (!report.success) throw new QuitaError('internal', 'The server answered the import with an unexpected report');
    if (report.data.committed) await rm(path, { force: true });
    return report.data;
  }
}

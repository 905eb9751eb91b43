// The files main wrote for the web host to hand to the browser. The web host's download route serves only what
// is registered here, by an unguessable id: never a path the browser names.
import { randomBytes } from 'node:crypto';

export interface RegisteredDownload {
  path: string;
  fileName: string;
  contentType: string;
}

export class DownloadRegistry {
  private readonly files = new Map<string, RegisteredDownload>();

  register(file: RegisteredDownload): string {
    const id = randomBytes(16).toString('hex');
    this.files.set(id, file);
    return id;
  }

  get(id: string): RegisteredDownload | undefined {
    return /^[0-9a-f]{32}$/.test(id) ? this.files.get(id) : undefined;
  }

  forget(id: string): void {
    this.files.delete(id);
  }
}

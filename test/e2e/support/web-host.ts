// Starts the real web host (src/web-host/cli.ts) as a child process on a free port with its own data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

export interface RunningHost {
  url: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'quita-e2e-'));
}

export async function startHost(
  options: {
    dataDir?: string;
    demo?: boolean;
    demoAccounts?: number;
    /** Test-only frozen clock (QUITA_FIXED_NOW). */
    fixedNow?: string;
    /** Also start the embedded demo sync server (on a free port; its URL is in `output()`), signed in as ana. */
    demoServer?: boolean;
  } = {},
): Promise<RunningHost> {
  const dataDir = options.dataDir ?? freshDataDir();
  const args = ['--import', 'tsx', join(root, 'src/web-host/cli.ts'), '--no-build', '--port', '0', '--data-dir', dataDir];
  if (options.demo) args.push('--demo');
  if (options.demoAccounts) args.push('--demo-accounts', String(options.demoAccounts));
  if (options.demoServer) args.push('--demo-server', '--demo-server-port', '0');
  const env = options.fixedNow ? { ...process.env, QUITA_FIXED_NOW: options.fixedNow } : process.env;
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 120_000);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolveExit) => {
        if (child.exitCode !== null) return resolveExit(child.exitCode);
        child.once('exit', (code) => resolveExit(code));
        child.kill(signal);
      }),
  };
}

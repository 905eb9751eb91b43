import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, scratchDatabase, type ScratchDatabase } from './test-support';

const CLI = join(import.meta.dirname, 'cli.ts');

function run(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...opts.env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.stdin.end(opts.stdin ?? '');
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

describe('server CLI on PGlite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'quita-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Each CLI run is a fresh tsx process opening PGlite (seconds each on two cores): a generous timeout.
  it('creates a team and a user (password from stdin), refuses bad input with a code, then serves them', { timeout: 60_000 }, async () => {
    const db = ['--data-dir', join(dir, 'db')];
    expect((await run(['create-team', 'north', ...db])).code).toBe(0);
    const created = await run(['create-user', 'ana', '--role', 'agent', '--team', 'north', '--password-stdin', ...db], { stdin: 'long enough pass\n' });
    expect(created.code).toBe(0);
    expect(created.out).toContain('User "ana" (agent) created');

    const noTeam = await run(['create-user', 'bob', '--role', 'agent', '--team', 'nowhere', ...db], { stdin: 'long enough pass\n' });
    expect(noTeam.code).toBe(1);
    expect(noTeam.err).toContain('team_not_found');
    expect((await run(['frobnicate', ...db])).code).toBe(1);

    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0', ...db], { env: { ...process.env, LOG_LEVEL: 'warn' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const login = await call(url, 'POST', '/v1/auth/login', { body: { username: 'ana', password: 'long enough pass' } });
      expect(login.status).toBe(200);
      expect(login.body.user.role).toBe('agent');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});

describe('server CLI on PostgreSQL (DATABASE_URL)', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await scratchDatabase('postgres');
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it('migrates the database, imports a portfolio (bad rows by line, dry run, real) and reports status counts', { timeout: 60_000 }, async () => {
    const env = { DATABASE_URL: scratch.target.kind === 'postgres' ? scratch.target.url : '' };
    expect((await run(['create-team', 'south'], { env })).code).toBe(0);
    const dup = await run(['create-team', 'south'], { env });
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('team_exists');
    const csv = join(tmpdir(), `quita-import-${Date.now()}.csv`);
    writeFileSync(csv, 'nome;documento;contrato;credor;produto;saldo;vencimento\nAna;529.982.247-25;C-1;Banco;Cartão;1.234,56;10/01/2025\nBia;123;C-2;Banco;Cartão;x;2025-01-10\n');
    const bad = await run(['import-portfolio', csv, '--team', 'south'], { env });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Line 3:');
    expect(bad.err).toContain('nothing was written');
    writeFileSync(csv, 'nome;documento;contrato;credor;produto;saldo;vencimento\nAna;529.982.247-25;C-1;Banco;Cartão;1.234,56;10/01/2025\n');
    const dry = await run(['import-portfolio', csv, '--dry-run'], { env });
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Dry run');
    const real = await run(['import-portfolio', csv, '--team', 'south'], { env });
    expect(real.out).toContain('"created":1');
    rmSync(csv);
    const status = await run(['status'], { env });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({ teams: 1, users: 0, accounts: 1, assignedAccounts: 1, events: { accepted: 0, rejected: 0 } });
  });
});

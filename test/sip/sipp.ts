// sipp far ends for the softphone tests: each is a sipp UAS on a loopback UDP port playing one scenario of
// test/sip/scenarios (Node only; Debian's sip-tester, see install-deps.sh).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeUdpPort, udpPortTaken, waitFor } from './ports';

export type FarEndScenario = 'uas-486' | 'uas-480' | 'uas-ring-forever' | 'uas-answer-hangup';

export interface FarEnd {
  scenario: FarEndScenario;
  port: number;
  /** Where the PBX sends this far end's calls. */
  sipUri: string;
  output(): string;
  stop(): Promise<void>;
}

const scenarioDir = join(import.meta.dirname, 'scenarios');

export async function startFarEnd(scenario: FarEndScenario, options: { port?: number } = {}): Promise<FarEnd> {
  // A port free a moment ago can be taken before sipp binds it (WebRTC and other tests use ephemeral UDP ports
  // too): pick another and try again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startFarEndOnce(scenario, options.port ?? (await freeUdpPort()));
    } catch (error) {
      if (options.port !== undefined || attempt >= 5 || !/Address already in use/.test(String(error))) throw error;
    }
  }
}

async function startFarEndOnce(scenario: FarEndScenario, port: number): Promise<FarEnd> {
  // sipp writes its statistics files into the working directory: keep them out of the repository.
  const workDir = mkdtempSync(join(tmpdir(), 'quita-sipp-'));
  const child: ChildProcess = spawn(
    'sipp',
    ['-sf', join(scenarioDir, `${scenario}.xml`), '-i', '127.0.0.1', '-p', String(port), '-t', 'u1', '-nostdin', '-skip_rlimit'],
    { cwd: workDir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-8_000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', (error) => (output += `\n${String(error)}`));
  await waitFor(
    async () => {
      if (exited) throw new Error(`sipp ${scenario} exited:\n${output}`);
      return udpPortTaken(port);
    },
    5_000,
    () => `sipp ${scenario} on udp ${port}:\n${output}`,
  );
  return {
    scenario,
    port,
    sipUri: `sip:127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (!exited) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGKILL');
        await gone;
      }
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

// The real test PBX: Kamailio (Debian's package, see install-deps.sh) with our kamailio.cfg.template on
// loopback ports, plus the sipp far ends the tests dial. Node only: Playwright specs and the bench use it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort, freeUdpPort, tcpPortAccepts, udpPortTaken, waitFor } from './ports';
import { startFarEnd, type FarEnd, type FarEndScenario } from './sipp';

export interface PbxUser {
  user: string;
  password: string;
}

export interface PbxRoute {
  /** Where to send calls to this number, e.g. a sipp far end's "sip:127.0.0.1:40123". */
  sipUri: string;
  /** The PBX gives up ringing after this long and answers the caller 408. */
  ringTimeoutMs?: number;
}

export interface PbxOptions {
  wsPort?: number;
  udpPort?: number;
  domain?: string;
  users?: PbxUser[];
  /** Dialled number (E.164) → far end. */
  routes?: Record<string, PbxRoute>;
  /** Dialled number (E.164) → a registered user, so an agent can dial a "customer" page by number. */
  numberAliases?: Record<string, string>;
  /** How long any other call may ring before the PBX ends it with 408. */
  ringTimeoutMs?: number;
}

export interface Pbx {
  wsUrl: string;
  wsPort: number;
  udpPort: number;
  domain: string;
  users: PbxUser[];
  /** Kamailio's stderr (errors only), for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
  /** Kills every Kamailio process at once, like a crash or a pulled cable: no goodbye to the clients. */
  kill9(): Promise<void>;
  /** Starts Kamailio again on the same ports with the same configuration (registrations are gone). */
  restart(): Promise<void>;
}

export const TEST_DOMAIN = 'quita.test';
export const TEST_USERS: PbxUser[] = [
  { user: 'agent1', password: 'secret1' },
  { user: 'customer1', password: 'secret2' },
  { user: 'agent2', password: 'secret3' },
  /** The third party calls are transferred to (a second phone page). */
  { user: 'target1', password: 'secret4' },
];

const templatePath = join(import.meta.dirname, 'kamailio.cfg.template');

/** Kamailio's config syntax: a double-quoted string. */
function quoted(value: string): string {
  if (/["\\\r\n]/.test(value)) throw new Error(`unsupported character in PBX config value ${JSON.stringify(value)}`);
  return `"${value}"`;
}

function renderConfig(
  template: string,
  values: {
    domain: string;
    udpPort: number;
    wsPort: number;
    users: PbxUser[];
    routes: Record<string, PbxRoute>;
    numberAliases: Record<string, string>;
    ringTimeoutMs: number;
  },
): string {
  const users = values.users.map((u) => `\t$sht(users=>${u.user}) = ${quoted(u.password)};`).join('\n');
  const routes = Object.entries(values.routes)
    .map(([number, route]) =>
      [
        `\tif ($rU == ${quoted(number)}) {`,
        route.ringTimeoutMs ? `\t\tt_set_fr(${route.ringTimeoutMs});` : '',
        `\t\t$du = ${quoted(route.sipUri)};`,
        '\t\troute(RELAY);',
        '\t}',
      ]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n');
  const aliases = Object.entries(values.numberAliases)
    .map(([number, user]) => `\tif ($rU == ${quoted(number)}) {\n\t\t$rU = ${quoted(user)};\n\t}`)
    .join('\n');
  return template
    .replaceAll('{{DOMAIN}}', values.domain)
    .replaceAll('{{UDP_PORT}}', String(values.udpPort))
    .replaceAll('{{WS_PORT}}', String(values.wsPort))
    .replaceAll('{{RING_TIMEOUT_MS}}', String(values.ringTimeoutMs))
    .replace('{{USERS}}', users)
    .replace('{{FAR_ENDS}}', routes)
    .replace('{{NUMBER_ALIASES}}', aliases);
}

export async function startPbx(options: PbxOptions = {}): Promise<Pbx> {
  for (const u of options.users ?? []) {
    if (!/^[A-Za-z0-9._+-]+$/.test(u.user)) throw new Error(`unsupported test user name ${u.user}`);
  }
  const wsPort = options.wsPort ?? (await freeTcpPort());
  const udpPort = options.udpPort ?? (await freeUdpPort());
  const domain = options.domain ?? TEST_DOMAIN;
  const users = options.users ?? TEST_USERS;
  const workDir = mkdtempSync(join(tmpdir(), 'quita-pbx-'));
  const configPath = join(workDir, 'kamailio.cfg');
  writeFileSync(
    configPath,
    renderConfig(readFileSync(templatePath, 'utf8'), {
      domain,
      udpPort,
      wsPort,
      users,
      routes: options.routes ?? {},
      numberAliases: options.numberAliases ?? {},
      ringTimeoutMs: options.ringTimeoutMs ?? 60_000,
    }),
  );

  let child: ChildProcess | null = null;
  let output = '';

  async function launch(): Promise<void> {
    // Its own process group, so kill9() takes the main process and all its children in one signal.
    const started = spawn('kamailio', ['-DD', '-E', '-f', configPath, '-Y', workDir, '-w', workDir], {
      cwd: workDir,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = started;
    let exited = false;
    started.once('exit', () => {
      exited = true;
      if (child === started) child = null;
    });
    started.once('error', (error) => (output += `\n${String(error)}`));
    started.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-16_000)));
    await waitFor(
      async () => {
        if (exited) throw new Error(`kamailio exited during startup:\n${output}`);
        return (await tcpPortAccepts(wsPort)) && (await udpPortTaken(udpPort));
      },
      10_000,
      () => `kamailio on ws ${wsPort} / udp ${udpPort}:\n${output}`,
    );
  }

  async function signalGroup(signal: NodeJS.Signals): Promise<void> {
    const running = child;
    if (!running?.pid) return;
    const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    try {
      process.kill(-running.pid, signal);
    } catch {
      return;
    }
    const timeout = setTimeout(() => {
      try {
        process.kill(-running.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5_000);
    await gone;
    clearTimeout(timeout);
    child = null;
  }

  await launch();
  return {
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    wsPort,
    udpPort,
    domain,
    users,
    output: () => output,
    async stop() {
      await signalGroup('SIGTERM');
      rmSync(workDir, { recursive: true, force: true });
    },
    kill9: () => signalGroup('SIGKILL'),
    async restart() {
      await signalGroup('SIGTERM');
      await launch();
    },
  };
}

/** The numbers the softphone tests dial (all fictitious, in a Brazilian mobile range). */
export const TEST_NUMBERS = {
  busy: '+5511990000486',
  unavailable: '+5511990000480',
  neverAnswers: '+5511990000408',
  unknown: '+5511990000404',
  answersThenHangsUp: '+5511990000200',
  /** Rings the page registered as customer1. */
  customer: '+5511990000100',
  /** Rings the page registered as target1, where transfers go. */
  transferTarget: '+5511990000300',
} as const;

export interface TestPhoneNetwork {
  pbx: Pbx;
  farEnds: FarEnd[];
  stop(): Promise<void>;
}

/**
 * Kamailio plus one sipp far end per scenario, routed from TEST_NUMBERS. The never-answering far end rings
 * for `noAnswerAfterMs` before the PBX gives up with 408.
 */
export async function startTestPhoneNetwork(
  options: {
    noAnswerAfterMs?: number;
    wsPort?: number;
    udpPort?: number;
    /** More numbers routed to a far end, e.g. a demo customer's phone → busy, so the app can click-to-call it. */
    extraNumbers?: Partial<Record<keyof typeof TEST_NUMBERS, string[]>>;
    /** More registered users besides TEST_USERS, e.g. a customer page whose caller id is a demo phone. */
    extraUsers?: PbxUser[];
  } = {},
): Promise<TestPhoneNetwork> {
  const scenarios: [keyof typeof TEST_NUMBERS, FarEndScenario][] = [
    ['busy', 'uas-486'],
    ['unavailable', 'uas-480'],
    ['neverAnswers', 'uas-ring-forever'],
    ['answersThenHangsUp', 'uas-answer-hangup'],
  ];
  const farEnds: FarEnd[] = [];
  try {
    const routes: Record<string, PbxRoute> = {};
    for (const [name, scenario] of scenarios) {
      const farEnd = await startFarEnd(scenario);
      farEnds.push(farEnd);
      const route = {
        sipUri: farEnd.sipUri,
        ...(name === 'neverAnswers' ? { ringTimeoutMs: options.noAnswerAfterMs ?? 3_000 } : {}),
      };
      for (const number of [TEST_NUMBERS[name], ...(options.extraNumbers?.[name] ?? [])]) routes[number] = route;
    }
    const pbx = await startPbx({
      routes,
      numberAliases: { [TEST_NUMBERS.customer]: 'customer1', [TEST_NUMBERS.transferTarget]: 'target1' },
      users: [...TEST_USERS, ...(options.extraUsers ?? [])],
      ...(options.wsPort ? { wsPort: options.wsPort } : {}),
      ...(options.udpPort ? { udpPort: options.udpPort } : {}),
    });
    return {
      pbx,
      farEnds,
      async stop() {
        await pbx.stop();
        await Promise.all(farEnds.map((f) => f.stop()));
      },
    };
  } catch (error) {
    await Promise.all(farEnds.map((f) => f.stop()));
    throw error;
  }
}

// `npm run web -- --port <p> --data-dir <dir> [--demo] [--demo-accounts N] [--demo-seed S] [--host 127.0.0.1]`
// Builds the renderer when it is missing or older than its sources, opens the data folder's store and
// serves the app at http://127.0.0.1:<p>.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openAppServices } from '../main/services/app-services';
import { defaultDemo } from '../main/services/demo-seed';
import { EventHub } from '../main/services/events';
import { fileStandInCipher } from '../main/services/key-vault';
import { StoreOpenError } from '../main/services/store/database';
import { QuitaError } from '../main/dispatch';
import { readSettings } from '../main/services/settings';
import { DEMO_PASSWORD, DEMO_USERS, startEmbeddedDemoServer, type EmbeddedServer } from './embedded-server';
import { startWebHost } from './server';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = join(root, 'out/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureRendererBuilt(): void {
  const index = join(rendererDir, 'index.html');
  const sources = [join(root, 'src/renderer'), join(root, 'src/shared')].filter(existsSync);
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  console.log('Building the renderer…');
  const run = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error('The renderer build failed (see above).');
}

function parseFixedNow(text: string): number {
  const at = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(at)) throw new Error(`QUITA_FIXED_NOW=${text} is not an instant`);
  return at;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5180' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: join(homedir(), '.quita', 'web') },
      demo: { type: 'boolean', default: false },
      'demo-accounts': { type: 'string' },
      'demo-seed': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'open-hint': { type: 'boolean', default: false },
      // The demo's embedded sync server (see embedded-server.ts): `npm start` turns it on.
      'demo-server': { type: 'boolean', default: false },
      'demo-server-port': { type: 'string', default: '8787' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port} is not a port number`);
  if (!values['no-build']) ensureRendererBuilt();

  const dataDir = resolve(values['data-dir']);
  const hub = new EventHub();
  const demo = values.demo
    ? {
        seed: values['demo-seed'] ? Number(values['demo-seed']) : defaultDemo.seed,
        accounts: values['demo-accounts'] ? Number(values['demo-accounts']) : defaultDemo.accounts,
      }
    : false;
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  // TEST ONLY: QUITA_FIXED_NOW (an ISO instant or epoch ms) freezes the services' clock so end-to-end tests can
  // put "now" outside a calling window. Never set it in production: promises, callbacks and the policy follow it.
  const fixedNow = process.env.QUITA_FIXED_NOW ? parseFixedNow(process.env.QUITA_FIXED_NOW) : null;
  if (fixedNow !== null) console.log(`QUITA_FIXED_NOW: the clock is frozen at ${new Date(fixedNow).toISOString()} (test only)`);
  const services = openAppServices({
    ...(fixedNow !== null ? { clock: () => fixedNow } : {}),
    dataDir,
    // The web host has no OS keychain: the clearly marked file stand-in wraps the database key.
    cipher: fileStandInCipher(dataDir),
    host: 'web',
    demo,
    version,
    emit: hub.emit,
  });
  let embedded: EmbeddedServer | null = null;
  if (demo && values['demo-server']) {
    embedded = await startEmbeddedDemoServer({
      dataDir,
      port: Number(values['demo-server-port']),
      demo,
      officeTimeZone: readSettings(services.store).officeTimeZone,
      ...(fixedNow !== null ? { now: fixedNow, clock: () => fixedNow } : {}),
    });
    console.log(`Demo sync server on ${embedded.url} — users ${DEMO_USERS.map((u) => u.username).join(', ')}, password "${DEMO_PASSWORD}" (demo only)`);
    if (services.sync.status().state === 'local_only') {
      await services.sync.login(embedded.url, DEMO_USERS[0].username, DEMO_PASSWORD);
    }
  }
  const webHost = await startWebHost({ handlers: services.handlers, hub, rendererDir, host: values.host, port, downloads: services.downloads });
  console.log(`Quita web host listening on ${webHost.url} (data: ${dataDir})`);
  if (values['open-hint']) console.log(`Open ${webHost.url} in a browser.`);

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await webHost.close();
    services.close();
    await embedded?.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof StoreOpenError || error instanceof QuitaError) {
    console.error(`Quita cannot open its data: ${error.message}`);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

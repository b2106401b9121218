import { createHash } from 'node:crypto';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRuntime, seedSample } from '../src/runtime.js';
import { getRaw, type Recording } from './recording.js';
import { addStoryCopies } from './stories.js';

/** The processes the benchmarks measure: the compiled service and the minimal baseline app. */

const ROOT = new URL('..', import.meta.url).pathname;
export const PARTNER_KEY = 'KEY';

/** The benchmark's one partner: every language, embargoed items, the largest quota the file allows. */
function writePartnersFile(dir: string): string {
  const path = join(dir, 'partners.json');
  writeFileSync(path, JSON.stringify([{ name: 'bench', keySha256: createHash('sha256').update(PARTNER_KEY).digest('hex'), requestsPerMinute: 10_000_000 }]));
  return path;
}
export const ADMIN_TOKEN = 'ADMIN';
const READY_TIMEOUT_MS = 20_000;

export interface RunningProcess {
  baseUrl: string;
  port: number;
  pid: number;
  /** Its stdout and stderr; removed by `stop()`, so read it before. */
  logFile: string;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and removes its temporary files. */
  stop(): Promise<void>;
}

export interface RunningService extends RunningProcess {
  dbPath: string;
}

export interface ServiceOptions {
  /** Stories in the store: the sample story plus copies of it (not used with `dbPath`). */
  stories: number;
  /** A store file to serve as it is, instead of a fresh one: not prepared, not removed by `stop()`. */
  dbPath?: string;
  /** Added to (and overriding) the service's environment. */
  env?: Record<string, string>;
}

let built: Promise<void> | undefined;

/** Compiles src/ to dist/ (once per process): the service is measured as compiled JavaScript. */
export function buildService(): Promise<void> {
  built ??= new Promise((resolve, reject) => {
    execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT }, (error, stdout, stderr) => {
      if (error) reject(new Error(`npx tsc -p tsconfig.build.json failed:\n${stdout}${stderr}`));
      else resolve();
    });
  });
  return built;
}

/**
 * Starts `node dist/cli/main.js serve` as `npm start` runs it, its log going to a file, on a fresh store
 * of `stories` stories (or on `dbPath`), with partner key `KEY` and admin token `ADMIN`; resolves once
 * it answers `GET /`.
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  if (!options.dbPath && options.stories < 1) throw new Error('startService: the store holds at least the sample story');
  await buildService();
  const dir = mkdtempSync(join(tmpdir(), 'rojname-bench-'));
  try {
    const dbPath = options.dbPath ?? join(dir, 'rojname.db');
    if (!options.dbPath) await prepareStore(dbPath, options.stories);
    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      ROJNAME_DB: dbPath,
      // A partners file, so the benchmark's partner has a quota above what it asks (the default is 600 a minute).
      ROJNAME_PARTNERS_FILE: writePartnersFile(dir),
      ROJNAME_ADMIN_TOKEN: ADMIN_TOKEN,
      ROJNAME_BASE_URL: baseUrl,
      ...options.env,
    };
    const running = await startProcess(['dist/cli/main.js', 'serve'], env, dir, 'service.log', port, (status) => status === 200);
    return { ...running, dbPath };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The sample story plus `stories - 1` copies of it, in a new store file. */
async function prepareStore(dbPath: string, stories: number): Promise<void> {
  const { store } = openRuntime(dbPath);
  try {
    await seedSample(store);
    await addStoryCopies(store, stories - 1, new Date());
  } finally {
    await store.close();
  }
}

/** Starts bench/minimal-app.ts serving `recording`; resolves once it answers. */
export async function startMinimalApp(recording: Recording): Promise<RunningProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'rojname-bench-minimal-'));
  try {
    const file = join(dir, 'recording.json');
    writeFileSync(file, JSON.stringify(recording));
    const port = await findFreePort();
    return await startProcess(['--import', 'tsx', 'bench/minimal-app.ts', file, String(port)], {}, dir, 'minimal-app.log', port, () => true);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The last lines of a log, to explain a failure. */
export function logTail(logFile: string, chars = 3000): string {
  return existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-chars) : '(no log)';
}

async function startProcess(args: string[], env: Record<string, string>, dir: string, logName: string, port: number, ready: (status: number) => boolean): Promise<RunningProcess> {
  const logFile = join(dir, logName);
  const fd = openSync(logFile, 'a');
  // BENCH_NODE_ARGS: extra node flags for the measured processes (e.g. `--cpu-prof`), to profile what the bench loads.
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [];
  const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(child, `${baseUrl}/`, ready, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, port, pid: child.pid!, logFile, stop };
}

async function waitUntilAnswering(child: ChildProcess, url: string, ready: (status: number) => boolean, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${url}: the process exited (${child.exitCode ?? child.signalCode}) before answering; its log:\n${logTail(logFile)}`);
    }
    try {
      const res = await getRaw(url, {}, 1000);
      if (ready(res.status)) return;
      last = `status ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}: not ready after ${READY_TIMEOUT_MS / 1000} s (${last}); its log:\n${logTail(logFile)}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ArticleStore } from '../../src/store/store.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const CLI = join(ROOT, 'src/cli/main.ts');

/** Every version of every story and the whole change log: what must survive hostile traffic unchanged. */
export async function dumpStore(store: ArticleStore): Promise<unknown> {
  const changes = await store.changes(0, Number.MAX_SAFE_INTEGER);
  const ids = [...new Set(changes.map((c) => c.articleId))].sort();
  const stories: Record<string, unknown> = {};
  for (const id of ids) stories[id] = await store.history(id);
  return { changes, stories };
}

/** Polls `check` until it returns something other than undefined; fails after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  raw: string;
}

/** Parses the first HTTP/1.1 response in what a socket received. */
export function parseResponse(raw: string): RawResponse {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  return { status, headers, body: end < 0 ? '' : raw.slice(end + 4), raw };
}

/**
 * Writes bytes to a fresh connection and reads until the server closes it (or `ms` pass, then the
 * client closes it): for requests `fetch` refuses to send (CR/LF in values, raw bytes, bad framing).
 */
export function rawExchange(port: number, data: string | Buffer, ms = 5_000): Promise<RawResponse & { closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      closedByServer = true;
      socket.end();
    });
    socket.on('error', () => {
      closedByServer = true;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ...parseResponse(Buffer.concat(chunks).toString('latin1')), closedByServer });
    });
    socket.once('connect', () => socket.write(data));
  });
}

/** Opens a connection and resolves once it is connected. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Every XML document given is well formed (xmllint, one process for all of them). */
export function assertWellFormedXml(docs: Record<string, string>): void {
  const dir = mkdtempSync(join(tmpdir(), 'rojname-wf-'));
  const files = Object.entries(docs).map(([name, xml], i) => {
    const file = join(dir, `${i}-${name.replace(/[^a-z0-9.-]+/gi, '_')}.xml`);
    writeFileSync(file, xml);
    return file;
  });
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--huge', ...files], { stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`not well formed:\n${String((error as { stderr?: Buffer }).stderr ?? error).slice(0, 2000)}`);
  }
}

export interface Service {
  port: number;
  base: string;
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything it wrote on standard output and standard error so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once it has exited. */
  exited: Promise<number | string | null>;
}

export const SERVICE_ADMIN = 'hostile-admin-token';
export const SERVICE_PARTNER = 'hostile-partner-key';

/** `rojname serve` as a real process on a free loopback port, on the given store file. */
export async function startService(dbPath: string, env: Record<string, string> = {}): Promise<Service> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ROJNAME_DB: dbPath, ROJNAME_ADMIN_TOKEN: SERVICE_ADMIN, ROJNAME_PARTNER_KEYS: `p:${SERVICE_PARTNER}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const port = await waitFor(
    'the service to listen',
    () => {
      if (child.exitCode !== null) throw new Error(`the service exited: ${out}`);
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      return m ? Number(m[1]) : undefined;
    },
    30_000,
  );
  return { port, base: `http://127.0.0.1:${port}`, child, output: () => out, exited };
}

/** tsx's loader by absolute path, so the CLI runs from any working folder. */
export const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface CliRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Runs `rojname ARGS` from the sources in `cwd`, with `input` on standard input; killed after `ms`. */
export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string>; input?: string | Buffer; ms?: number }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.ms ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** A stack trace, or an error printed the way Node prints an uncaught one. */
export const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$|^(\w+)?Error(: |$)|^Node\.js v\d+/m;

/** Runs `tasks` at most `limit` at a time. */
export async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

import { spawn, type ChildProcess } from 'node:child_process';

/** The real CLI, as `npx rojname` runs it from a checkout (tsx, no build step). */
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

/** How long a child may take to start or stop before the test fails (a busy 2-core machine). */
const START_MS = 60_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `rojname ARGS` to its end with `env` over this process's environment. */
export async function runRojname(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, stdout, stderr };
}

export interface Replica {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, and the exit code (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
}

/**
 * `rojname serve` in a child process on a free port (PORT=0; the port is read from its start-up
 * line), with `env`; resolves once it listens. `baseUrl` is what every replica is given as
 * ROJNAME_BASE_URL, so that their links (and so their bytes) are the same.
 */
export async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, [...CLI, 'serve'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (out += s));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not listening after ${START_MS / 1000} s: ${out}`)), START_MS);
    const look = () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited ${code} before listening: ${out}`));
    });
  });
  return {
    name,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls `check` every 10 ms until it returns true; fails after `ms`, naming `what`. */
export async function waitFor(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

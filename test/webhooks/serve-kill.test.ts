import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/partners/partner.js';
import { newStory } from '../partners/harness.js';
import { newSecret, startReceiver, type Receiver } from './receiver.js';

/**
 * At least once across a crash: a real `rojname serve` (the CLI, as a child process) on an SQLite
 * file with a partners file, killed with SIGKILL while its deliveries are still failing, then
 * started again: the receiver gets every change, in order, and the attempts of one change carry
 * the same webhook-id in both processes.
 */

const ADMIN = 'kill-test-admin';
const KEY = 'hook-partner-key';
const SECRET = newSecret(5);

interface Served {
  child: ChildProcess;
  base: string;
  out(): string;
}

const children: ChildProcess[] = [];
let receiver: Receiver | undefined;
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await receiver?.close();
});

async function serve(env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (out += s));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, out: () => out };
}

/** Polls until `done()` holds; fails after `ms` (10 s unless the wait is bounded by a lease). */
async function eventually(done: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webhook delivery across a SIGKILL of rojname serve', () => {
  it('delivers every change after the restart, with the webhook-id the killed process used', { timeout: 120_000 }, async () => {
    // The receiver fails every attempt until told otherwise.
    let accepting = false;
    receiver = await startReceiver({ '/hook': SECRET });
    receiver.reply = () => ({ status: accepting ? 200 : 500 });
    const dir = mkdtempSync(join(tmpdir(), 'rojname-kill-'));
    const partnersFile = join(dir, 'partners.json');
    writeFileSync(partnersFile, JSON.stringify([{ name: 'hook', keySha256: sha256Hex(KEY), languages: ['en', 'ar'], webhook: { url: receiver.url('/hook'), secret: SECRET } }]));
    const env = { ROJNAME_DB: join(dir, 'r.db'), ROJNAME_PARTNERS_FILE: partnersFile, ROJNAME_ADMIN_TOKEN: ADMIN };

    const first = await serve(env);
    expect(first.out()).toContain('webhooks for: hook');
    const post = async (s: Served, story: unknown) => {
      const res = await fetch(`${s.base}/api/articles`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(story) });
      expect(res.status).toBe(201);
    };
    await post(first, newStory('one', ['en', 'ckb']));
    await post(first, newStory('two', ['ar']));
    await post(first, newStory('three', ['en']));
    await eventually(() => receiver!.attempts.length >= 2);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    // Nothing was acknowledged: only the first change was attempted (in order, one at a time).
    const before = [...receiver.attempts];
    expect(new Set(before.map((a) => a.id))).toEqual(new Set(['msg_hook_5']));
    expect(before.every((a) => a.outcome === 500)).toBe(true);

    accepting = true;
    const second = await serve(env);
    // Within the retry's backoff (a few seconds), or a lease's 15 s had the kill cut an attempt short.
    await eventually(() => receiver!.delivered('/hook').length === 3, 30_000);
    expect(receiver.delivered('/hook').map((a) => [a.id, a.event.data.storyId, a.event.data.language])).toEqual([
      ['msg_hook_5', 'one', 'en'],
      ['msg_hook_7', 'two', 'ar'],
      ['msg_hook_8', 'three', 'en'],
    ]);
    // The same change, the same id, from either process; the ckb change (6) was never the partner's.
    expect(receiver.attempts.filter((a) => a.event.data.cursor === '5').every((a) => a.id === 'msg_hook_5')).toBe(true);
    expect(receiver.attempts.some((a) => a.id === 'msg_hook_6')).toBe(false);
    const account = await (await fetch(`${second.base}/newsml/account`, { headers: { authorization: `Bearer ${KEY}` } })).json();
    expect(account.webhook).toMatchObject({ url: receiver.url('/hook'), pending: 0, lastStatus: 200, failures: 0 });
    second.child.kill('SIGTERM');
    expect(await new Promise((r) => second.child.once('exit', (code) => r(code)))).toBe(0);
    expect(receiver.rejected).toEqual([]);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCALES_DIR } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import type { LocaleProblem, Resources } from '../../src/i18n/locale-files.js';
import { watchLocales } from '../../src/i18n/watch-locales.js';

const SAMPLE_ID = '2021-02-18-nato-iraq-mission-eightfold';

/** A fresh copy of the shipped locale files, and a way to edit one of them. */
function copyLocales() {
  const dir = join(mkdtempSync(join(tmpdir(), 'rojname-watch-')), 'locales');
  cpSync(LOCALES_DIR, dir, { recursive: true });
  const edit = (file: string, from: string, to: string) => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
    writeFileSync(path, text.replace(from, to));
  };
  return { dir, edit };
}

/** Resolves with the first value `poll` returns that is not undefined, checking every 20 ms. */
async function until<T>(poll: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = poll();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('watchLocales', () => {
  const stops: (() => void)[] = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  function watch(dir: string) {
    const reloads: Resources[] = [];
    const reports: LocaleProblem[][] = [];
    stops.push(watchLocales({ languages: defaultLanguages, dir, debounceMs: 50, onReload: (r) => reloads.push(r), onProblems: (p) => reports.push(p) }));
    return { reloads, reports };
  }

  it('hands over the new texts once a valid edit settles', async () => {
    const { dir, edit } = copyLocales();
    const { reloads, reports } = watch(dir);
    edit('kmr/common.json', '"feeds": "Herikên nûçeyan"', '"feeds": "Herik"');
    const resources = await until(() => reloads[0], 'a reload');
    expect((resources.kmr!.common!.labels as Record<string, string>).feeds).toBe('Herik');
    expect(reports).toEqual([]);
  });
  it('reports an invalid edit by file, key and problem, and hands over nothing', async () => {
    const { dir, edit } = copyLocales();
    const { reloads, reports } = watch(dir);
    edit('ar/common.json', '{{provider}}', '{{provder}}');
    const problems = await until(() => reports[0], 'a report');
    expect(problems).toEqual([
      { file: 'locales/ar/common.json', key: 'feed.rights', message: 'placeholder {{provider}} is missing' },
      { file: 'locales/ar/common.json', key: 'feed.rights', message: 'placeholder {{provder}} is not in the source text' },
    ]);
    expect(reloads).toEqual([]);
  });
});

interface Server {
  child: ChildProcess;
  port: number;
  /** Every line written to standard output so far. */
  lines: string[];
}

/** `rojname serve --watch-locales` on a throw-away store, reading the locale files in `dir`. */
async function startServer(dir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--watch-locales'], {
    env: { ...process.env, ROJNAME_DB: ':memory:', PORT: '0', HOST: '127.0.0.1', ROJNAME_LOCALES_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    const parts = (pending + s).split('\n');
    pending = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const port = await until(() => {
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${stderr}`);
    const m = lines.map((l) => /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(l)).find(Boolean);
    return m ? Number(m[1]) : undefined;
  }, 'the server to listen', 60_000);
  return { child, port, lines };
}

/** The JSON log records written after line `from`. */
function records(server: Server, from: number): Record<string, unknown>[] {
  return server.lines.slice(from).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('rojname serve --watch-locales', () => {
  it('serves a valid edit from the next request on, with new entity tags, and keeps serving the last good texts through a broken one', async () => {
    const { dir, edit } = copyLocales();
    const server = await startServer(dir);
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { headers });
      return { status: res.status, etag: res.headers.get('etag'), body: await res.text() };
    };
    try {
      const before = { rss: await get('/en/rss.xml'), page: await get(`/en/articles/${SAMPLE_ID}`), home: await get('/kmr/') };
      expect(before.rss.body).toContain('<title>Rojname — News in English</title>');
      expect(before.page.body).toContain('Published <time');
      expect(before.home.body).toContain('<h2 id="feeds">Herikên nûçeyan</h2>');

      let mark = server.lines.length;
      edit('en/common.json', '"title": "Rojname — News in English"', '"title": "Rojname — English edition"');
      edit('en/common.json', '"published": "Published {{date}}"', '"published": "First published {{date}}"');
      edit('kmr/common.json', '"feeds": "Herikên nûçeyan"', '"feeds": "Herikên nûçeyan (RSS)"');
      await until(() => records(server, mark).find((r) => String(r.msg).startsWith('locales reloaded')), 'the reload');

      const after = { rss: await get('/en/rss.xml'), page: await get(`/en/articles/${SAMPLE_ID}`), home: await get('/kmr/') };
      expect(after.rss.body).toContain('<title>Rojname — English edition</title>');
      expect(after.rss.etag).not.toBe(before.rss.etag);
      expect(after.page.body).toContain('First published <time');
      expect(after.page.etag).not.toBe(before.page.etag);
      expect(after.home.body).toContain('<h2 id="feeds">Herikên nûçeyan (RSS)</h2>');
      expect(after.home.etag).not.toBe(before.home.etag);
      // A reader holding the old validator gets the new bytes, not a 304.
      expect((await get(`/en/articles/${SAMPLE_ID}`, { 'if-none-match': before.page.etag! })).status).toBe(200);

      // A trailing comma: logged with its line and column; the texts of the last good edit stay.
      mark = server.lines.length;
      const good = readFileSync(join(dir, 'en/common.json'), 'utf8');
      const end = good.lastIndexOf('"') + 1;
      writeFileSync(join(dir, 'en/common.json'), `${good.slice(0, end)},${good.slice(end)}`);
      const [line, column] = [good.slice(0, end).split('\n').length, end - good.lastIndexOf('\n', end - 1)];
      const broken = await until(() => records(server, mark).find((r) => r.level === 50), 'the problem to be logged');
      expect(broken).toMatchObject({ file: `${dir}/en/common.json`, key: '', problem: 'trailing comma before "}": remove this comma', line, column });
      expect(broken.msg).toBe(`${dir}/en/common.json:${line}:${column}: trailing comma before "}": remove this comma (not reloaded: the previous translations are still served)`);
      const still = await get('/en/rss.xml');
      expect(still.body).toContain('<title>Rojname — English edition</title>');
      expect(still.etag).toBe(after.rss.etag);

      // A placeholder lost in Arabic: named by file and key; Arabic readers keep the working rights line.
      mark = server.lines.length;
      writeFileSync(join(dir, 'en/common.json'), good);
      edit('ar/common.json', '{{provider}}', '{{provder}}');
      const lost = await until(() => records(server, mark).find((r) => r.level === 50), 'the problem to be logged');
      expect(lost).toMatchObject({ file: `${dir}/ar/common.json`, key: 'feed.rights', problem: 'placeholder {{provider}} is missing' });
      const arabic = await get('/ar/rss.xml');
      expect(arabic.body).toContain('جميع الحقوق محفوظة');
      expect(arabic.body).not.toContain('{{provider}}');
      expect(arabic.body).not.toContain('{provder}');
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('close', r));
    }
  }, 90_000);
});

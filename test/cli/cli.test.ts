import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { RECORD_FILE } from '../../src/cli/output-folder.js';
import { listSourceKeys } from '../../src/i18n/check-locales.js';
import { LOCALES_DIR } from '../../src/i18n/i18n.js';
import { openRuntime } from '../../src/runtime.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';
import { checkAtom } from '../helpers/official.js';

const SAMPLE_ID = '2021-02-18-nato-iraq-mission-eightfold';
const SLOW = 90_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh folder, with the store path the CLI will use in it. */
function tempDir(prefix = 'rojname-cli-'): { dir: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, db: join(dir, 'r.db') };
}

/** Runs the real CLI in a child process (asynchronously, so tests can run side by side). */
function rojname(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, 'src/cli/main.ts', ...args], {
    env: { ...process.env, ROJNAME_DB: tempDir().db, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `rojname build` into `out` on the store `db`. */
function build(db: string, out: string, flags: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return rojname(['build', '--out', out, ...flags], { ROJNAME_DB: db, ...env });
}

/** Opens the store the CLI uses, does something to it, closes it. */
async function withStore<T>(db: string, fn: (store: ReturnType<typeof openRuntime>['store']) => Promise<T>): Promise<T> {
  const { store } = openRuntime(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Every file under `dir` (relative, POSIX), with its bytes, mtime and inode. */
function snapshot(dir: string, sub = '', found = new Map<string, { bytes: Buffer; mtimeMs: number; ino: number }>()) {
  for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
    const path = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) snapshot(dir, path, found);
    else {
      const stats = statSync(join(dir, path));
      found.set(path, { bytes: readFileSync(join(dir, path)), mtimeMs: stats.mtimeMs, ino: stats.ino });
    }
  }
  return found;
}

const SUMMARY = /^build: ([\d,]+) written, ([\d,]+) unchanged, ([\d,]+) removed, \d+(?:\.\d)? (?:B|KB|MB), \d+\.\d s → (.+)\/ \(links use (\S+)\)$/m;

function summaryOf(r: Run) {
  const m = SUMMARY.exec(r.stdout);
  if (!m) throw new Error(`no summary line in:\n${r.stdout}\n${r.stderr}`);
  const n = (s: string) => Number(s.replaceAll(',', ''));
  return { written: n(m[1]!), unchanged: n(m[2]!), removed: n(m[3]!), out: m[4]!, baseUrl: m[5]! };
}

describe.concurrent('help', () => {
  it.each(COMMANDS.map((c) => c.name))('%s: --help, -h and `help <command>` print its usage on stdout and do nothing else', async (name) => {
    const { dir, db } = tempDir();
    const runs = await Promise.all([rojname([name, '--help'], { ROJNAME_DB: db }), rojname([name, '-h'], { ROJNAME_DB: db }), rojname(['help', name], { ROJNAME_DB: db })]);
    for (const r of runs) {
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(new RegExp(`^usage: rojname ${name}\\b`));
      expect(r.stdout).toBe(runs[0]!.stdout);
    }
    // serve started no server, seed seeded nothing: no store was even created.
    expect(readdirSync(dir)).toEqual([]);
  });
  it('--help among other options still only prints the usage', async () => {
    const { dir, db } = tempDir();
    const r = await rojname(['import', 'content/sample/en.txt', '--lang', 'en', '--help'], { ROJNAME_DB: db });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: rojname import /);
    expect(readdirSync(dir)).toEqual([]);
  });
  it.each([[[]], [['--help']], [['-h']], [['help']]])('rojname %j prints the general usage on stdout, every command listed', async (args) => {
    const r = await rojname(args);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: rojname <command>/);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name} `);
  });
  it('help loads no command module (nor hono, ajv or the store)', async () => {
    const { dir } = tempDir();
    const log = join(dir, 'imports.log');
    for (const args of [['--help'], ['serve', '--help'], ['build', '-h'], ['help', 'import']]) {
      const r = await rojname(args, { ROJNAME_IMPORT_LOG: log }, ['--import', './test/cli/fixtures/record-imports.mjs']);
      expect(r.code).toBe(0);
    }
    const loaded = readFileSync(log, 'utf8');
    expect(loaded).toContain('/src/cli/commands.ts');
    expect(loaded).not.toMatch(/node_modules\/(hono|@hono|ajv|better-sqlite3|i18next)\//);
    expect(loaded).not.toMatch(/\/src\/(store|http|publish|formats)\//);
    expect(loaded).not.toMatch(/\/src\/cli\/(serve|seed|import|build|preview|locales|schemas)\.ts/);
  });
});

describe('usage text', () => {
  const usage = (name: string) => COMMANDS.find((c) => c.name === name)!.usage;
  const cases: [string, string[]][] = [
    ['serve', ['PORT', 'HOST', 'ROJNAME_DB', 'ROJNAME_BASE_URL', 'ROJNAME_ADMIN_TOKEN', 'ROJNAME_PARTNER_KEYS']],
    ['seed', ['ROJNAME_DB']],
    ['import', ['--lang', '--published', '--provider-uri', '--provider', '--id', '--country', '--subject', '--dry-run', 'ROJNAME_DB']],
    ['build', ['--out', '--base-url', '--force', 'ROJNAME_DB', 'ROJNAME_BASE_URL']],
    ['preview', ['LANG', 'rss|atom|json|newsml']],
    ['locales', ['locales check']],
    ['schemas', ['--check']],
  ];
  it.each(cases)('%s lists its flags and the settings it reads', (name, words) => {
    for (const w of words) expect(usage(name)).toContain(w);
    expect(usage(name)).toContain('-h, --help');
  });
});

describe.concurrent('errors', () => {
  it('an unknown command: one line and a hint on stderr, exit 2', async () => {
    const r = await rojname(['frobnicate']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('rojname: unknown command "frobnicate"\nrun `rojname --help` for the list of commands\n');
    expect((await rojname(['help', 'frobnicate'])).code).toBe(2);
  });
  it('serve on a busy port: one line naming PORT, exit 2, no stack trace', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const r = await rojname(['serve'], { PORT: String(port), HOST: '127.0.0.1' });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`rojname serve: PORT ${port} is already in use (set PORT to another port)\n`);
    } finally {
      busy.close();
    }
  }, SLOW);
  const unusable: [string, () => string, RegExp][] = [
    ['a folder', () => tempDir().dir, /is a folder, not a database file$/],
    ['a file that is not SQLite', () => {
      const { dir } = tempDir();
      writeFileSync(join(dir, 'notes.txt'), 'not a database, just some text that is long enough to have a header\n'.repeat(10));
      return join(dir, 'notes.txt');
    }, /file is not a database$/],
    ['a path under a file', () => {
      const { dir } = tempDir();
      writeFileSync(join(dir, 'file'), '');
      return join(dir, 'file', 'sub', 'r.db');
    }, /cannot create the folder .*file\/sub \(ENOTDIR: not a directory\)$/],
    ['a missing folder in a read-only place', () => '/sys/rojname-missing/r.db', /cannot create the folder \/sys\/rojname-missing \((EPERM|EACCES|EROFS|ENOENT)\b/],
  ];
  it.each(unusable)('a store that is %s: one line naming ROJNAME_DB, exit 2', async (name, make, reason) => {
    const db = make();
    const out = join(tempDir().dir, 'site');
    for (const command of name === 'a folder' ? ['serve', 'seed', 'build'] : ['serve']) {
      const r = await rojname(command === 'build' ? ['build', '--out', out] : [command], { ROJNAME_DB: db, PORT: '0' });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr).toMatch(new RegExp(`^rojname ${command}: ROJNAME_DB "${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}": `));
      expect(r.stderr.trimEnd()).toMatch(reason);
    }
    expect(existsSync(out)).toBe(false);
  }, SLOW);
  it('refuses a bad setting with exit 2', async () => {
    const r = await rojname(['seed'], { ROJNAME_BASE_URL: 'not a url' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ROJNAME_BASE_URL must be an absolute http(s) URL');
  });
  it('never echoes a malformed partner key', async () => {
    const r = await rojname(['serve'], { ROJNAME_PARTNER_KEYS: 'afp:ok-key,s3cr3t-partner-key-0123456789', PORT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('rojname serve: ROJNAME_PARTNER_KEYS: entry 2 must look like name:KEY\n');
  });
  it('names an argument a command does not take', async () => {
    const r = await rojname(['seed', 'extra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rojname seed: Unexpected argument 'extra'/);
    const p = await rojname(['preview', 'xx']);
    expect(p.code).toBe(2);
    expect(p.stderr).toBe('rojname preview: LANG "xx" is not one of: en, ckb, kmr, ar\n');
  });
});

describe.concurrent('import, locales, preview', () => {
  it('import stores wire copy and prints its notes', async () => {
    const r = await rojname(['import', 'content/sample/en.txt', '--lang', 'en', '--published', '2021-02-18T19:30:00+03:00', '--provider-uri', 'https://www.kurdistan24.net/', '--subject', 'medtop:16000000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^stored "2021-02-18-nato-announces-eight-fold-increase-in-[0-9a-f]{8}" version 1 \(en\)/);
    expect(r.stderr).toContain('note: line 3: the photo caption appears 2 times; kept once');
  });
  it('import refuses copy without a headline: exit 1, a clear message', async () => {
    const { dir } = tempDir('rojname-copy-');
    const file = join(dir, 'copy.txt');
    writeFileSync(file, readFileSync('content/sample/en.txt', 'utf8').split('\n').slice(2).join('\n'));
    const r = await rojname(['import', file, '--lang', 'en', '--published', '2021-02-18T19:30:00+03:00', '--provider-uri', 'https://www.kurdistan24.net/']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rojname import: wire copy is invalid:\n  /headline: line 1 is not a headline');
  });
  it('import names a missing option, and a file it cannot read, with exit 2', async () => {
    const r = await rojname(['import', 'content/sample/en.txt', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--published is required');
    const missing = await rojname(['import', 'no/such/copy.txt', '--lang', 'en', '--published', '2021-02-18T19:30:00+03:00', '--provider-uri', 'https://www.kurdistan24.net/']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read no/such/copy.txt');
  });
  it('import refuses a place the gazetteer does not know until --country gives its country', async () => {
    const { dir, db } = tempDir('rojname-copy-');
    const file = join(dir, 'copy.txt');
    writeFileSync(file, 'School rebuilt\n\nZAWITA (Kurdistan 24) – Villagers rebuilt their school.\n\nEditing by Jane Doe\n');
    const args = ['import', file, '--lang', 'en', '--published', '2021-02-18T19:30:00+03:00', '--provider-uri', 'https://www.kurdistan24.net/', '--id', 'zawita'];
    const refused = await rojname(args, { ROJNAME_DB: db });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('rojname import: wire copy is invalid:\n  --country: the dateline place "ZAWITA" is not in the gazetteer (content/places.json), so its country is not known: give it, e.g. --country IQ\n');
    const r = await rojname([...args, '--country', 'IQ'], { ROJNAME_DB: db });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('stored "zawita" version 1 (en)\n');
    expect(r.stderr).toContain('note: line 3: the dateline place "ZAWITA" is not in the gazetteer (content/places.json); country IQ as given (--country), no GeoNames id\n');
    expect((await withStore(db, (store) => store.get('zawita')))!.located).toEqual({ name: { en: 'Zawita' }, countryCode: 'IQ' });
  });
  it('import refuses a --country that contradicts the gazetteer, and a malformed one', async () => {
    const base = ['import', 'content/sample/en.txt', '--lang', 'en', '--published', '2021-02-18T19:30:00+03:00', '--provider-uri', 'https://www.kurdistan24.net/'];
    const wrong = await rojname([...base, '--country', 'SY']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('  --country: SY contradicts the gazetteer: the dateline place "ERBIL" is Erbil (GeoNames 95446), in IQ; leave --country out or give IQ\n');
    const malformed = await rojname([...base, '--country', 'Iraq']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('  --country: "Iraq" is not an ISO 3166-1 alpha-2 country code (e.g. --country IQ for Iraq)\n');
  });
  it('import refuses an unknown option with exit 2, without a stack trace', async () => {
    const r = await rojname(['import', 'content/sample/en.txt', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rojname import: Unknown option '--bogus'/);
    expect(r.stderr).not.toContain('    at ');
  });
  it('locales check passes on the shipped files', async () => {
    const r = await rojname(['locales', 'check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('locales ok: en, ckb, kmr, ar\n');
  });
  it('preview renders the sample story with the current locale files', async () => {
    const r = await rojname(['preview', 'ar', 'atom']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">');
    expect(r.stdout).toContain('روجنامه — أخبار بالعربية');
  });
});

describe.concurrent('build', () => {
  it('writes every feed, page and picture, valid, with compressed siblings, and a record of them; .gitkeep is no obstacle', async () => {
    const { dir, db } = tempDir('rojname-out-');
    const out = join(dir, 'site');
    mkdirSync(out);
    writeFileSync(join(out, '.gitkeep'), '');
    const r = await build(db, out, [], { ROJNAME_BASE_URL: 'https://news.example.org' });
    expect(r.code, r.stderr).toBe(0);
    expect(summaryOf(r)).toMatchObject({ unchanged: 0, removed: 0, out, baseUrl: 'https://news.example.org' });
    // Not a terminal: one plain progress line per language.
    expect(r.stdout).toContain('en: 1 page\nckb: 1 page\nkmr: 1 page\nar: 1 page\n');
    expect(existsSync(join(out, '.gitkeep'))).toBe(true);
    for (const lang of ['en', 'ckb', 'kmr', 'ar']) {
      for (const f of ['rss.xml', 'atom.xml', 'feed.json', 'index.html', 'rss.xml.gz', 'rss.xml.br']) expect(existsSync(join(out, lang, f)), `${lang}/${f}`).toBe(true);
      expect(existsSync(join(out, lang, 'articles', SAMPLE_ID, 'index.html'))).toBe(true);
    }
    const atom = readFileSync(join(out, 'ckb', 'atom.xml'), 'utf8');
    expect(atom).toContain('href="https://news.example.org/ckb/atom.xml"');
    expect(await checkAtom(atom)).toEqual({ valid: true, errors: [] });
    expect(readdirSync(out).filter((f) => f.startsWith('.build-'))).toEqual([]);
    expect(existsSync(join(out, 'media', 'nato-mission-iraq.jpg'))).toBe(true);
    const record = JSON.parse(readFileSync(join(out, RECORD_FILE), 'utf8')) as { files: Record<string, string> };
    const files = [...snapshot(out).keys()].filter((p) => p !== RECORD_FILE && p !== '.gitkeep').sort();
    expect(Object.keys(record.files)).toEqual(files);
    expect(summaryOf(r).written).toBe(files.length);
  }, SLOW);

  it('writes a page for every public story in every language, not only the 30 in the feed', async () => {
    const { dir, db } = tempDir('rojname-out-');
    await withStore(db, async (store) => {
      for (let i = 0; i < 34; i++) {
        await store.create(makeArticle({ id: `story-${i}`, published: new Date(Date.UTC(2024, 4, 1, 9, i)).toISOString() }));
      }
      await store.create(makeArticle({ id: 'embargoed', embargoedUntil: '2999-01-01T00:00:00Z' }));
      await store.create(makeArticle({ id: 'held', pubStatus: 'withheld' }));
      await store.create(makeArticle({ id: 'in-arabic', sourceLanguage: 'ar', localizations: { ar: makeLocalization({ slug: 'maktaba' }) } }));
    });
    const r = await build(db, join(dir, 'site'));
    expect(r.code, r.stderr).toBe(0);
    const pages = (lang: string) => readdirSync(join(dir, 'site', lang, 'articles')).sort();
    expect(pages('en')).toEqual([SAMPLE_ID, ...Array.from({ length: 34 }, (_, i) => `story-${i}`)].sort());
    expect(pages('ar')).toEqual([SAMPLE_ID, 'in-arabic']);
    expect(r.stdout).toContain('en: 35 pages\n');
  }, SLOW);

  it('refuses a folder holding files it did not write and no record: exit 1, naming one and --force', async () => {
    const { dir, db } = tempDir('rojname-out-');
    const out = join(dir, 'site');
    mkdirSync(join(out, 'blog'), { recursive: true });
    writeFileSync(join(out, 'about.html'), 'about us');
    writeFileSync(join(out, 'blog', 'post.html'), 'a post');
    const r = await build(db, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rojname build: --out .*site\/: holds files rojname build did not write \(about\.html and 1 more\) and no build record \(\.rojname-build\.json\); .*pass --force/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(readdirSync(out).sort()).toEqual(['about.html', 'blog']);
  }, SLOW);

  it('keeps hand-placed files through a build (--force) and a rebuild, and removes only pages it wrote', async () => {
    const { dir, db } = tempDir('rojname-out-');
    const out = join(dir, 'site');
    mkdirSync(join(out, 'blog'), { recursive: true });
    writeFileSync(join(out, 'about.html'), 'about us');
    writeFileSync(join(out, 'blog', 'post.html'), 'a post');
    await withStore(db, (store) => store.create(makeArticle({ id: 'short-lived' })));
    const first = await build(db, out, ['--force']);
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(out, 'en', 'articles', 'short-lived', 'index.html'))).toBe(true);
    await withStore(db, (store) => store.kill('short-lived'));
    const second = await build(db, out);
    expect(second.code, second.stderr).toBe(0);
    // The killed story's page becomes the withdrawn notice its tombstone links to; the archive of
    // its month and the feeds of its topic go (it was the only story of both): the archive's
    // atom.xml and feed.json and the topic's rss.xml, atom.xml and feed.json, each with .gz and .br.
    expect(summaryOf(second).removed).toBe(15);
    expect(existsSync(join(out, 'en', 'topics', '05000000', 'rss.xml'))).toBe(false);
    expect(existsSync(join(out, 'en', 'archive', '2024', '05', 'atom.xml'))).toBe(false);
    expect(readFileSync(join(out, 'en', 'articles', 'short-lived', 'index.html'), 'utf8')).toContain('<h1>Story withdrawn</h1>');
    expect(readFileSync(join(out, 'about.html'), 'utf8')).toBe('about us');
    expect(readFileSync(join(out, 'blog', 'post.html'), 'utf8')).toBe('a post');
    const record = JSON.parse(readFileSync(join(out, RECORD_FILE), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(record.files)).not.toContain('about.html');
    expect(Object.keys(record.files)).not.toContain('en/archive/2024/05/atom.xml');
  }, SLOW);

  it('refuses a file it did not write at a path it must write (exit 1, naming it); --force overwrites it and records it', async () => {
    const { dir, db } = tempDir('rojname-out-');
    const out = join(dir, 'site');
    expect((await build(db, out)).code).toBe(0);
    const record = readFileSync(join(out, RECORD_FILE));
    mkdirSync(join(out, 'en', 'articles', 'late-story'), { recursive: true });
    writeFileSync(join(out, 'en', 'articles', 'late-story', 'index.html'), 'my own page');
    await withStore(db, (store) => store.create(makeArticle({ id: 'late-story' })));
    const refused = await build(db, out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^rojname build: \/.*site\/en\/articles\/late-story\/index\.html: a file rojname build did not write is where the build writes one; move it away, or pass --force to overwrite it\n$/);
    // Refused before anything moved: the folder is as it was.
    expect(readFileSync(join(out, 'en', 'articles', 'late-story', 'index.html'), 'utf8')).toBe('my own page');
    expect(readFileSync(join(out, RECORD_FILE))).toEqual(record);
    expect(readdirSync(out).filter((f) => f.startsWith('.build-'))).toEqual([]);
    const forced = await build(db, out, ['--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('note: overwrote en/articles/late-story/index.html');
    expect(readFileSync(join(out, 'en', 'articles', 'late-story', 'index.html'), 'utf8')).toContain('<html');
    const again = await build(db, out);
    expect(again.code, again.stderr).toBe(0);
    expect(summaryOf(again).written).toBe(0);
  }, SLOW);

  it('builds the same bytes from the same store, every time', async () => {
    const { dir, db } = tempDir('rojname-out-');
    expect((await rojname(['seed'], { ROJNAME_DB: db })).code).toBe(0);
    await withStore(db, async (store) => {
      await store.create(makeArticle({ id: 'second-story', localizations: { en: makeLocalization(), kmr: makeLocalization({ slug: 'pirtukxane' }) } }));
    });
    const a = await build(db, join(dir, 'a'));
    const b = await build(db, join(dir, 'b'));
    expect([a.code, b.code]).toEqual([0, 0]);
    const [x, y] = [snapshot(join(dir, 'a')), snapshot(join(dir, 'b'))];
    expect([...y.keys()]).toEqual([...x.keys()]);
    for (const [path, file] of x) expect(y.get(path)!.bytes.equals(file.bytes), path).toBe(true);
  }, SLOW);

  it('rewrites only the files whose bytes changed after one edit; the others keep their mtime', async () => {
    const { dir, db } = tempDir('rojname-out-');
    const out = join(dir, 'site');
    expect((await build(db, out)).code).toBe(0);
    const before = snapshot(out);
    await withStore(db, async (store) => {
      const story = (await store.get(SAMPLE_ID))!;
      const en = { ...story.localizations.en!, headline: 'NATO to expand its Iraq mission eightfold' };
      await store.update(SAMPLE_ID, { ...story, localizations: { ...story.localizations, en } }, story.version);
    });
    const r = await build(db, out);
    expect(r.code, r.stderr).toBe(0);
    const after = snapshot(out);
    const files = [...after.keys()].filter((p) => p !== RECORD_FILE);
    const changed = files.filter((p) => !before.get(p)!.bytes.equals(after.get(p)!.bytes));
    expect(changed).toContain(`en/articles/${SAMPLE_ID}/index.html`);
    expect(changed).toContain('en/rss.xml');
    // Editing one language's text changes only that language's outputs, and the site-wide files
    // that list it: the home page (its latest stories) and, where built, the sitemaps.
    expect(changed).toContain('index.html');
    const siteWide = (p: string) => ['index.html', 'index.html.gz', 'index.html.br'].includes(p) || /^(sitemap|news-sitemap|sitemap-home|sitemap-en-\d+)\.xml(\.gz|\.br)?$/.test(p);
    expect(changed.filter((p) => !p.startsWith('en/') && !siteWide(p))).toEqual([]);
    expect(summaryOf(r)).toMatchObject({ written: changed.length, unchanged: files.length - changed.length, removed: 0 });
    for (const path of files.filter((p) => !changed.includes(p))) {
      expect({ path, mtimeMs: after.get(path)!.mtimeMs, ino: after.get(path)!.ino }).toEqual({ path, mtimeMs: before.get(path)!.mtimeMs, ino: before.get(path)!.ino });
    }
  }, SLOW);

  it('--base-url overrides ROJNAME_BASE_URL; a bad one is refused with exit 2, naming --base-url', async () => {
    const { dir, db } = tempDir('rojname-out-');
    const out = join(dir, 'site');
    const r = await build(db, out, ['--base-url', 'https://static.example.org/news/'], { ROJNAME_BASE_URL: 'https://news.example.org' });
    expect(r.code, r.stderr).toBe(0);
    expect(summaryOf(r).baseUrl).toBe('https://static.example.org/news');
    expect(readFileSync(join(out, 'ckb', 'atom.xml'), 'utf8')).toContain('href="https://static.example.org/news/ckb/atom.xml"');
    expect(readFileSync(join(out, 'ckb', 'atom.xml'), 'utf8')).not.toContain('news.example.org');
    const bad = await build(db, join(dir, 'other'), ['--base-url', 'ftp://news.example.org']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('rojname build: --base-url must be an absolute http(s) URL, not "ftp://news.example.org"\n');
    expect(existsSync(join(dir, 'other'))).toBe(false);
  }, SLOW);
});

describe('build: robots.txt, favicon and sitemaps', () => {
  it('writes them byte for byte as the service serves them for the same store and base URL, and every URL they name is a built file', async () => {
    const { createApp } = await import('../../src/http/app.js');
    const { createTranslator } = await import('../../src/i18n/i18n.js');
    const { defaultLanguages } = await import('../../src/i18n/languages.js');
    const { dir, db } = tempDir('rojname-out-');
    const base = 'https://static.example.org/news';
    await withStore(db, async (store) => {
      // Published an hour ago: in the news sitemap of the build and of the service alike.
      const published = new Date(Date.now() - 3_600_000).toISOString();
      const ar = makeLocalization({ slug: 'maktaba', translation: { from: 'en', fromVersion: 1, by: 'Desk' } });
      await store.create(makeArticle({ id: 'fresh-story', published, localizations: { en: makeLocalization(), ar } }));
      await store.create(makeArticle({ id: 'not-yet', embargoedUntil: '2999-01-01T00:00:00Z' }));
      await store.create(makeArticle({ id: 'held-back', pubStatus: 'withheld' }));
    });
    const out = join(dir, 'site');
    const r = await build(db, out, ['--base-url', `${base}/`]);
    expect(r.code, r.stderr).toBe(0);
    const built = [...snapshot(out).keys()];
    const files = built.filter((p) => /^(robots\.txt|favicon\.ico|(news-)?sitemap(-[a-z0-9-]+)?\.xml)$/.test(p)).sort();
    expect(files).toEqual(['favicon.ico', 'news-sitemap.xml', 'robots.txt', 'sitemap-ar-1.xml', 'sitemap-ckb-1.xml', 'sitemap-en-1.xml', 'sitemap-home.xml', 'sitemap-kmr-1.xml', 'sitemap.xml']);

    const runtime = openRuntime(db);
    try {
      const app = createApp({ ...runtime, translator: createTranslator(defaultLanguages), baseUrl: base, partnerKeys: new Map(), log: () => {} });
      for (const file of files) {
        const res = await app.request(`/${file}`);
        expect(res.status, file).toBe(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(out, file))), file).toBe(true);
      }
      app.services.sitemaps?.stop();
      app.services.publisher.stop();
    } finally {
      await runtime.store.close();
    }
    // Compressed siblings, for static servers that send them, of the same bytes.
    const { gunzipSync, brotliDecompressSync } = await import('node:zlib');
    for (const file of files.filter((f) => f.endsWith('.xml'))) {
      expect(gunzipSync(readFileSync(join(out, `${file}.gz`))).equals(readFileSync(join(out, file))), file).toBe(true);
      expect(brotliDecompressSync(readFileSync(join(out, `${file}.br`))).equals(readFileSync(join(out, file))), file).toBe(true);
    }

    const read = (file: string) => readFileSync(join(out, file), 'utf8');
    expect(read('robots.txt')).toContain(`Sitemap: ${base}/sitemap.xml\n`);
    expect(read('robots.txt')).toContain('Disallow: /news/api/\n');
    const all = files.filter((f) => f.endsWith('.xml')).map(read).join('\n');
    expect(all).toContain(`${base}/ar/articles/fresh-story`);
    expect(all).not.toMatch(/not-yet|held-back/);
    expect(read('news-sitemap.xml')).toContain(`<loc>${base}/en/articles/fresh-story</loc>`);
    // Every URL named: the sitemap in robots.txt, every loc and every hreflang alternate.
    const urls = new Set([
      ...[...read('robots.txt').matchAll(/^Sitemap: (\S+)$/gm)].map((m) => m[1]!),
      ...[...all.matchAll(/<loc>([^<]+)<\/loc>|href="([^"]+)"/g)].map((m) => (m[1] ?? m[2])!.replaceAll('&amp;', '&')),
    ]);
    // sitemap.xml; the home pages' sitemap, four language sitemaps, the news sitemap; four home pages; six article pages.
    expect(urls.size).toBe(1 + 6 + 4 + 6);
    // As a plain static file server maps a URL: the path under the base is a file, or a folder with index.html.
    const fileOf = (url: string) => {
      expect(url.startsWith(`${base}/`), url).toBe(true);
      return join(out, decodeURIComponent(url.slice(base.length + 1)));
    };
    const served = (path: string) => (existsSync(path) && statSync(path).isFile()) || existsSync(join(path, 'index.html'));
    expect([...urls].filter((url) => !served(fileOf(url)))).toEqual([]);
  }, SLOW);
});

describe.concurrent('locales for translators', () => {
  /** A fresh copy of the shipped locale files, with a way to edit one (ROJNAME_LOCALES_DIR points at it). */
  function locales() {
    const dir = join(mkdtempSync(join(tmpdir(), 'rojname-locales-')), 'locales');
    cpSync(LOCALES_DIR, dir, { recursive: true });
    const edit = (file: string, change: (text: string) => string) => {
      const path = join(dir, file);
      const before = readFileSync(path, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`the edit changed nothing in ${file}`);
      writeFileSync(path, after);
    };
    const json = (file: string, change: (doc: Record<string, Record<string, unknown>>) => void) =>
      edit(file, (text) => {
        const doc = JSON.parse(text) as Record<string, Record<string, unknown>>;
        change(doc);
        return `${JSON.stringify(doc, null, 2)}\n`;
      });
    return { dir, env: { ROJNAME_LOCALES_DIR: dir }, edit, json };
  }
  const check = (env: Record<string, string>) => rojname(['locales', 'check'], env);

  it('check fails on a key no code uses, naming the English file and the key', async () => {
    const l = locales();
    const texts = { en: 'Extra', ckb: 'زیادە', kmr: 'Zêde', ar: 'إضافي' };
    for (const [lang, text] of Object.entries(texts)) l.json(`${lang}/common.json`, (d) => ((d.labels as Record<string, string>).extra = text));
    l.json('en/common.descriptions.json', (d) => ((d.labels as Record<string, string>).extra = 'A label no page shows.'));
    const r = await check(l.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${l.dir}/en/common.json: labels.extra: no code uses this key: remove it from every language (or, if the code builds it at run time, declare it in src/i18n/dynamic-keys.ts)\n1 problem(s)\n`);
  }, SLOW);
  it('check fails on a key the code uses that English lacks, naming where it is used', async () => {
    const l = locales();
    l.json('en/common.json', (d) => delete (d.labels as Record<string, string>).feeds);
    l.json('en/common.descriptions.json', (d) => delete (d.labels as Record<string, string>).feeds);
    const r = await check(l.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${l.dir}/en/common\\.json: labels\\.feeds: missing, but the code uses it \\(src/pages/language\\.ts:\\d+\\)$`, 'm'));
    // The other languages still have it: each is named as a key English does not have.
    expect(r.stdout).toContain(`${l.dir}/ar/common.json: labels.feeds: unknown key (not in en)\n`);
  }, SLOW);
  it('check fails on a missing translation and a broken placeholder, by file and key', async () => {
    const l = locales();
    l.json('kmr/common.json', (d) => delete (d.labels as Record<string, string>).feeds);
    l.edit('ar/common.json', (t) => t.replace('{{provider}}', '{{provder}}'));
    const r = await check(l.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `${l.dir}/kmr/common.json: labels.feeds: missing`,
        `${l.dir}/ar/common.json: feed.rights: placeholder {{provider}} is missing`,
        `${l.dir}/ar/common.json: feed.rights: placeholder {{provder}} is not in the source text`,
        '3 problem(s)',
        '',
      ].join('\n'),
    );
  }, SLOW);
  it('check names a JSON syntax error as file:line:column, exit 1, without a stack trace', async () => {
    const l = locales();
    l.edit('ar/common.json', () => '{\n  "site": {\n    "name": "روجنامه",\n  }\n}\n');
    const r = await check(l.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${l.dir}/ar/common.json:3:22: trailing comma before "}": remove this comma\n1 problem(s)\n`);
    expect(r.stderr).toBe('');
  }, SLOW);
  it('check fails on a key without a description and on a description of no key', async () => {
    const l = locales();
    l.json('en/common.descriptions.json', (d) => {
      delete (d.labels as Record<string, string>).feeds;
      (d.labels as Record<string, string>).feed = 'The heading of the feeds.';
    });
    const r = await check(l.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `${l.dir}/en/common.descriptions.json: labels.feeds: no description: say what the text is, where readers see it and what each placeholder holds`,
        `${l.dir}/en/common.descriptions.json: labels.feed: describes a key that ${l.dir}/en/common.json does not have`,
        '2 problem(s)',
        '',
      ].join('\n'),
    );
  }, SLOW);
  it('stats prints keys translated / total per language and file, and exits 0 with a translation missing', async () => {
    const l = locales();
    l.json('kmr/common.json', (d) => delete (d.labels as Record<string, string>).feeds);
    const total = (ns: string) => listSourceKeys(JSON.parse(readFileSync(join(LOCALES_DIR, 'en', `${ns}.json`), 'utf8')) as Record<string, unknown>).size;
    const [common, topics] = [total('common'), total('topics')];
    const r = await rojname(['locales', 'stats'], l.env);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
    const pct = (n: number, of: number) => `${Math.floor((n * 100) / of)}%`;
    expect(rows).toEqual([
      ['language', 'common', 'topics', 'all'],
      ['en (English)', `${common}/${common} 100%`, `${topics}/${topics} 100%`, `${common + topics}/${common + topics} 100%`],
      ['ckb (Central Kurdish (Sorani))', `${common}/${common} 100%`, `${topics}/${topics} 100%`, `${common + topics}/${common + topics} 100%`],
      ['kmr (Northern Kurdish (Kurmanji))', `${common - 1}/${common} ${pct(common - 1, common)}`, `${topics}/${topics} 100%`, `${common + topics - 1}/${common + topics} ${pct(common + topics - 1, common + topics)}`],
      ['ar (Arabic)', `${common}/${common} 100%`, `${topics}/${topics} 100%`, `${common + topics}/${common + topics} 100%`],
      ['run `rojname locales check` for what is missing or wrong'],
    ]);
  }, SLOW);
  it('stats says when every key is translated', async () => {
    const r = await rojname(['locales', 'stats']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^language +common +topics +all\n/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('every key translated in every language');
  }, SLOW);
  it('serve, build and preview refuse broken locale files: exit 2, naming file, key and problem, before touching anything', async () => {
    const l = locales();
    l.edit('ar/common.json', (t) => t.replace('{{provider}}', '{{provder}}'));
    const { dir, db } = tempDir();
    const expected = [
      'the locale files have 2 problems; fix them and run `rojname locales check`:',
      `  ${l.dir}/ar/common.json: feed.rights: placeholder {{provider}} is missing`,
      `  ${l.dir}/ar/common.json: feed.rights: placeholder {{provder}} is not in the source text`,
      '',
    ].join('\n');
    const [serve, build, preview] = await Promise.all([
      rojname(['serve'], { ...l.env, ROJNAME_DB: db, PORT: '0' }),
      rojname(['build', '--out', join(dir, 'out')], { ...l.env, ROJNAME_DB: db }),
      rojname(['preview', 'ar'], l.env),
    ]);
    expect([serve.code, build.code, preview.code]).toEqual([2, 2, 2]);
    expect(serve.stderr).toBe(`rojname serve: ${expected}`);
    expect(build.stderr).toBe(`rojname build: ${expected}`);
    expect(preview.stderr).toBe(`rojname preview: ${expected}`);
    expect(serve.stdout + build.stdout + preview.stdout).toBe('');
    // Nothing was started: no store created, no output written.
    expect(existsSync(db)).toBe(false);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  }, SLOW);
});

describe.concurrent('translations, and problems that name the flag', () => {
  it('translations prints the story × language table; --status filters it; --json prints the items', async () => {
    const { db } = tempDir();
    expect((await rojname(['seed'], { ROJNAME_DB: db })).code).toBe(0);
    const first = await rojname(['translations'], { ROJNAME_DB: db });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe(`${'story'.padEnd(SAMPLE_ID.length)}  en      ckb      kmr      ar\n${SAMPLE_ID}  source  current  current  current\n`);
    await withStore(db, async (store) => {
      const v1 = (await store.get(SAMPLE_ID))!;
      await store.update(SAMPLE_ID, { ...v1, localizations: { ...v1.localizations, en: { ...v1.localizations.en!, headline: 'NATO to expand its Iraq mission eightfold' } } }, 1);
    });
    const [table, stale, json] = await Promise.all([
      rojname(['translations'], { ROJNAME_DB: db }),
      rojname(['translations', '--status', 'current'], { ROJNAME_DB: db }),
      rojname(['translations', '--json', '--status', 'stale'], { ROJNAME_DB: db }),
    ]);
    expect(table.stdout).toBe(`${'story'.padEnd(SAMPLE_ID.length)}  en      ckb             kmr             ar\n${SAMPLE_ID}  source  stale since v2  stale since v2  stale since v2\n`);
    expect(stale.stdout).toBe('no current translations\n');
    expect(JSON.parse(json.stdout)).toEqual({ items: ['ckb', 'kmr', 'ar'].map((language) => ({ id: SAMPLE_ID, language, status: 'stale', fromVersion: 1, sourceChangedIn: 2 })) });
  }, SLOW);
  it('translations names a wrong or repeated --status: exit 2', async () => {
    const [wrong, twice] = await Promise.all([rojname(['translations', '--status', 'old']), rojname(['translations', '--status', 'stale', '--status', 'missing'])]);
    expect(wrong).toMatchObject({ code: 2, stdout: '', stderr: 'rojname translations: --status must be one of missing, stale, current, not "old"\n' });
    expect(twice).toMatchObject({ code: 2, stdout: '', stderr: 'rojname translations: --status is given 2 times: give it once, one of missing, stale, current\n' });
  });
  it('import names the flag whose value the article refuses, in words: exit 1', async () => {
    const r = await rojname(['import', 'content/sample/en.txt', '--lang', 'en', '--published', '2021-02-18 19:30', '--provider-uri', 'www.kurdistan24.net', '--id', 'NATO_Iraq', '--subject', 'politics', '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      [
        'rojname import: article is invalid:',
        '  --id must be 3 to 64 lowercase letters a–z, digits and hyphens, starting and ending with a letter or digit, e.g. 2021-02-18-nato-iraq-mission, not "NATO_Iraq"',
        '  --published must be a date and time with an offset, e.g. 2021-02-18T19:30:00+03:00, not "2021-02-18 19:30"',
        '  --provider-uri must be an absolute http or https URL in ASCII characters, e.g. https://www.kurdistan24.net/, not "www.kurdistan24.net"',
        '  --subject must be an IPTC Media Topic code, "medtop:" and 8 digits, e.g. medtop:16000000, not "politics"',
        '',
      ].join('\n'),
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

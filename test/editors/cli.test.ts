import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { openRuntime } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from '../store/postgres-db.js';
import { ALICE, as, makeDesk, SAMPLE_ID } from './harness.js';

const SLOW = 60_000;
const PNG = 'test/media/fixtures/opaque-37x21.png';
const PNG_SHA = createHash('sha256').update(readFileSync(PNG)).digest('hex');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh folder and the SQLite store the CLI will use in it. */
function tempStore(): { dir: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rojname-desk-'));
  return { dir, db: join(dir, 'r.db') };
}

/** The real CLI in a child process. */
function rojname(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A seeded SQLite store with two more stories, one of them in Sorani only and withheld. */
async function seeded(): Promise<string> {
  const { db } = tempStore();
  const { store } = openRuntime(db, (() => { let t = Date.parse('2026-03-01T09:00:00Z'); return () => new Date((t += 1000)); })());
  const { seedSample } = await import('../../src/runtime.js');
  await seedSample(store);
  const { makeArticle, makeLocalization } = await import('../fixtures/articles.js');
  await store.create(makeArticle({ id: 'erbil-library' }));
  await store.create(makeArticle({ id: 'sorani-held', pubStatus: 'withheld', sourceLanguage: 'ckb', localizations: { ckb: makeLocalization({ headline: 'کتێبخانەی هەولێر', slug: 'کتێبخانە' }) } }));
  await store.close();
  return db;
}

async function withStore<T>(db: string, fn: (store: ReturnType<typeof openRuntime>['store']) => Promise<T>): Promise<T> {
  const { store } = openRuntime(db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('usage', () => {
  const usage = (name: string) => COMMANDS.find((c) => c.name === name)!.usage;
  it.each([
    ['list', ['--language TAG', '--status STATUS', '--since RFC3339', '--limit N', '--cursor CURSOR', '--json', 'ROJNAME_DB', 'ROJNAME_DATABASE_URL']],
    ['kill', ['ID', '--note TEXT', '--editor NAME', 'ROJNAME_DB']],
    ['export', ['ID', 'ROJNAME_DB']],
    ['media', ['add FILE', '--json', '20 MiB', 'ROJNAME_DB']],
    ['import', ['--editor NAME']],
    ['serve', ['ROJNAME_ADMIN_TOKENS', 'ROJNAME_ADMIN_TOKEN']],
  ])('%s lists its arguments, flags and settings', (name, words) => {
    for (const w of words) expect(usage(name)).toContain(w);
  });
});

describe.concurrent('rojname list', () => {
  it('prints a table, newest change first, each language with its version and status', async () => {
    const db = await seeded();
    const r = await rojname(['list'], { ROJNAME_DB: db });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^story\s+version\s+status\s+updated\s+languages\s+headline$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      ['sorani-held', 'v1', 'withheld', '2026-03-01T09:00:03.000Z', 'ckb v1', 'کتێبخانەی هەولێر'],
      ['erbil-library', 'v1', 'usable', '2026-03-01T09:00:02.000Z', 'en v1', 'Erbil opens a new library'],
      [SAMPLE_ID, 'v1', 'usable', '2026-03-01T09:00:01.000Z', 'en v1, ckb v1, kmr v1, ar v1', 'NATO announces eight-fold increase in number of forces in Iraq'],
    ]);
  }, SLOW);
  it('--json prints what GET /api/articles answers; filters and pages like it', async () => {
    const db = await seeded();
    const r = await rojname(['list', '--json', '--language', 'en', '--limit', '1'], { ROJNAME_DB: db });
    expect(r.code).toBe(0);
    const page = JSON.parse(r.stdout);
    expect(page.items).toEqual([{ id: 'erbil-library', version: 1, pubStatus: 'usable', updated: '2026-03-01T09:00:02.000Z', languages: { en: { headline: 'Erbil opens a new library', itemVersion: 1, pubStatus: 'usable' } } }]);
    const next = await rojname(['list', '--json', '--language', 'en', '--limit', '1', '--cursor', page.nextCursor], { ROJNAME_DB: db });
    expect(JSON.parse(next.stdout)).toMatchObject({ items: [{ id: SAMPLE_ID }], nextCursor: null });
    const held = await rojname(['list', '--status', 'withheld', '--since', '2026-03-01T12:00:03+03:00'], { ROJNAME_DB: db });
    expect(held.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s{2,}/)[0])).toEqual(['sorani-held']);
  }, SLOW);
  it('names every flag with a value it cannot have: exit 2, no stack trace', async () => {
    const db = await seeded();
    const r = await rojname(['list', '--limit', '0', '--status', 'live', '--since', 'today'], { ROJNAME_DB: db });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      [
        'rojname list: 3 flags are wrong:',
        '  --limit must be a whole number from 1 to 200 (default 50), not "0"',
        '  --status must be one of usable, withheld, canceled, not "live"',
        '  --since must be a date and time with an offset (RFC 3339), e.g. 2021-02-18T19:30:00+03:00, not "today"',
        '',
      ].join('\n'),
    );
    const cursor = await rojname(['list', '--cursor', 'abc'], { ROJNAME_DB: db });
    expect(cursor).toMatchObject({ code: 2, stderr: 'rojname list: --cursor is not a cursor this list returned (pass its nextCursor as it is)\n' });
    const unknown = await rojname(['list', '--colour', 'red'], { ROJNAME_DB: db });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^rojname list: Unknown option '--colour'/);
  }, SLOW);
  it('says so when no story matches', async () => {
    const db = await seeded();
    expect((await rojname(['list', '--status', 'canceled'], { ROJNAME_DB: db })).stdout).toBe('no stories\n');
  }, SLOW);
});

describe.concurrent('rojname kill', () => {
  it('kills a story in every language as a new version, with the note, recorded as --editor or cli', async () => {
    const db = await seeded();
    const r = await rojname(['kill', SAMPLE_ID, '--note', 'The figures were wrong.', '--editor', 'jane.d'], { ROJNAME_DB: db });
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `killed "${SAMPLE_ID}": version 2, withdrawn in en, ar, ckb, kmr\n` });
    const second = await rojname(['kill', 'erbil-library'], { ROJNAME_DB: db });
    expect(second.code).toBe(0);
    await withStore(db, async (store) => {
      expect(await store.get(SAMPLE_ID)).toMatchObject({ pubStatus: 'canceled', edNote: 'The figures were wrong.' });
      expect((await store.versions(SAMPLE_ID)).map((v) => [v.version, v.pubStatus, v.editor])).toEqual([[1, 'usable', null], [2, 'canceled', 'jane.d']]);
      expect((await store.versions('erbil-library')).map((v) => v.editor)).toEqual([null, 'cli']);
    });
    const again = await rojname(['kill', SAMPLE_ID], { ROJNAME_DB: db });
    expect(again).toMatchObject({ code: 0, stdout: `"${SAMPLE_ID}" was killed already (version 2); nothing written\n` });
  }, SLOW);
  it.each([
    [['kill', 'no-such-story'], 1, 'rojname kill: no story "no-such-story"\n'],
    [['kill'], 2, 'rojname kill: name the story to kill: rojname kill ID [--note TEXT]\n'],
    [['kill', 'erbil-library', '--note', ' '], 2, 'rojname kill: --note must say why the story is withdrawn, not be empty\n'],
    [['kill', 'erbil-library', '--editor', 'Jane Doe'], 2, 'rojname kill: --editor must be a name of letters, digits, ".", "_" or "-" (at most 64 characters, starting with a letter or digit), not "Jane Doe"\n'],
  ])('%j: exit %i, naming what is wrong, nothing written', async (args, code, stderr) => {
    const db = await seeded();
    expect(await rojname(args, { ROJNAME_DB: db })).toMatchObject({ code, stderr, stdout: '' });
    await withStore(db, async (store) => expect((await store.get('erbil-library'))!.version).toBe(1));
  }, SLOW);
  it('names --note when the note breaks a rule of the story', async () => {
    const db = await seeded();
    const r = await rojname(['kill', 'erbil-library', '--note', 'Bell\u0007'], { ROJNAME_DB: db });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--note');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, SLOW);
});

describe.concurrent('rojname export', () => {
  it('prints the latest version as JSON, which POSTs (as a copy) and PUTs back as it is', async () => {
    const db = await seeded();
    const r = await rojname(['export', SAMPLE_ID], { ROJNAME_DB: db });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const exported = JSON.parse(r.stdout);
    await withStore(db, async (store) => expect(exported).toEqual(await store.get(SAMPLE_ID)));
    const d = await makeDesk();
    const headers = as(ALICE, { 'content-type': 'application/json' });
    const copy = await d.app.request('/api/articles', { method: 'POST', headers, body: JSON.stringify({ ...exported, id: 'exported-copy' }) });
    expect(copy.status).toBe(201);
    const put = await d.app.request(`/api/articles/${SAMPLE_ID}`, { method: 'PUT', headers: { ...headers, 'if-match': '"1"' }, body: r.stdout });
    expect(put.status).toBe(200);
  }, SLOW);
  it.each([
    [['export', 'no-such-story'], 1, 'rojname export: no story "no-such-story"\n'],
    [['export'], 2, 'rojname export: name the story to export: rojname export ID\n'],
    [['export', 'a', 'b'], 2, 'rojname export: export takes one story id, not 2 ("a" "b")\n'],
  ])('%j: exit %i, naming what is wrong', async (args, code, stderr) => {
    const db = await seeded();
    expect(await rojname(args, { ROJNAME_DB: db })).toMatchObject({ code, stderr, stdout: '' });
  }, SLOW);
});

describe.concurrent('rojname media add', () => {
  it('keeps the picture in the store and prints its URL and what was read from it; the same file again, the same URL', async () => {
    const { db } = tempStore();
    const r = await rojname(['media', 'add', PNG], { ROJNAME_DB: db });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`url     /media/${PNG_SHA}.png\ntype    image/png\nbytes   ${readFileSync(PNG).length}\nwidth   37\nheight  21\nsha256  ${PNG_SHA}\n`);
    const again = await rojname(['media', 'add', PNG, '--json'], { ROJNAME_DB: db });
    expect(again.stderr).toBe(`note: ${PNG} was added before (the same bytes): the same URL\n`);
    expect(JSON.parse(again.stdout)).toEqual({ url: `/media/${PNG_SHA}.png`, type: 'image/png', bytes: readFileSync(PNG).length, width: 37, height: 21, sha256: PNG_SHA });
    await withStore(db, async (store) => expect((await store.getMedia(PNG_SHA, true))!.body!.equals(readFileSync(PNG))).toBe(true));
  }, SLOW);
  it('refuses what is not a picture, a name that lies about its type, and a file over 20 MiB (exit 1), naming the file', async () => {
    const { dir, db } = tempStore();
    const text = join(dir, 'notes.png');
    writeFileSync(text, 'not a picture');
    const lying = join(dir, 'photo.jpg');
    copyFileSync(PNG, lying);
    const big = join(dir, 'big.png');
    copyFileSync(PNG, big);
    truncateSync(big, 20 * 1024 * 1024 + 1);
    const runs = await Promise.all([text, lying, big].map((f) => rojname(['media', 'add', f], { ROJNAME_DB: db })));
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [1, `rojname media: ${text} is not a JPEG, PNG or WebP image (its first bytes are none of theirs)\n`],
      [1, `rojname media: ${lying} is a PNG image, though its name says JPEG: rename it .png\n`],
      [1, `rojname media: ${big} is 20971521 bytes; a picture is at most 20971520 bytes (20 MiB)\n`],
    ]);
  }, SLOW);
  it.each([
    [['media', 'add', 'no/such/file.png'], "rojname media: cannot read no/such/file.png: ENOENT: no such file or directory, stat 'no/such/file.png'\n"],
    [['media', 'add'], 'rojname media: name the picture to add: rojname media add FILE\n'],
    [['media', 'remove', PNG], 'rojname media: unknown media command "remove": rojname media add FILE\n'],
    [['media'], 'rojname media: name what to do: rojname media add FILE\n'],
  ])('%j: exit 2, naming what is wrong', async (args, stderr) => {
    const { db } = tempStore();
    expect(await rojname(args, { ROJNAME_DB: db })).toMatchObject({ code: 2, stderr, stdout: '' });
  }, SLOW);
});

describe('rojname import --editor', () => {
  it('records the importer in the version history: cli, or the name given', async () => {
    const { db } = tempStore();
    const flags = ['--lang', 'en', '--published', '2021-02-18T19:30:00+03:00', '--provider-uri', 'https://www.kurdistan24.net/'];
    expect((await rojname(['import', 'content/sample/en.txt', ...flags, '--id', 'by-cli'], { ROJNAME_DB: db })).code).toBe(0);
    expect((await rojname(['import', 'content/sample/en.txt', ...flags, '--id', 'by-sara', '--editor', 'sara'], { ROJNAME_DB: db })).code).toBe(0);
    await withStore(db, async (store) => {
      expect((await store.versions('by-cli')).map((v) => v.editor)).toEqual(['cli']);
      expect((await store.versions('by-sara')).map((v) => v.editor)).toEqual(['sara']);
    });
  }, SLOW);
});

describe('on PostgreSQL', () => {
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.drop();
  });
  it('media add, then list and kill, on ROJNAME_DATABASE_URL', async () => {
    db = await createTestDatabase({ migrate: true });
    const env = { ROJNAME_DATABASE_URL: db.url };
    expect((await rojname(['seed'], env)).code).toBe(0);
    const added = await rojname(['media', 'add', PNG, '--json'], env);
    expect(JSON.parse(added.stdout)).toMatchObject({ url: `/media/${PNG_SHA}.png`, width: 37, height: 21 });
    expect((await rojname(['kill', SAMPLE_ID, '--note', 'Gone.'], env)).code).toBe(0);
    const listed = JSON.parse((await rojname(['list', '--json', '--status', 'canceled'], env)).stdout);
    expect(listed.items.map((i: { id: string; version: number }) => [i.id, i.version])).toEqual([[SAMPLE_ID, 2]]);
  }, SLOW);
});

describe('rojname build', () => {
  it('writes the uploaded pictures public stories show, from the store, byte for byte', async () => {
    const { dir, db } = tempStore();
    expect((await rojname(['media', 'add', PNG], { ROJNAME_DB: db })).code).toBe(0);
    const { makeArticle } = await import('../fixtures/articles.js');
    const url = `/media/${PNG_SHA}.png`;
    await withStore(db, (store) => store.create(makeArticle({ images: [{ url, mediaType: 'image/png', width: 37, height: 21, credit: 'Rojname', caption: { en: 'A caption' }, alt: { en: 'A picture' } }] })));
    const out = join(dir, 'site');
    const r = await rojname(['build', '--out', out], { ROJNAME_DB: db });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, url)).equals(readFileSync(PNG))).toBe(true);
    expect(readFileSync(join(out, 'en/articles/erbil-library/index.html'), 'utf8')).toContain(url);
  }, SLOW);
});

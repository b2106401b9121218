import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { ChangeSource } from '../../src/store/notifier.js';
import { SqliteArticleStore } from '../../src/store/sqlite.js';
import type { Change } from '../../src/store/store.js';
import { newStory } from '../http/harness.js';

const checkArticle = createArticleChecker(defaultLanguages);
const open: SqliteArticleStore[] = [];
function store(path: string, watchIntervalMs = 50): SqliteArticleStore {
  const s = new SqliteArticleStore({ path, checkArticle, watchIntervalMs });
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/** Polls until `done()` holds; fails after 10 s. */
async function eventually(done: () => boolean): Promise<void> {
  const until = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const dbFile = () => join(mkdtempSync(join(tmpdir(), 'rojname-watch-')), 'r.db');

describe('the change seam (store.watch)', () => {
  it('announces this process\'s write right after its commit, with every change it logged', async () => {
    const s = store(':memory:');
    const seen: Change[] = [];
    s.watch((changes) => seen.push(...changes));
    await s.create(newStory('two-langs', ['en', 'ar']));
    // Already told when the write returns: nobody has to poll for their own write.
    expect(seen.map((c) => [c.seq, c.articleId, c.language, c.kind])).toEqual([
      [1, 'two-langs', 'en', 'new'],
      [2, 'two-langs', 'ar', 'new'],
    ]);
  });
  it('announces nothing for a write that changed no language version', async () => {
    const s = store(':memory:');
    const created = await s.create(newStory('same', ['en']));
    const seen: Change[] = [];
    s.watch((changes) => seen.push(...changes));
    const { version: _v, firstCreated: _f, versionCreated: _c, ...same } = created;
    await s.update('same', same, 1);
    expect(seen).toEqual([]);
  });
  it("announces another connection's commit through the fallback check", async () => {
    const path = dbFile();
    const reader = store(path);
    const writer = store(path);
    const seen: Change[] = [];
    reader.watch((changes) => seen.push(...changes));
    await writer.create(newStory('from-elsewhere', ['kmr']));
    await eventually(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ articleId: 'from-elsewhere', language: 'kmr', kind: 'new' });
  });
  it("never skips another connection's change that committed just before this process's own", async () => {
    const path = dbFile();
    const mine = store(path, 60_000); // the fallback check will not run during this test
    const other = store(path);
    const seen: Change[] = [];
    mine.watch((changes) => seen.push(...changes));
    await other.create(newStory('theirs', ['en']));
    await mine.create(newStory('ours', ['en']));
    expect(seen.map((c) => c.articleId)).toEqual(['theirs', 'ours']);
    expect(seen.map((c) => c.seq)).toEqual([1, 2]);
  });
  it('sees a write made by another process (rojname import) while it watches', async () => {
    const path = dbFile();
    const s = store(path);
    const seen: Change[] = [];
    s.watch((changes) => seen.push(...changes));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', 'content/sample/en.txt', '--lang', 'en', '--published', '2021-02-18T19:30:00+03:00', '--provider-uri', 'https://www.kurdistan24.net/', '--id', 'imported-elsewhere'], {
      encoding: 'utf8',
      env: { ...process.env, ROJNAME_DB: path },
    });
    expect(r.status).toBe(0);
    await eventually(() => seen.some((c) => c.articleId === 'imported-elsewhere'));
  });
  it('checks only while someone listens, and stops when the last listener leaves', async () => {
    let reads = 0;
    const source = new ChangeSource({ headSeq: 0, read: () => (reads++, []), intervalMs: 10 });
    await new Promise((r) => setTimeout(r, 60));
    expect(reads).toBe(0);
    const stop = source.subscribe(() => {});
    await eventually(() => reads >= 2);
    stop();
    const after = reads;
    await new Promise((r) => setTimeout(r, 60));
    expect(reads).toBe(after);
  });
});

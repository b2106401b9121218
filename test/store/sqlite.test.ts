import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { SchemaError } from '../../src/store/errors.js';
import { SQLITE_SCHEMA_VERSION } from '../../src/store/migrate.js';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite.js';
import { LIST_PUBLISHED_SQL, NEXT_EMBARGO_SQL, SqliteArticleStore } from '../../src/store/sqlite.js';
import { makeArticle } from '../fixtures/articles.js';

// Every behaviour both stores share is in contract.test.ts; these are the embedded store's own.

const checkArticle = createArticleChecker(defaultLanguages);
const T0 = Date.parse('2024-05-06T10:00:00.000Z');
const dbFile = (prefix = 'rojname-sqlite-') => join(mkdtempSync(join(tmpdir(), prefix)), 'r.db');

describe('listLatest at size', () => {
  // 5,000 stories (each a full write through the store): the query plan tests show it reads an index range whatever the size.
  it('answers from 5,000 stored stories with the newest ones', async () => {
    const store = new SqliteArticleStore({ path: ':memory:', checkArticle, clock: () => new Date(T0) });
    const base = makeArticle();
    for (let i = 0; i < 5_000; i++) {
      await store.create({ ...base, id: `story-${i}`, published: new Date(T0 - (5_000 - i) * 60_000).toISOString() });
    }
    const latest = await store.listLatest({ language: 'en', limit: 3, now: new Date(T0) });
    expect(latest.map((s) => s.article.id)).toEqual(['story-4999', 'story-4998', 'story-4997']);
    await store.close();
  });
});

describe('nextEmbargo', () => {
  it('seeks the partial embargo index rather than scanning the language', async () => {
    const path = dbFile('rojname-plan-');
    await new SqliteArticleStore({ path, checkArticle }).close();
    const db = new Database(path, { readonly: true });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${NEXT_EMBARGO_SQL}`).all('en', T0) as { detail: string }[]).map((r) => r.detail).join('\n');
    db.close();
    expect(plan).toMatch(/USING (COVERING )?INDEX article_languages_embargo \(lang=\? AND embargo_ms>\?\)/);
    expect(plan).not.toMatch(/^SCAN/m);
  });
});

describe('listPublished', () => {
  it('reads through the partial index, without sorting, however deep the page', async () => {
    const path = dbFile('rojname-plan-');
    await new SqliteArticleStore({ path, checkArticle }).close();
    const db = new Database(path, { readonly: true });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LIST_PUBLISHED_SQL}`).all({ lang: 'en', now: 0, sort: T0, id: 'x', limit: 10 }) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    db.close();
    expect(plan).toContain('USING INDEX article_languages_latest (lang=? AND sort_ms<?)');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});

describe('migrations (applied at open)', () => {
  const userVersion = (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return db.pragma('user_version', { simple: true });
    } finally {
      db.close();
    }
  };

  it('gives a new file the newest schema, recorded as PRAGMA user_version', async () => {
    const path = dbFile();
    await new SqliteArticleStore({ path, checkArticle }).close();
    expect(SQLITE_SCHEMA_VERSION).toBe(SQLITE_MIGRATIONS.at(-1)!.version);
    expect(userVersion(path)).toBe(SQLITE_SCHEMA_VERSION);
  });
  /** A file as the code before migration 2 wrote it: schema 1, one story, `user_version` as given. */
  function writeSchema1File(path: string, userVersionValue: number, embargoMs: number | null): void {
    const old = new Database(path);
    old.exec(SQLITE_MIGRATIONS[0]!.sql);
    const doc = JSON.stringify({ ...makeArticle(), version: 1, firstCreated: new Date(T0).toISOString(), versionCreated: new Date(T0).toISOString(), ...(embargoMs ? { embargoedUntil: new Date(embargoMs).toISOString() } : {}) });
    old.prepare("INSERT INTO articles (id, version, pub_status) VALUES ('erbil-library', 1, 'usable')").run();
    old.prepare("INSERT INTO article_versions (id, version, created_ms, doc) VALUES ('erbil-library', 1, ?, ?)").run(T0, doc);
    old.prepare("INSERT INTO article_languages VALUES ('erbil-library', 'en', 1, 1, 'f', 'usable', ?, ?, ?)").run(embargoMs, T0, T0);
    old.prepare("INSERT INTO changes (id, lang, item_version, article_version, pub_status, kind, at_ms) VALUES ('erbil-library', 'en', 1, 1, 'usable', 'new', ?)").run(T0);
    old.pragma(`user_version = ${userVersionValue}`);
    old.close();
  }

  it('brings a file made before migrations existed (user_version 0) to the newest version, its stories kept', async () => {
    const path = dbFile();
    writeSchema1File(path, 0, null);
    const store = new SqliteArticleStore({ path, checkArticle });
    expect((await store.get('erbil-library'))?.version).toBe(1);
    expect(await store.headSeq()).toBe(1);
    await store.close();
    expect(userVersion(path)).toBe(SQLITE_SCHEMA_VERSION);
  });
  it('migrates a version 1 file to 2: an embargo still ahead gets its lift, one already past does not', async () => {
    const ahead = Date.now() + 3_600_000;
    for (const [embargo, lifts] of [[ahead, 1], [T0 + 1000, 0]] as const) {
      const path = dbFile();
      writeSchema1File(path, 1, embargo);
      const store = new SqliteArticleStore({ path, checkArticle });
      expect(userVersion(path)).toBe(SQLITE_SCHEMA_VERSION);
      // A partner that does not see embargoed items: the change made under embargo is hidden while the lift is due.
      expect((await store.changes(0, 10, { embargoed: false })).length).toBe(1 - lifts);
      const logged = await store.recordEmbargoLifts(new Date(ahead + 1));
      expect(logged.map((c) => [c.kind, c.at])).toEqual(lifts ? [['embargo-lifted', new Date(ahead).toISOString()]] : []);
      await store.close();
    }
  });
  it('refuses a file migrated by a newer rojname, and leaves it alone', async () => {
    const path = dbFile();
    await new SqliteArticleStore({ path, checkArticle }).close();
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    let error: unknown;
    try {
      new SqliteArticleStore({ path, checkArticle });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaError);
    expect(error).toMatchObject({ found: 99, expected: SQLITE_SCHEMA_VERSION, message: `the SQLite schema is at version 99, newer than this rojname knows (${SQLITE_SCHEMA_VERSION}): run the newer rojname that migrated it` });
    expect(userVersion(path)).toBe(99);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { migratePostgres } from '../../src/store/migrate.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres.js';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations/sqlite.js';
import type { ListVariant } from '../../src/store/desk.js';
import { PostgresArticleStore } from '../../src/store/postgres.js';
import { SqliteArticleStore } from '../../src/store/sqlite.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';
import { createTestDatabase, explainPrepared, planNodes, type TestDatabase } from '../store/postgres-db.js';

/** Schema 4 in both stores: the list reads an index for every filter, and older stores are brought to it with their stories. */

const checkArticle = createArticleChecker(defaultLanguages);
const T0 = Date.parse('2024-05-06T10:00:00.000Z');
const INDEX_OF: Record<ListVariant, string> = {
  all: 'articles_changed',
  status: 'articles_status_changed',
  language: 'desk_languages_changed',
  languageStatus: 'desk_languages_status_changed',
};
const VARIANTS = Object.keys(INDEX_OF) as ListVariant[];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases.splice(0)) await db.drop();
});

/** A story as the code before schema 4 wrote it: two versions, Arabic dropped in the second. */
const oldDocs = () => {
  const v1 = { ...makeArticle({ localizations: { en: makeLocalization(), ar: makeLocalization({ headline: 'مكتبة جديدة', slug: 'maktaba' }) } }), version: 1, firstCreated: new Date(T0).toISOString(), versionCreated: new Date(T0).toISOString() };
  const v2 = { ...v1, version: 2, pubStatus: 'withheld', versionCreated: new Date(T0 + 1000).toISOString(), localizations: { en: makeLocalization({ headline: 'Second headline' }) } };
  return [v1, v2];
};

describe('the list query plans: one index range for each filter, never a sort or a scan', () => {
  it.each(VARIANTS)('SQLite, %s', (variant) => {
    const store = new SqliteArticleStore({ path: ':memory:', checkArticle });
    const plan = store.explainListArticles(variant).join('\n');
    void store.close();
    expect(plan).toMatch(new RegExp(`USING (COVERING )?INDEX ${INDEX_OF[variant]} \\(`));
    expect(plan).not.toContain('TEMP B-TREE');
    expect(plan).not.toMatch(/^SCAN/m);
  });

  describe('PostgreSQL, on 20,000 stories', () => {
    let db: TestDatabase;
    it.each(VARIANTS)('%s', async (variant) => {
      if (!db) {
        db = await createTestDatabase({ migrate: true });
        databases.push(db);
        await db.query(
          `WITH n AS (SELECT generate_series(1, 20000) AS i),
                a AS (INSERT INTO articles (id, version, pub_status, changed_ms)
                      SELECT 'fill-' || i, 1, CASE WHEN i % 20 = 0 THEN 'withheld' WHEN i % 20 = 1 THEN 'canceled' ELSE 'usable' END, $1::bigint + i FROM n)
           INSERT INTO desk_languages (id, lang, headline, pub_status, changed_ms)
           SELECT 'fill-' || i, l, 'Headline', CASE WHEN i % 20 = 0 THEN 'withheld' WHEN i % 20 = 1 THEN 'canceled' ELSE 'usable' END, $1::bigint + i
             FROM n, unnest(CASE WHEN i % 2 = 0 THEN ARRAY['en', 'ckb'] ELSE ARRAY['en', 'ar', 'kmr'] END) AS l`,
          [T0],
        );
        await db.query('ANALYZE');
      }
      const { text, names } = PostgresArticleStore.listArticlesSql(variant);
      const TYPES: Record<string, [string, string | number]> = { since: ['bigint', 0], ms: ['bigint', Number.MAX_SAFE_INTEGER], id: ['text', ''], limit: ['bigint', 51], lang: ['text', 'ckb'], status: ['text', 'withheld'] };
      const { custom, generic } = await explainPrepared(db, text, names.map((n) => TYPES[n]![0]), names.map((n) => TYPES[n]![1]));
      for (const plan of [custom, generic]) {
        const nodes = planNodes(plan);
        const facts = JSON.stringify(plan);
        expect(nodes.some((n) => /Index( Only)? Scan/.test(n['Node Type']) && n['Index Name'] === INDEX_OF[variant]), facts).toBe(true);
        expect(nodes.some((n) => n['Node Type'] === 'Sort'), facts).toBe(false);
        expect(nodes.some((n) => n['Node Type'] === 'Seq Scan'), facts).toBe(false);
      }
    }, 60_000);
  });
});

describe('migration 4 on a store written before it', () => {
  it('SQLite: each story listed by its last change with the languages of its latest version; editors unknown', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rojname-m4-')), 'r.db');
    const old = new Database(path);
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.version < 4)) old.exec(m.sql);
    old.prepare("INSERT INTO articles (id, version, pub_status) VALUES ('erbil-library', 2, 'withheld')").run();
    for (const doc of oldDocs()) old.prepare("INSERT INTO article_versions (id, version, created_ms, doc) VALUES ('erbil-library', ?, ?, ?)").run(doc.version, Date.parse(doc.versionCreated), JSON.stringify(doc));
    old.prepare("INSERT INTO article_languages VALUES ('erbil-library', 'en', 2, 2, 'f', 'withheld', NULL, ?, ?, NULL)").run(T0, T0 + 1000);
    old.prepare("INSERT INTO article_languages VALUES ('erbil-library', 'ar', 2, 1, 'removed', 'canceled', NULL, ?, ?, NULL)").run(T0, T0 + 1000);
    old.pragma('user_version = 3');
    old.close();
    const store = new SqliteArticleStore({ path, checkArticle });
    try {
      expect(await store.listArticles({ limit: 10 })).toEqual({
        items: [{ id: 'erbil-library', version: 2, pubStatus: 'withheld', updated: '2024-05-06T10:00:01.000Z', languages: { en: { headline: 'Second headline', itemVersion: 2, pubStatus: 'withheld' } } }],
      });
      expect((await store.listArticles({ limit: 10, language: 'ar' })).items).toEqual([]);
      expect((await store.versions('erbil-library')).map((v) => [v.version, v.editor, v.languages])).toEqual([[1, null, ['ar', 'en']], [2, null, ['en']]]);
    } finally {
      await store.close();
    }
  });
  it('PostgreSQL: the same, through rojname migrate from version 3', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const client = await db.connect();
    await client.query(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const m of POSTGRES_MIGRATIONS.filter((m) => m.version < 4)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    await client.query(`INSERT INTO articles VALUES ('erbil-library', 2, 'withheld')`);
    for (const doc of oldDocs()) await client.query(`INSERT INTO article_versions VALUES ('erbil-library', $1, $2, $3)`, [doc.version, Date.parse(doc.versionCreated), JSON.stringify(doc)]);
    await client.query(`INSERT INTO article_languages VALUES ('erbil-library', 'en', 2, 2, 'f', 'withheld', NULL, $1, $2, NULL)`, [T0, T0 + 1000]);
    await client.query(`INSERT INTO article_languages VALUES ('erbil-library', 'ar', 2, 1, 'removed', 'canceled', NULL, $1, $2, NULL)`, [T0, T0 + 1000]);
    expect((await migratePostgres(client)).to).toBeGreaterThanOrEqual(4);
    const store = await PostgresArticleStore.open({ connectionString: db.url, checkArticle });
    try {
      expect(await store.listArticles({ limit: 10, language: 'en', status: 'withheld' })).toEqual({
        items: [{ id: 'erbil-library', version: 2, pubStatus: 'withheld', updated: '2024-05-06T10:00:01.000Z', languages: { en: { headline: 'Second headline', itemVersion: 2, pubStatus: 'withheld' } } }],
      });
      expect((await store.versions('erbil-library')).map((v) => [v.version, v.editor, v.languages])).toEqual([[1, null, ['ar', 'en']], [2, null, ['en']]]);
    } finally {
      await store.close();
    }
  });
});

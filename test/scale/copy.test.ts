import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { storeUpload } from '../../src/media/upload.js';
import { sha256Hex } from '../../src/partners/partner.js';
import { seedSample } from '../../src/runtime.js';
import { PostgresArticleStore } from '../../src/store/postgres.js';
import { SqliteArticleStore } from '../../src/store/sqlite.js';
import type { ArticleStore } from '../../src/store/store.js';
import { newStory } from '../http/harness.js';
import { createTestDatabase, type TestDatabase } from '../store/postgres-db.js';
import { runRojname } from './processes.js';

// `rojname copy --to postgres://…`, run as the real CLI, between a real SQLite file and a real server.

const SLOW = 120_000;
const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const HOUR = 3_600_000;
const PNG = readFileSync(new URL('../media/fixtures/opaque-37x21.png', import.meta.url));
const checkArticle = createArticleChecker(defaultLanguages);
const translator = createTranslator(defaultLanguages);
const LANGS = defaultLanguages.tags;

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of databases.splice(0)) await db.drop();
});
async function database(migrate = true): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate });
  databases.push(db);
  return db;
}

/** Partners with their own views of the change log: all of it, and Arabic without embargoed items. */
const PARTNERS = [
  { name: 'afp', key: 'afp-key', languages: LANGS, embargoed: true },
  { name: 'aranews', key: 'aranews-key', languages: ['ar'], embargoed: false },
].map((p) => ({ name: p.name, languages: p.languages, embargoed: p.embargoed, requestsPerMinute: 600, webhook: null, keySha256: sha256Hex(p.key), key: p.key }));

/**
 * A store file with something in every table: stories in four languages, updates, a correction, a
 * kill, a dropped language, an embargo lifted (and logged) and one still ahead, a picture and a
 * story showing it, webhook cursors (one moved, one waiting for a retry, one delivery dropped) and
 * partner request counts.
 */
async function fillStore(path: string, clock: { now: number }): Promise<{ sha: string }> {
  const store = new SqliteArticleStore({ path, checkArticle, clock: () => new Date(clock.now) });
  try {
    await seedSample(store);
    await store.webhooks.addPartners(['afp', 'aranews']);
    clock.now += 1000;
    const a = await store.create(newStory('copy-a', ['en', 'ckb', 'ar']), { editor: 'alice' });
    const a2 = await store.update('copy-a', { ...a, localizations: { ...a.localizations, en: { ...a.localizations.en!, headline: 'A new headline for copy-a' } } }, 1, { editor: 'bob' });
    const b = await store.create(newStory('copy-b', ['ar', 'kmr']));
    await store.kill('copy-b', b.version, 'Withdrawn: wrong town.', { editor: 'alice' });
    // Dropping a language is a kill of that language version.
    const { ckb: _ckb, ...withoutCkb } = a2.localizations;
    await store.update('copy-a', { ...a2, localizations: withoutCkb }, a2.version);
    // An embargo that lifts before the copy (and is logged), and one still ahead after it.
    await store.create(newStory('copy-lifted', ['en', 'ar'], { embargoedUntil: new Date(T0 + HOUR).toISOString() }));
    await store.create(newStory('copy-ahead', ['en', 'ar'], { embargoedUntil: new Date(T0 + 30 * 24 * HOUR).toISOString() }));
    const { receipt } = await storeUpload(store, PNG, { where: 'the test picture' });
    await store.create(
      newStory('copy-picture', ['kmr'], {
        images: [{ url: receipt.url, mediaType: 'image/png', width: 37, height: 21, credit: 'Rojname', caption: { kmr: 'Wêne' }, alt: { kmr: 'Wêne' } }],
      }),
    );
    clock.now = T0 + 2 * HOUR;
    expect((await store.recordEmbargoLifts(new Date(clock.now))).map((c) => `${c.articleId}/${c.language}/${c.kind}`)).toEqual(['copy-lifted/ar/embargo-lifted', 'copy-lifted/en/embargo-lifted']);
    // Webhooks: afp acknowledged its first change; aranews waits for a retry of its first, after one dropped.
    const afp = await store.webhooks.claim({ partner: 'afp', view: { embargoed: true }, owner: 'replica-1', now: clock.now, leaseMs: 60_000 });
    if (afp.kind !== 'claimed') throw new Error(`afp: ${afp.kind}`);
    expect(await store.webhooks.settle(afp, { result: 'delivered', at: clock.now, status: 204 })).toBe(true);
    const view = { languages: ['ar'], embargoed: false };
    const dropped = await store.webhooks.claim({ partner: 'aranews', view, owner: 'replica-1', now: clock.now, leaseMs: 60_000 });
    if (dropped.kind !== 'claimed') throw new Error(`aranews: ${dropped.kind}`);
    await store.webhooks.settle(dropped, { result: 'dropped', at: clock.now, status: 410, reason: 'the receiver answered 410' });
    const retried = await store.webhooks.claim({ partner: 'aranews', view, owner: 'replica-1', now: clock.now, leaseMs: 60_000 });
    if (retried.kind !== 'claimed') throw new Error(`aranews: ${retried.kind}`);
    await store.webhooks.settle(retried, { result: 'retry', at: clock.now, status: 503, nextAttemptMs: clock.now + 30_000 });
    await store.syncRequestCounts('replica-1', Math.floor(clock.now / 60_000) * 60_000, new Map([['afp', 7], ['aranews', 2]]));
    return { sha: createHash('sha256').update(PNG).digest('hex') };
  } finally {
    await store.close();
  }
}

/** Every row of every table, in key order, values as JavaScript numbers, strings and Buffers. */
function sqliteTables(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2, 3`).all()]));
  } finally {
    db.close();
  }
}

async function postgresTables(url: string, tables: string[]): Promise<Record<string, unknown[]>> {
  // int8 as numbers, as the store reads them.
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: (oid, format) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) } });
  await client.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of tables) out[t] = (await client.query(`SELECT * FROM "${t}" ORDER BY 1, 2, 3`)).rows.map((r: Record<string, unknown>) => ({ ...r }));
    return out;
  } finally {
    await client.end();
  }
}

/** What a store answers about everything in it, through the ArticleStore interface. */
async function storeView(store: ArticleStore, ids: string[], now: Date, sha: string) {
  const perLanguage = await Promise.all(
    LANGS.map(async (language) => ({
      language,
      latest: (await store.listLatest({ language, limit: 30, now })).map(plain),
      partners: (await store.listLatest({ language, limit: 30, now, includeEmbargoed: true })).map(plain),
      published: (await store.listPublished({ language, now, limit: 2 })).stories.map(plain),
      killed: (await store.listKilled({ language, after: 0, before: Number.MAX_SAFE_INTEGER, limit: 10 })).map(plain),
      topic: (await store.listTopic({ language, code: 'medtop:11000000', now, limit: 30 })).map(plain),
      nextEmbargo: await store.nextEmbargo(language, now),
      lastRemoval: await store.lastRemoval(language),
      lastChange: await store.lastChange(language),
    })),
  );
  const perStory = await Promise.all(ids.map(async (id) => ({ id, history: await store.history(id), states: await store.languageStates(id), versions: await store.versions(id) })));
  const media = await store.getMedia(sha, true);
  return {
    headSeq: await store.headSeq(),
    changes: await store.changes(0, 10_000),
    withoutEmbargoed: await store.changes(0, 10_000, { embargoed: false }),
    arabicOnly: await store.changes(3, 10_000, { languages: ['ar'], embargoed: true }),
    desk: await store.listArticles({ limit: 50 }),
    perLanguage,
    perStory,
    media: media && { ...media, body: media.body?.toString('base64') },
    webhooks: await Promise.all(PARTNERS.map(async (p) => ({ state: await store.webhooks.state(p.name, { embargoed: p.embargoed, ...(p.languages.length < LANGS.length ? { languages: p.languages } : {}) }), dropped: await store.webhooks.dropped(p.name) }))),
    requestCounts: await store.syncRequestCounts('replica-2', Math.floor(now.getTime() / 60_000) * 60_000, new Map()),
  };
}

const plain = (v: { article: unknown; articleId: string; language: string; itemVersion: number; changedAt: string }) => ({ article: v.article, id: v.articleId, language: v.language, itemVersion: v.itemVersion, changedAt: v.changedAt });

/** The partner change feed as each partner reads it, from `since`, over the app on `store`. */
async function changePages(store: ArticleStore, clock: () => Date, since: string): Promise<string[]> {
  const app = createApp({ store, languages: defaultLanguages, translator, checkArticle, clock, baseUrl: 'https://rojname.example', partnerKeys: new Map(), partners: PARTNERS, log: () => {} });
  try {
    return await Promise.all(
      PARTNERS.map(async (p) => {
        const res = await app.request(`/newsml/changes?since=${since}`, { headers: { authorization: `Bearer ${p.key}` } });
        expect(res.status, await res.clone().text()).toBe(200);
        return res.text();
      }),
    );
  } finally {
    // Every watcher of the store let go: a watched store logs due embargo lifts on its own, which
    // would race the test's own recordEmbargoLifts below.
    app.services.publisher.stop();
    app.services.sitemaps?.stop();
    app.services.changeWaits.close();
  }
}

describe('rojname copy --to postgres://…', () => {
  it('copies every table row for row; the PostgreSQL store answers everything as the SQLite store did, and partner cursors go on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rojname-copy-'));
    const path = join(dir, 'r.db');
    const clock = { now: T0 };
    const { sha } = await fillStore(path, clock);
    const now = () => new Date(clock.now);
    const ids = ['2021-02-18-nato-iraq-mission-eightfold', 'copy-a', 'copy-b', 'copy-lifted', 'copy-ahead', 'copy-picture'];

    const sqlite = new SqliteArticleStore({ path, checkArticle, clock: now });
    const before = await storeView(sqlite, ids, now(), sha);
    // A partner's cursor taken before the copy (the third change), and the page it gets.
    const pagesBefore = await changePages(sqlite, now, '3');
    await sqlite.close();
    expect(before.headSeq).toBe(22);
    expect(before.media?.body).toBe(PNG.toString('base64'));
    expect(before.webhooks.map((w) => w.state?.cursor)).toEqual([5, 7]);
    expect(before.webhooks[1]!.dropped).toHaveLength(1);
    const rowsBefore = sqliteTables(path);

    const db = await database();
    const r = await runRojname(['copy', '--to', db.url], { ROJNAME_DB: path, ROJNAME_DATABASE_URL: '' });
    expect(r.stderr).toContain(`copy: from SQLite ${path} (schema `);
    for (const table of Object.keys(rowsBefore)) expect(r.stderr).toContain(`copy: ${table}: `);
    expect(r.stderr).toContain('copy: changes: 22 rows\n');
    expect(r).toMatchObject({ code: 0, stdout: `copied 6 stories (9 versions), 22 changes (cursor 22), 1 picture and ${Object.keys(rowsBefore).length} tables from SQLite ${path} to PostgreSQL ${db.url}\n` });

    // Row for row, every table (the file is left as it was).
    expect(Object.keys(rowsBefore).sort()).toEqual(['article_languages', 'article_versions', 'articles', 'changes', 'desk_languages', 'language_topics', 'media', 'partner_requests', 'webhook_deliveries', 'webhook_dropped']);
    expect(await postgresTables(db.url, Object.keys(rowsBefore))).toEqual(rowsBefore);
    expect(sqliteTables(path)).toEqual(rowsBefore);
    expect(await db.query('SELECT seq::int FROM change_log_head')).toEqual([{ seq: 22 }]);

    const postgres = await PostgresArticleStore.open({ connectionString: db.url, checkArticle, clock: now });
    try {
      expect(await storeView(postgres, ids, now(), sha)).toEqual(before);
      // The same cursor, the same page, for each partner's view.
      expect(await changePages(postgres, now, '3')).toEqual(pagesBefore);
      expect(pagesBefore[0]).toContain('copy-a');

      // The log goes on after the copied positions, and the embargo still ahead lifts once, in PostgreSQL.
      const c = await postgres.create(newStory('after-copy', ['en']));
      expect((await postgres.changes(22, 10)).map((x) => [x.seq, x.articleId, x.kind])).toEqual([[23, c.id, 'new']]);
      clock.now = T0 + 31 * 24 * HOUR;
      expect((await postgres.recordEmbargoLifts(now())).map((x) => [x.seq, x.articleId, x.language, x.kind])).toEqual([
        [24, 'copy-ahead', 'ar', 'embargo-lifted'],
        [25, 'copy-ahead', 'en', 'embargo-lifted'],
      ]);
      expect(await postgres.recordEmbargoLifts(now())).toEqual([]);
      const pagesAfter = await changePages(postgres, now, '3');
      expect(pagesAfter[0]).toContain('after-copy');
    } finally {
      await postgres.close();
    }
  }, SLOW);

  it('refuses a target that is not migrated (exit 2, naming `rojname migrate`) or not empty (exit 1, naming what it holds), and a missing file (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rojname-copy-'));
    const path = join(dir, 'r.db');
    const store = new SqliteArticleStore({ path, checkArticle });
    await seedSample(store);
    await store.close();

    const bare = await database(false);
    const unmigrated = await runRojname(['copy', '--to', bare.url], { ROJNAME_DB: path });
    expect(unmigrated.code).toBe(2);
    expect(unmigrated.stderr).toMatch(/^rojname copy: --to "postgres:\/\/[^"]+": the PostgreSQL schema is not migrated \(this rojname needs version \d+\): run `rojname migrate` with ROJNAME_DATABASE_URL set to that database, then copy again\n$/);

    const used = await database();
    expect((await runRojname(['copy', '--to', used.url], { ROJNAME_DB: path })).code).toBe(0);
    const again = await runRojname(['copy', '--to', used.url], { ROJNAME_DB: path });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `rojname copy: --to "${used.url}": the database holds a store already (article_languages: 4, article_versions: 1, articles: 1, changes: 4, desk_languages: 4, language_topics: 12, change_log_head at 4); copy into a new database migrated with \`rojname migrate\`, nothing else in it\n`,
    );
    // Nothing was written by the refused copy.
    expect(await used.query('SELECT count(*)::int AS n FROM changes')).toEqual([{ n: 4 }]);

    const missing = await runRojname(['copy', '--to', used.url], { ROJNAME_DB: join(dir, 'nothing.db') });
    expect(missing).toMatchObject({ code: 2, stderr: `rojname copy: ROJNAME_DB "${join(dir, 'nothing.db')}": no such store file\n` });
    const noTarget = await runRojname(['copy'], { ROJNAME_DB: path });
    expect(noTarget).toMatchObject({ code: 2, stderr: 'rojname copy: --to postgres://user@host:5432/db is required: the PostgreSQL database to copy into\n' });
  }, SLOW);
});

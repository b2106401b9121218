import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { ConflictError, NotFoundError, StaleVersionError } from '../../src/store/errors.js';
import { LIST_LATEST_SQL as PG_LIST_LATEST_SQL, PostgresArticleStore } from '../../src/store/postgres.js';
import { SqliteArticleStore } from '../../src/store/sqlite.js';
import type { ArticleStore, Change, Clock } from '../../src/store/store.js';
import type { ClaimedDelivery } from '../../src/store/webhook-outbox.js';
import { ValidationError } from '../../src/validate/problems.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';
import { createTestDatabase, emptyStore, explainPrepared, planNodes, type TestDatabase } from './postgres-db.js';

/**
 * The ArticleStore contract: every behaviour, run against the embedded SQLite store and against
 * a migrated PostgreSQL store (a real server, a fresh database for this file). Store-specific
 * matters (files, migrations, LISTEN/NOTIFY, the change-log lock) have their own files.
 */

const checkArticle = createArticleChecker(defaultLanguages);
const T0 = Date.parse('2024-05-06T10:00:00.000Z');

interface OpenOptions {
  clock?: Clock;
  watchIntervalMs?: number;
  /** Another store on the same data (another process, another replica), rather than a fresh one. */
  shared?: boolean;
}

/** What the plan of `listLatest` does, in either engine's words. */
interface PlanFacts {
  plan: string;
  usesIndex: boolean;
  sorts: boolean;
  scansTable: boolean;
}

interface Backend {
  name: string;
  setup(): Promise<void>;
  /** Before each test: an empty store. */
  reset(): Promise<void>;
  teardown(): Promise<void>;
  open(options: OpenOptions): Promise<ArticleStore>;
  /** The plan of listLatest on a store holding `stories` stories (filled as the store would write them). */
  explainListLatest(store: ArticleStore, stories: number): Promise<PlanFacts>;
}

const sqlite = (): Backend => {
  let file = '';
  return {
    name: 'SQLite',
    async setup() {},
    async reset() {
      file = join(mkdtempSync(join(tmpdir(), 'rojname-contract-')), 'r.db');
    },
    async teardown() {},
    async open({ clock, watchIntervalMs, shared }) {
      return new SqliteArticleStore({ path: shared ? file : ':memory:', checkArticle, ...(clock ? { clock } : {}), ...(watchIntervalMs ? { watchIntervalMs } : {}) });
    },
    // SQLite's planner chooses from the query's shape alone: an empty store shows the plan it keeps.
    async explainListLatest(store) {
      const plan = (store as SqliteArticleStore).explainListLatest().join('\n');
      return { plan, usesIndex: plan.includes('USING INDEX article_languages_latest'), sorts: plan.includes('TEMP B-TREE'), scansTable: /SCAN (l|article_languages)\b/.test(plan) };
    },
  };
};

const postgres = (): Backend => {
  let db: TestDatabase;
  return {
    name: 'PostgreSQL',
    async setup() {
      // A linguistic default collation that ignores punctuation (as glibc's en_US does): the
      // store's order must not depend on the server's locale.
      db = await createTestDatabase({ migrate: true, icuLocale: 'en-US-u-ka-shifted' });
    },
    async reset() {
      await emptyStore(db);
    },
    async teardown() {
      await db?.drop();
    },
    async open({ clock, watchIntervalMs }) {
      // Every instance is another replica on the one database.
      return PostgresArticleStore.open({ connectionString: db.url, checkArticle, ...(clock ? { clock } : {}), ...(watchIntervalMs ? { watchIntervalMs } : {}) });
    },
    // PostgreSQL's planner weighs table statistics: fill the store to size and analyze it first.
    async explainListLatest(_store, stories) {
      await fillPostgres(db, stories);
      const { custom, generic } = await explainPrepared(db, PG_LIST_LATEST_SQL, ['text', 'bigint', 'bigint'], ['en', T0, 30]);
      const facts = [custom, generic].map((p) => planNodes(p));
      return {
        plan: JSON.stringify({ custom, generic }),
        usesIndex: facts.every((nodes) => nodes.some((n) => n['Node Type'] === 'Index Scan' && n['Index Name'] === 'article_languages_latest')),
        sorts: facts.some((nodes) => nodes.some((n) => n['Node Type'] === 'Sort')),
        scansTable: facts.some((nodes) => nodes.some((n) => n['Node Type'] === 'Seq Scan')),
      };
    },
  };
};

/** `count` stories in English, written as the store writes them (version, language version, change), one statement each table. */
async function fillPostgres(db: TestDatabase, count: number): Promise<void> {
  const doc = JSON.stringify({ ...makeArticle(), version: 1, firstCreated: new Date(T0).toISOString(), versionCreated: new Date(T0).toISOString() });
  await db.query(
    `WITH n AS (SELECT generate_series(1, $1::int) AS i),
          a AS (INSERT INTO articles (id, version, pub_status) SELECT 'fill-' || i, 1, 'usable' FROM n),
          v AS (INSERT INTO article_versions (id, version, created_ms, doc) SELECT 'fill-' || i, 1, $2::bigint + i, $3 FROM n),
          l AS (INSERT INTO article_languages (id, lang, item_version, article_version, fingerprint, pub_status, embargo_ms, sort_ms, changed_ms)
                SELECT 'fill-' || i, 'en', 1, 1, 'f', 'usable', NULL, $2::bigint - ($1::int - i) * 60000, $2::bigint + i FROM n)
     INSERT INTO changes (seq, id, lang, item_version, article_version, pub_status, kind, at_ms)
     SELECT i, 'fill-' || i, 'en', 1, 1, 'usable', 'new', $2::bigint + i FROM n`,
    [count, T0, doc],
  );
  await db.query('UPDATE change_log_head SET seq = $1', [count]);
  await db.query('ANALYZE');
}

/** A story in `languages` (the first is its source), each version with its own headline. */
function newStory(id: string, languages: string[]) {
  const localizations = Object.fromEntries(languages.map((lang) => [lang, makeLocalization({ headline: `Headline ${id} ${lang}`, slug: `${id}-${lang}` })]));
  return makeArticle({ id, sourceLanguage: languages[0]!, localizations });
}

async function problemsOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).problems;
}

/** Polls until `done()` holds; fails after 10 s. */
async function eventually(done: () => boolean): Promise<void> {
  const until = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each([sqlite(), postgres()])('$name store', (backend) => {
  const opened: ArticleStore[] = [];
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  beforeEach(() => backend.reset());
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  async function open(options: OpenOptions = {}): Promise<ArticleStore> {
    const store = await backend.open(options);
    opened.push(store);
    return store;
  }

  /** A fresh, empty store whose clock the test moves. */
  async function openStore(startMs = T0) {
    let now = startMs;
    const store = await open({ clock: () => new Date(now) });
    return { store, setNow: (ms: number) => (now = ms) };
  }

  describe('create', () => {
    it('stores version 1 and sets the store-owned fields, whatever the writer sent', async () => {
      const { store } = await openStore();
      const saved = await store.create({ ...makeArticle(), version: 7, firstCreated: '2000-01-01T00:00:00Z', versionCreated: '2000-01-01T00:00:00Z' });
      expect(saved.version).toBe(1);
      expect(saved.firstCreated).toBe('2024-05-06T10:00:00.000Z');
      expect(saved.versionCreated).toBe('2024-05-06T10:00:00.000Z');
      expect(await store.get('erbil-library')).toEqual(saved);
    });
    it('accepts an article read back from the store unchanged', async () => {
      const { store } = await openStore();
      const saved = await store.create(makeArticle());
      const again = await store.update(saved.id, saved, saved.version);
      expect(again.version).toBe(2);
    });
    it('refuses an id that is taken', async () => {
      const { store } = await openStore();
      await store.create(makeArticle());
      await expect(store.create(makeArticle())).rejects.toThrow(ConflictError);
    });
    it('keeps versionCreated strictly increasing at millisecond precision, even within one millisecond', async () => {
      const { store } = await openStore();
      const a = await store.create(makeArticle({ id: 'story-a' }));
      const b = await store.create(makeArticle({ id: 'story-b' }));
      const c = await store.update('story-a', a, 1);
      expect([a.versionCreated, b.versionCreated, c.versionCreated]).toEqual(['2024-05-06T10:00:00.000Z', '2024-05-06T10:00:00.001Z', '2024-05-06T10:00:00.002Z']);
    });
    it('keeps versionCreated unique across two stores writing the same data (processes, replicas)', async () => {
      const a = await open({ shared: true, clock: () => new Date(T0) });
      const b = await open({ shared: true, clock: () => new Date(T0) });
      const x = await a.create(makeArticle({ id: 'from-a' }));
      const y = await b.create(makeArticle({ id: 'from-b' }));
      expect(Date.parse(y.versionCreated)).toBeGreaterThan(Date.parse(x.versionCreated));
    });
    it('keeps the exact text it was given, emoji, bidi marks and all', async () => {
      const { store } = await openStore();
      const headline = 'ناتۆ\u200F NATO \u2067عێراق\u2069 🇮🇶\tend';
      const saved = await store.create(makeArticle({ localizations: { en: makeLocalization({ headline }) } }));
      expect((await store.get(saved.id))!.localizations.en!.headline).toBe(headline);
    });
  });

  describe('get and history', () => {
    it('reads the latest version, a given one, or nothing', async () => {
      const { store } = await openStore();
      const v1 = await store.create(makeArticle());
      const v2 = await store.update(v1.id, { ...v1, pubStatus: 'withheld' }, 1);
      expect(await store.get(v1.id)).toEqual(v2);
      expect(await store.get(v1.id, 1)).toEqual(v1);
      expect(await store.get(v1.id, 3)).toBeUndefined();
      expect(await store.get('nope')).toBeUndefined();
      expect(await store.history(v1.id)).toEqual([v1, v2]);
      expect(await store.history('nope')).toEqual([]);
    });
  });

  describe('update', () => {
    it('replaces the story as version 2 and keeps version 1', async () => {
      const { store, setNow } = await openStore();
      const v1 = await store.create(makeArticle());
      setNow(T0 + 60_000);
      const v2 = await store.update(v1.id, { ...v1, localizations: { en: makeLocalization({ headline: 'Erbil opens its largest library' }) } }, 1);
      expect(v2).toMatchObject({ version: 2, firstCreated: v1.firstCreated, versionCreated: '2024-05-06T10:01:00.000Z' });
      expect((await store.get(v1.id))!.localizations.en!.headline).toBe('Erbil opens its largest library');
      expect((await store.get(v1.id, 1))!.localizations.en!.headline).toBe('Erbil opens a new library');
      expect((await store.history(v1.id)).map((a) => a.version)).toEqual([1, 2]);
    });
    it('refuses a stale version and leaves the story as it was', async () => {
      const { store } = await openStore();
      const v1 = await store.create(makeArticle());
      await store.update(v1.id, v1, 1);
      const error = await store.update(v1.id, { ...v1, pubStatus: 'withheld' }, 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StaleVersionError);
      expect(error).toMatchObject({ expected: 1, current: 2 });
      expect((await store.get(v1.id))!.pubStatus).toBe('usable');
      expect(await store.history(v1.id)).toHaveLength(2);
    });
    it('lets exactly one of two writers of the same version win, on two stores at once', async () => {
      const a = await open({ shared: true });
      const b = await open({ shared: true });
      const v1 = await a.create(makeArticle());
      const results = await Promise.allSettled([
        a.update(v1.id, { ...v1, localizations: { en: makeLocalization({ headline: 'From A' }) } }, 1),
        b.update(v1.id, { ...v1, localizations: { en: makeLocalization({ headline: 'From B' }) } }, 1),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(StaleVersionError);
      expect(await a.history(v1.id)).toHaveLength(2);
    });
    it('refuses a story that does not exist', async () => {
      const { store } = await openStore();
      await expect(store.update('nope', makeArticle({ id: 'nope' }), 1)).rejects.toThrow(NotFoundError);
    });
    it('refuses a body whose id names another story', async () => {
      const { store } = await openStore();
      const v1 = await store.create(makeArticle());
      expect(await problemsOf(store.update(v1.id, { ...v1, id: 'other' }, 1))).toEqual([{ pointer: '/id', message: 'must be "erbil-library", the story being updated' }]);
    });
    it('bumps only the language versions whose outputs changed', async () => {
      const { store } = await openStore();
      const v1 = await store.create(makeArticle({ localizations: { en: makeLocalization(), ckb: makeLocalization({ headline: 'کتێبخانە', slug: 'کتێبخانە' }) } }));
      await store.update(v1.id, { ...v1, localizations: { ...v1.localizations, ckb: makeLocalization({ headline: 'کتێبخانەی نوێ', slug: 'کتێبخانە' }) } }, 1);
      const states = await store.languageStates(v1.id);
      expect(states.map((s) => [s.language, s.itemVersion, s.articleVersion])).toEqual([['ckb', 2, 2], ['en', 1, 1]]);
    });
    it('logs a withhold, and a new version when it is released again', async () => {
      const { store } = await openStore();
      const v1 = await store.create(makeArticle());
      const v2 = await store.update(v1.id, { ...v1, pubStatus: 'withheld' }, 1);
      await store.update(v1.id, { ...v2, pubStatus: 'usable' }, 2);
      expect((await store.changes(0, 10)).map((c) => [c.kind, c.pubStatus, c.itemVersion])).toEqual([
        ['new', 'usable', 1],
        ['withhold', 'withheld', 2],
        ['update', 'usable', 3],
      ]);
      expect(await store.lastRemoval('en')).toBe(Date.parse(v2.versionCreated));
      expect(await store.lastRemoval('ar')).toBeUndefined();
    });
  });

  describe('what one write says', () => {
    it('drops a signal and editorial note carried over from the previous version', async () => {
      const { store } = await openStore();
      const v1 = await store.create(makeArticle({ localizations: { en: makeLocalization(), ar: makeLocalization({ slug: 'maktaba' }) } }));
      const v2 = await store.update(v1.id, { ...v1, signal: 'correction', edNote: 'Fixed the Arabic headline.', localizations: { ...v1.localizations, ar: makeLocalization({ slug: 'maktaba', headline: 'مكتبة' }) } }, 1);
      const v3 = await store.update(v1.id, { ...v2, localizations: { ...v2.localizations, en: makeLocalization({ summary: 'A new summary.' }) } }, 2);
      expect(v3.signal).toBeUndefined();
      expect(v3.edNote).toBeUndefined();
      expect((await store.changes(0, 10)).map((c) => [c.language, c.kind])).toEqual([['en', 'new'], ['ar', 'new'], ['ar', 'correction'], ['en', 'update']]);
    });
  });

  describe('kill', () => {
    it('cancels the story as a new version, drops it from lists and logs a kill per language', async () => {
      const { store } = await openStore();
      const v1 = await store.create(makeArticle({ localizations: { en: makeLocalization(), kmr: makeLocalization({ slug: 'pirtukxane' }) } }));
      const killed = await store.kill(v1.id, 1);
      expect(killed).toMatchObject({ version: 2, pubStatus: 'canceled', edNote: 'Story withdrawn. Please remove it.' });
      expect(await store.listLatest({ language: 'en', limit: 10, now: new Date(T0) })).toEqual([]);
      const changes = await store.changes(0, 10);
      expect(changes.map((c) => [c.language, c.kind, c.pubStatus, c.itemVersion])).toEqual([
        ['en', 'new', 'usable', 1],
        ['kmr', 'new', 'usable', 1],
        ['en', 'kill', 'canceled', 2],
        ['kmr', 'kill', 'canceled', 2],
      ]);
    });
    it('keeps a killed story killed', async () => {
      const { store } = await openStore();
      const v1 = await store.create(makeArticle());
      const killed = await store.kill(v1.id);
      await expect(store.update(v1.id, { ...killed, pubStatus: 'usable' }, 2)).rejects.toThrow(ConflictError);
      expect(await store.kill(v1.id)).toEqual(killed);
    });
    it('refuses a story that does not exist, and a stale version', async () => {
      const { store } = await openStore();
      await expect(store.kill('nope')).rejects.toThrow(NotFoundError);
      const v1 = await store.create(makeArticle());
      await store.update(v1.id, v1, 1);
      await expect(store.kill(v1.id, 1)).rejects.toThrow(StaleVersionError);
    });
  });

  describe('language versions', () => {
    it('reads a language version at any item version, through the change log', async () => {
      const { store, setNow } = await openStore();
      const v1 = await store.create(makeArticle({ localizations: { en: makeLocalization(), ar: makeLocalization({ slug: 'maktaba' }) } }));
      setNow(T0 + 1000);
      await store.update(v1.id, { ...v1, localizations: { ...v1.localizations, en: makeLocalization({ headline: 'Second English headline' }) } }, 1);
      const en1 = await store.getStoryVersion(v1.id, 'en', 1);
      const en2 = await store.getStoryVersion(v1.id, 'en', 2);
      const ar = await store.getStoryVersion(v1.id, 'ar');
      expect(en1).toMatchObject({ articleId: v1.id, language: 'en', itemVersion: 1, changedAt: '2024-05-06T10:00:00.000Z' });
      expect(en1!.article.localizations.en!.headline).toBe('Erbil opens a new library');
      expect(en2).toMatchObject({ itemVersion: 2, changedAt: '2024-05-06T10:00:01.000Z' });
      expect(en2!.article.localizations.en!.headline).toBe('Second English headline');
      // The Arabic version did not change: it is still item version 1, the document of article version 1.
      expect(ar).toMatchObject({ itemVersion: 1, changedAt: '2024-05-06T10:00:00.000Z' });
      expect(ar!.article.version).toBe(1);
      expect(await store.getStoryVersion(v1.id, 'en', 3)).toBeUndefined();
      expect(await store.getStoryVersion(v1.id, 'kmr')).toBeUndefined();
      expect(await store.languageStates(v1.id)).toEqual([
        { language: 'ar', itemVersion: 1, pubStatus: 'usable', articleVersion: 1, changedAt: '2024-05-06T10:00:00.000Z' },
        { language: 'en', itemVersion: 2, pubStatus: 'usable', articleVersion: 2, changedAt: '2024-05-06T10:00:01.000Z' },
      ]);
    });
    it('drops a language removed from the story, as a kill of that version, once', async () => {
      const { store } = await openStore();
      const v1 = await store.create(makeArticle({ localizations: { en: makeLocalization(), ar: makeLocalization({ slug: 'maktaba' }) } }));
      const v2 = await store.update(v1.id, { ...v1, localizations: { en: v1.localizations.en! } }, 1);
      expect(await store.listLatest({ language: 'ar', limit: 10, now: new Date(T0) })).toEqual([]);
      expect(await store.lastChange('ar')).toMatchObject({ kind: 'kill', pubStatus: 'canceled', itemVersion: 2, articleVersion: 1 });
      expect(await store.lastRemoval('ar')).toBe(Date.parse(v2.versionCreated));
      // The dropped version is still readable, as a kill, for partners told of it.
      const killed = await store.getStoryVersion(v1.id, 'ar', 2);
      expect(killed).toMatchObject({ itemVersion: 2, article: { pubStatus: 'canceled', edNote: 'This language version was withdrawn. Please remove it.' } });
      expect(killed!.article.localizations.ar).toBeDefined();
      expect((await store.getStoryVersion(v1.id, 'ar'))!.article.pubStatus).toBe('canceled');
      // Another edit leaves the dropped version killed, without another kill.
      await store.update(v1.id, { ...v2, localizations: { en: makeLocalization({ summary: 'Again.' }) } }, 2);
      expect((await store.changes(0, 10)).filter((c) => c.language === 'ar').map((c) => c.kind)).toEqual(['new', 'kill']);
    });
  });

  describe('listLatest', () => {
    it('lists usable stories in that language, newest first by publication time', async () => {
      const { store } = await openStore();
      await store.create(makeArticle({ id: 'older', published: '2024-05-01T09:00:00Z' }));
      await store.create(makeArticle({ id: 'newer', published: '2024-05-03T09:00:00Z' }));
      await store.create(makeArticle({ id: 'ckb-only', sourceLanguage: 'ckb', localizations: { ckb: makeLocalization({ slug: 'x' }) } }));
      await store.create(makeArticle({ id: 'held', pubStatus: 'withheld' }));
      const en = await store.listLatest({ language: 'en', limit: 10, now: new Date(T0) });
      expect(en.map((s) => s.article.id)).toEqual(['newer', 'older']);
      expect(en[0]).toMatchObject({ articleId: 'newer', language: 'en', itemVersion: 1 });
      const ckb = await store.listLatest({ language: 'ckb', limit: 10, now: new Date(T0) });
      expect(ckb.map((s) => s.article.id)).toEqual(['ckb-only']);
      expect(await store.listLatest({ language: 'en', limit: 1, now: new Date(T0) })).toHaveLength(1);
    });
    it('breaks ties in publication time by id, in byte order', async () => {
      const { store } = await openStore();
      // A linguistic collation would ignore the hyphen and put "a-c" after "ab1".
      for (const id of ['ab1', 'a-c', 'a01', 'b01']) await store.create(makeArticle({ id }));
      expect((await store.listLatest({ language: 'en', limit: 10, now: new Date(T0) })).map((s) => s.articleId)).toEqual(['a-c', 'a01', 'ab1', 'b01']);
    });
    it('hides an embargoed story until its time, judged by the clock passed in; partners see it', async () => {
      const { store } = await openStore();
      await store.create(makeArticle({ embargoedUntil: '2024-05-06T12:00:00Z' }));
      expect(await store.listLatest({ language: 'en', limit: 10, now: new Date('2024-05-06T11:59:59.999Z') })).toEqual([]);
      const after = await store.listLatest({ language: 'en', limit: 10, now: new Date('2024-05-06T12:00:00Z') });
      expect(after.map((s) => s.article.id)).toEqual(['erbil-library']);
      const partners = await store.listLatest({ language: 'en', limit: 10, now: new Date(T0), includeEmbargoed: true });
      expect(partners.map((s) => s.article.id)).toEqual(['erbil-library']);
    });
    it('names the next embargo to lift', async () => {
      const { store } = await openStore();
      await store.create(makeArticle({ id: 'later', embargoedUntil: '2024-05-06T14:00:00Z' }));
      await store.create(makeArticle({ id: 'sooner', embargoedUntil: '2024-05-06T12:00:00Z' }));
      await store.create(makeArticle({ id: 'held', pubStatus: 'withheld', embargoedUntil: '2024-05-06T11:00:00Z' }));
      expect(await store.nextEmbargo('en', new Date(T0))).toBe(Date.parse('2024-05-06T12:00:00Z'));
      expect(await store.nextEmbargo('en', new Date('2024-05-06T12:00:00Z'))).toBe(Date.parse('2024-05-06T14:00:00Z'));
      expect(await store.nextEmbargo('en', new Date('2024-05-06T14:00:00Z'))).toBeUndefined();
      expect(await store.nextEmbargo('ar', new Date(T0))).toBeUndefined();
    });
    it('reads through the partial index, without sorting, so its cost does not grow with the store', async () => {
      const { store } = await openStore();
      const facts = await backend.explainListLatest(store, 20_000);
      expect(facts, facts.plan).toMatchObject({ usesIndex: true, sorts: false, scansTable: false });
      // And at that size it answers with the newest ones.
      if (backend.name === 'PostgreSQL') {
        const latest = await store.listLatest({ language: 'en', limit: 3, now: new Date(T0) });
        expect(latest.map((s) => s.articleId)).toEqual(['fill-20000', 'fill-19999', 'fill-19998']);
      }
    });
  });

  describe('listTopic (topic feeds)', () => {
    it('lists the usable versions of a language naming a topic, newest first, ties by id; follows edits, embargoes and kills', async () => {
      const { store } = await openStore();
      await store.create(makeArticle({ id: 'older', published: '2024-05-01T09:00:00Z', subjects: [{ code: 'medtop:11000000' }] }));
      await store.create(makeArticle({ id: 'newer', published: '2024-05-03T09:00:00Z', subjects: [{ code: 'medtop:11000000' }, { code: 'medtop:04000000' }] }));
      await store.create(makeArticle({ id: 'tie-b', published: '2024-05-02T09:00:00Z', subjects: [{ code: 'medtop:11000000' }] }));
      await store.create(makeArticle({ id: 'tie-a', published: '2024-05-02T09:00:00Z', subjects: [{ code: 'medtop:11000000' }] }));
      await store.create(makeArticle({ id: 'narrower', subjects: [{ code: 'medtop:20000574' }] }));
      await store.create(makeArticle({ id: 'later', subjects: [{ code: 'medtop:11000000' }], embargoedUntil: '2024-05-06T12:00:00Z' }));
      await store.create(makeArticle({ id: 'held', pubStatus: 'withheld', subjects: [{ code: 'medtop:11000000' }] }));
      const list = async (code: string, at = T0) => (await store.listTopic({ language: 'en', code, now: new Date(at), limit: 10 })).map((s) => s.articleId);
      expect(await list('medtop:11000000', Date.parse('2024-05-06T11:00:00Z'))).toEqual(['newer', 'tie-a', 'tie-b', 'older']);
      expect(await list('medtop:11000000', Date.parse('2024-05-06T12:00:00Z'))).toEqual(['later', 'newer', 'tie-a', 'tie-b', 'older']);
      expect(await list('medtop:04000000')).toEqual(['newer']);
      expect((await store.listTopic({ language: 'ckb', code: 'medtop:11000000', now: new Date(T0), limit: 10 }))).toEqual([]);
      const newer = (await store.get('newer'))!;
      await store.update('newer', { ...newer, subjects: [{ code: 'medtop:04000000' }] }, newer.version);
      await store.kill('older');
      expect(await list('medtop:11000000', Date.parse('2024-05-06T12:00:00Z'))).toEqual(['later', 'tie-a', 'tie-b']);
      const [first] = await store.listTopic({ language: 'en', code: 'medtop:04000000', now: new Date(T0), limit: 1 });
      expect(first).toMatchObject({ articleId: 'newer', language: 'en', itemVersion: 2 });
      expect(first!.article.subjects).toEqual([{ code: 'medtop:04000000' }]);
    });
  });

  describe('listPublished', () => {
    /** Every page from the first to the last, and the ids in the order they came. */
    async function pageThrough(store: ArticleStore, language: string, now: Date, limit: number) {
      const pages: string[][] = [];
      let after: string | undefined;
      do {
        const page = await store.listPublished({ language, now, limit, ...(after === undefined ? {} : { after }) });
        pages.push(page.stories.map((s) => s.article.id));
        after = page.next;
      } while (after !== undefined);
      return pages;
    }

    it('pages through every usable, public version in feed order, each exactly once', async () => {
      const { store } = await openStore();
      // Three stories share each publication instant: the cursor must break ties, never skip or repeat.
      for (let i = 0; i < 25; i++) {
        await store.create(makeArticle({ id: `story-${String(i).padStart(2, '0')}`, published: new Date(T0 - 3_600_000 - Math.floor(i / 3) * 60_000).toISOString() }));
      }
      await store.create(makeArticle({ id: 'embargoed', embargoedUntil: '2024-05-07T00:00:00Z' }));
      await store.create(makeArticle({ id: 'held', pubStatus: 'withheld' }));
      await store.create(makeArticle({ id: 'killed' }));
      await store.kill('killed');
      await store.create(makeArticle({ id: 'ckb-only', sourceLanguage: 'ckb', localizations: { ckb: makeLocalization({ slug: 'x' }) } }));
      const now = new Date(T0);
      const pages = await pageThrough(store, 'en', now, 5);
      const feedOrder = (await store.listLatest({ language: 'en', limit: 1000, now })).map((s) => s.article.id);
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 5]);
      expect(pages.flat()).toEqual(feedOrder);
      expect(new Set(pages.flat()).size).toBe(25);
      expect(pages.flat()).not.toContain('embargoed');
      expect(pages.flat()).not.toContain('held');
      expect(pages.flat()).not.toContain('killed');
      expect(await pageThrough(store, 'ckb', now, 5)).toEqual([['ckb-only']]);
    });
    it('lists an embargoed story once its embargo has lifted, judged by the clock passed in', async () => {
      const { store } = await openStore();
      await store.create(makeArticle({ id: 'embargoed', embargoedUntil: '2024-05-07T00:00:00Z' }));
      expect(await pageThrough(store, 'en', new Date('2024-05-06T23:59:59.999Z'), 10)).toEqual([[]]);
      expect(await pageThrough(store, 'en', new Date('2024-05-07T00:00:00Z'), 10)).toEqual([['embargoed']]);
    });
    it('refuses a cursor it did not hand out', async () => {
      const { store } = await openStore();
      await expect(store.listPublished({ language: 'en', now: new Date(T0), limit: 10, after: 'not-a-cursor' })).rejects.toThrow(ValidationError);
    });
  });

  describe('change log', () => {
    it('numbers changes from 1, oldest first, a page at a time', async () => {
      const { store } = await openStore();
      expect(await store.headSeq()).toBe(0);
      expect(await store.lastChange('en')).toBeUndefined();
      await store.create(newStory('one', ['en', 'ar']));
      await store.create(newStory('two', ['en']));
      expect(await store.headSeq()).toBe(3);
      const all = await store.changes(0, 10);
      expect(all.map((c) => [c.seq, c.articleId, c.language, c.kind, c.itemVersion, c.articleVersion])).toEqual([
        [1, 'one', 'en', 'new', 1, 1],
        [2, 'one', 'ar', 'new', 1, 1],
        [3, 'two', 'en', 'new', 1, 1],
      ]);
      expect(all[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await store.changes(1, 1)).toEqual([all[1]]);
      expect(await store.changes(3, 10)).toEqual([]);
      expect(await store.lastChange('en')).toEqual(all[2]);
      expect(await store.lastChange('ar')).toEqual(all[1]);
    });
    it('logs nothing for a write that changes nothing a language shows', async () => {
      const { store } = await openStore();
      const v1 = await store.create(newStory('same', ['en']));
      const v2 = await store.update('same', v1, 1);
      expect(v2.version).toBe(2);
      expect(await store.headSeq()).toBe(1);
    });
  });

  describe('the change seam (store.watch)', () => {
    it("announces this process's write right after its commit, with every change it logged", async () => {
      const s = await open();
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
      const s = await open();
      const created = await s.create(newStory('same', ['en']));
      const seen: Change[] = [];
      s.watch((changes) => seen.push(...changes));
      const { version: _v, firstCreated: _f, versionCreated: _c, ...same } = created;
      await s.update('same', same, 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual([]);
    });
    it("announces another store's commit on the same data", async () => {
      const reader = await open({ shared: true, watchIntervalMs: 50 });
      const writer = await open({ shared: true });
      const seen: Change[] = [];
      reader.watch((changes) => seen.push(...changes));
      await writer.create(newStory('from-elsewhere', ['kmr']));
      await eventually(() => seen.length === 1);
      expect(seen[0]).toMatchObject({ articleId: 'from-elsewhere', language: 'kmr', kind: 'new' });
    });
    it("never skips another store's change that committed just before this one's own", async () => {
      const mine = await open({ shared: true, watchIntervalMs: 60_000 });
      const other = await open({ shared: true });
      const seen: Change[] = [];
      mine.watch((changes) => seen.push(...changes));
      await other.create(newStory('theirs', ['en']));
      await mine.create(newStory('ours', ['en']));
      expect(seen.map((c) => c.articleId)).toEqual(['theirs', 'ours']);
      expect(seen.map((c) => c.seq)).toEqual([1, 2]);
    });
    it('stops announcing once the listener has left', async () => {
      const s = await open();
      const seen: Change[] = [];
      const stop = s.watch((changes) => seen.push(...changes));
      await s.create(newStory('first', ['en']));
      stop();
      await s.create(newStory('second', ['en']));
      expect(seen.map((c) => c.articleId)).toEqual(['first']);
    });
  });

  describe('embargo lifts in the change log', () => {
    const E = Date.parse('2024-05-06T12:00:00.000Z');
    const embargoed = (id: string, languages: string[], until = E) => ({ ...newStory(id, languages), embargoedUntil: new Date(until).toISOString() });
    const view = (changes: Change[]) => changes.map((c) => [c.articleId, c.language, c.kind, c.itemVersion]);

    it('logs each lift once, at the embargo instant, after every change before it', async () => {
      const { store, setNow } = await openStore();
      await store.create(embargoed('under', ['en', 'ar']));
      await store.create(newStory('plain', ['en']));
      expect(await store.recordEmbargoLifts(new Date(E - 1))).toEqual([]);
      setNow(E + 5000);
      await store.create(newStory('after', ['en']));
      const logged = await store.recordEmbargoLifts(new Date(E + 5000));
      expect(logged.map((c) => [c.seq, c.articleId, c.language, c.kind, c.itemVersion, c.pubStatus, c.at])).toEqual([
        [5, 'under', 'ar', 'embargo-lifted', 1, 'usable', new Date(E).toISOString()],
        [6, 'under', 'en', 'embargo-lifted', 1, 'usable', new Date(E).toISOString()],
      ]);
      expect(await store.recordEmbargoLifts(new Date(E + 6000))).toEqual([]);
      expect(await store.changes(4, 10)).toEqual(logged);
      // The lift is not another version: the item version reads as it was written.
      expect(await store.getStoryVersion('under', 'en', 1)).toMatchObject({ itemVersion: 1, changedAt: new Date(T0).toISOString() });
    });
    it('logs no lift for an embargo already past when written, nor for a story withheld or killed before it', async () => {
      const { store } = await openStore();
      await store.create(embargoed('past', ['en'], T0 - 1000));
      await store.create({ ...embargoed('held', ['en']), pubStatus: 'withheld' });
      await store.create(embargoed('killed', ['en']));
      await store.kill('killed');
      expect(await store.recordEmbargoLifts(new Date(E + 1))).toEqual([]);
    });
    it('logs the lift of the embargo the version has when it lifts, once, when an edit moved it', async () => {
      const { store } = await openStore();
      const v1 = await store.create(embargoed('moved', ['en']));
      await store.update('moved', { ...v1, embargoedUntil: new Date(E + 60_000).toISOString() }, 1);
      expect(await store.recordEmbargoLifts(new Date(E))).toEqual([]);
      expect(view(await store.recordEmbargoLifts(new Date(E + 60_000)))).toEqual([['moved', 'en', 'embargo-lifted', 2]]);
    });
    it("is each partner's own view: its languages; lifts instead of changes made under embargo, or the reverse", async () => {
      const { store } = await openStore();
      await store.create(embargoed('under', ['en', 'ar']));
      await store.create(newStory('plain', ['en', 'ckb']));
      const held = await store.create(embargoed('dropped', ['en']));
      await store.kill(held.id);
      await store.recordEmbargoLifts(new Date(E));
      expect(view(await store.changes(0, 100, { embargoed: true }))).toEqual([
        ['under', 'en', 'new', 1],
        ['under', 'ar', 'new', 1],
        ['plain', 'en', 'new', 1],
        ['plain', 'ckb', 'new', 1],
        ['dropped', 'en', 'new', 1],
        ['dropped', 'en', 'kill', 2],
      ]);
      // Removals are seen either way: a partner may hold an earlier version.
      expect(view(await store.changes(0, 100, { embargoed: false, languages: ['en', 'ar'] }))).toEqual([
        ['plain', 'en', 'new', 1],
        ['dropped', 'en', 'kill', 2],
        ['under', 'ar', 'embargo-lifted', 1],
        ['under', 'en', 'embargo-lifted', 1],
      ]);
      expect(view(await store.changes(0, 100, { languages: ['ckb'] }))).toEqual([['plain', 'ckb', 'new', 1]]);
      expect(view(await store.changes(0, 2, { embargoed: false }))).toEqual([['plain', 'en', 'new', 1], ['plain', 'ckb', 'new', 1]]);
      expect(view(await store.changes(0, 100, { embargoed: false, upTo: 6 }))).toEqual([['plain', 'en', 'new', 1], ['plain', 'ckb', 'new', 1], ['dropped', 'en', 'kill', 2]]);
      // Without a filter: every entry.
      expect((await store.changes(0, 100)).length).toBe(8);
    });
    it('is logged once when two stores on the same data race to log it', async () => {
      const a = await open({ shared: true, clock: () => new Date(T0) });
      const b = await open({ shared: true, clock: () => new Date(T0) });
      for (let i = 0; i < 5; i++) await a.create(embargoed(`story-${i}`, ['en', 'ar']));
      const results = await Promise.all([a.recordEmbargoLifts(new Date(E)), b.recordEmbargoLifts(new Date(E)), a.recordEmbargoLifts(new Date(E)), b.recordEmbargoLifts(new Date(E))]);
      expect(results.flat()).toHaveLength(10);
      const lifts = (await a.changes(0, 100)).filter((c) => c.kind === 'embargo-lifted');
      expect(lifts).toHaveLength(10);
      expect(new Set(lifts.map((c) => `${c.articleId}/${c.language}`)).size).toBe(10);
      expect(lifts.map((c) => c.seq)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    });
    it('is logged by the stores that watch, on their own, at the instant it lifts, once, and every watcher is told', async () => {
      // Real time: the lift is due 400 ms from now.
      const lift = Date.now() + 400;
      const a = await open({ shared: true, watchIntervalMs: 50 });
      const b = await open({ shared: true, watchIntervalMs: 50 });
      const seen: Record<string, Change[]> = { a: [], b: [] };
      a.watch((changes) => seen.a!.push(...changes));
      b.watch((changes) => seen.b!.push(...changes));
      await a.create(embargoed('soon', ['en'], lift));
      await eventually(() => seen.a!.some((c) => c.kind === 'embargo-lifted') && seen.b!.some((c) => c.kind === 'embargo-lifted'));
      const lifted = (await a.changes(0, 10)).filter((c) => c.kind === 'embargo-lifted');
      expect(lifted).toHaveLength(1);
      expect(lifted[0]).toMatchObject({ seq: 2, articleId: 'soon', at: new Date(lift).toISOString() });
      // Told within the fallback check of the lift's instant, not later.
      expect(Date.now() - lift).toBeLessThan(2000);
      for (const who of ['a', 'b']) expect(seen[who]!.filter((c) => c.kind === 'embargo-lifted')).toEqual(lifted);
    });
  });

  describe('partner request counts (quotas across processes)', () => {
    it("stores each process's count per partner and window, and reads back the others' sum", async () => {
      const a = await open({ shared: true });
      const b = await open({ shared: true });
      const c = await open({ shared: true });
      const W = 1_700_000_040_000;
      expect(await a.syncRequestCounts('a', W, new Map([['afp', 5]]))).toEqual(new Map());
      expect(await b.syncRequestCounts('b', W, new Map([['afp', 3], ['reuters', 1]]))).toEqual(new Map([['afp', 5]]));
      // A count is replaced, never added to: a process writes its own total again.
      await a.syncRequestCounts('a', W, new Map([['afp', 7]]));
      expect(await c.syncRequestCounts('c', W, new Map())).toEqual(new Map([['afp', 10], ['reuters', 1]]));
      expect(await b.syncRequestCounts('b', W, new Map())).toEqual(new Map([['afp', 7]]));
      // A new window starts from nothing, and the older ones are dropped.
      expect(await a.syncRequestCounts('a', W + 60_000, new Map([['afp', 1]]))).toEqual(new Map());
      expect(await c.syncRequestCounts('c', W, new Map())).toEqual(new Map());
    });
  });

  describe('the webhook outbox (a cursor per partner, leased one attempt at a time)', () => {
    const LEASE = 10_000;
    const claim = (store: ArticleStore, owner: string, now: number, view = {}) => store.webhooks.claim({ partner: 'ap', view, owner, now, leaseMs: LEASE });
    const seqOf = (c: Awaited<ReturnType<typeof claim>>) => (c.kind === 'claimed' ? c.change.seq : c.kind);

    it('starts a new partner at the head, then hands out each change after it in order, one lease at a time', async () => {
      const a = await open({ shared: true });
      const b = await open({ shared: true });
      await a.create(newStory('before', ['en']));
      await a.webhooks.addPartners(['ap']);
      expect(await claim(a, 'A', T0)).toEqual({ kind: 'idle' });
      await a.create(newStory('first', ['en']));
      await a.create(newStory('second', ['en']));
      const first = await claim(a, 'A', T0);
      expect(first).toMatchObject({ kind: 'claimed', owner: 'A', attempts: 0, firstAttemptMs: T0, leaseUntil: T0 + LEASE, change: { seq: 2, articleId: 'first' } });
      // Another process is kept off until the lease ends, and told when that is.
      expect(await claim(b, 'B', T0 + 1)).toEqual({ kind: 'busy', until: T0 + LEASE });
      expect(await a.webhooks.state('ap', {})).toMatchObject({ cursor: 1, pending: 2, lastAttemptAt: null, lastStatus: null, failures: 0 });
      expect(await a.webhooks.settle(first as ClaimedDelivery, { result: 'delivered', at: T0 + 5, status: 204 })).toBe(true);
      expect(await b.webhooks.state('ap', {})).toEqual({ cursor: 2, pending: 1, lastAttemptAt: new Date(T0 + 5).toISOString(), lastStatus: 204, failures: 0 });
      expect(seqOf(await claim(b, 'B', T0 + 6))).toBe(3);
      // Adding a partner again keeps its cursor.
      await b.webhooks.addPartners(['ap']);
      expect((await b.webhooks.state('ap', {}))!.cursor).toBe(2);
    });
    it('hands the same change again, with its attempt count, after a failure is due or a lease runs out; a lost lease cannot settle', async () => {
      const a = await open({ shared: true });
      const b = await open({ shared: true });
      await a.webhooks.addPartners(['ap']);
      await a.create(newStory('only', ['en']));
      const first = (await claim(a, 'A', T0)) as ClaimedDelivery;
      expect(await a.webhooks.settle(first, { result: 'retry', at: T0 + 10, status: 503, nextAttemptMs: T0 + 1000 })).toBe(true);
      expect(await claim(b, 'B', T0 + 999)).toEqual({ kind: 'busy', until: T0 + 1000 });
      const second = (await claim(b, 'B', T0 + 1000)) as ClaimedDelivery;
      expect(second).toMatchObject({ kind: 'claimed', owner: 'B', attempts: 1, firstAttemptMs: T0, change: { seq: 1 } });
      expect(await a.webhooks.state('ap', {})).toMatchObject({ cursor: 0, pending: 1, lastStatus: 503, failures: 1 });
      // B dies mid-attempt: its lease runs out, and A makes the same change's attempt.
      const third = (await claim(a, 'A', T0 + 1000 + LEASE)) as ClaimedDelivery;
      expect(third).toMatchObject({ owner: 'A', attempts: 1, firstAttemptMs: T0, change: { seq: 1 } });
      expect(await b.webhooks.settle(second, { result: 'delivered', at: T0 + 1000 + LEASE, status: 200 })).toBe(false);
      expect(await a.webhooks.settle(third, { result: 'dropped', at: T0 + 1000 + LEASE, status: 410, reason: 'refused: HTTP 410' })).toBe(true);
      expect(await a.webhooks.dropped('ap')).toEqual([{ seq: 1, status: 410, reason: 'refused: HTTP 410', attempts: 2, at: new Date(T0 + 1000 + LEASE).toISOString() }]);
      expect(await a.webhooks.state('ap', {})).toMatchObject({ cursor: 1, pending: 0, lastStatus: 410, failures: 2 });
      expect(await claim(a, 'A', T0 + 2000 + LEASE)).toEqual({ kind: 'idle' });
    });
    it("hands out only the partner's view, moving past the rest, and gives a lease back unattempted", async () => {
      const { store } = await openStore();
      await store.webhooks.addPartners(['ap']);
      await store.create(newStory('sorani', ['ckb']));
      const view = { languages: ['en'], embargoed: false };
      expect(await store.webhooks.state('ap', view)).toMatchObject({ pending: 0 });
      expect(await claim(store, 'A', T0, view)).toEqual({ kind: 'idle' });
      expect((await store.webhooks.state('ap', view))!.cursor).toBe(1);
      await store.create({ ...newStory('held', ['en']), embargoedUntil: new Date(T0 + 60_000).toISOString() });
      await store.create(newStory('english', ['en', 'ckb']));
      const c = (await claim(store, 'A', T0, view)) as ClaimedDelivery;
      expect([c.change.articleId, c.change.language]).toEqual(['english', 'en']);
      expect(await store.webhooks.settle(c, { result: 'released' })).toBe(true);
      expect(seqOf(await claim(store, 'B', T0 + 1, view))).toBe(3);
      await store.recordEmbargoLifts(new Date(T0 + 60_000));
      expect(await store.webhooks.state('ap', view)).toMatchObject({ cursor: 1, pending: 2 });
    });
  });

  describe('bad input: a clear list of problems and nothing written', () => {
    const cases: [string, (a: Record<string, unknown>) => unknown, { pointer: string; message: string | RegExp }][] = [
      ['a wrong type', (a) => ({ ...a, subjects: 'medtop:05000000' }), { pointer: '/subjects', message: 'subjects must be a list (a JSON array), not "medtop:05000000"' }],
      ['a missing field', (a) => { const { provider: _p, ...rest } = a; return rest; }, { pointer: '/provider', message: 'provider is required' }],
      ['an unknown language', (a) => ({ ...a, localizations: { en: makeLocalization(), de: makeLocalization() } }), { pointer: '/localizations/de', message: 'localizations.de is not a supported language (supported: en, ckb, kmr, ar)' }],
      ['an unknown property', (a) => ({ ...a, colour: 'red' }), { pointer: '/colour', message: /^colour is not a field of the article \(its fields: id, version, / }],
      ['an oversized body', (a) => ({ ...a, localizations: { en: makeLocalization({ body: Array.from({ length: 9 }, () => ({ type: 'paragraph' as const, text: 'x'.repeat(1_000_000) })) }) } }), { pointer: '/localizations/en/body', message: 'is too large: 9000000 characters, at most 8000000' }],
      ['a control character', (a) => ({ ...a, localizations: { en: makeLocalization({ headline: 'Bell\u0007 rings' }) } }), { pointer: '/localizations/en/headline', message: 'localizations.en.headline contains U+0007 at position 4: a character XML 1.0 cannot carry' }],
      ['U+0000', (a) => ({ ...a, localizations: { en: makeLocalization({ summary: 'nul\u0000' }) } }), { pointer: '/localizations/en/summary', message: 'localizations.en.summary contains U+0000 at position 3: a character XML 1.0 cannot carry' }],
      ['U+FFFF', (a) => ({ ...a, localizations: { en: makeLocalization({ summary: 'end\uFFFF' }) } }), { pointer: '/localizations/en/summary', message: 'localizations.en.summary contains U+FFFF at position 3: a character XML 1.0 cannot carry' }],
      ['a lone surrogate', (a) => ({ ...a, localizations: { en: makeLocalization({ headline: 'half \uD83D emoji' }) } }), { pointer: '/localizations/en/headline', message: 'localizations.en.headline contains U+D83D at position 5: a lone surrogate, which is not a character' }],
      ['a bidi override', (a) => ({ ...a, localizations: { en: makeLocalization({ headline: 'abc\u202Edef' }) } }), { pointer: '/localizations/en/headline', message: 'localizations.en.headline contains U+202E at position 3: a bidi embedding/override control, which can reorder text invisibly' }],
      ['a source language without a version', (a) => ({ ...a, sourceLanguage: 'ar' }), { pointer: '/sourceLanguage', message: 'names "ar", which has no localization' }],
      ['a bad embargo date', (a) => ({ ...a, embargoedUntil: '2024-05-06 12:00' }), { pointer: '/embargoedUntil', message: 'embargoedUntil must be a date and time with an offset, e.g. 2021-02-18T19:30:00+03:00, not "2024-05-06 12:00"' }],
      ['a leap second', (a) => ({ ...a, published: '2016-12-31T23:59:60Z' }), { pointer: '/published', message: '"2016-12-31T23:59:60Z" is not a date-time this service can use (leap seconds are not)' }],
      ['a year outside 1000–9999', (a) => ({ ...a, embargoedUntil: '0000-01-01T00:00:00Z' }), { pointer: '/embargoedUntil', message: '"0000-01-01T00:00:00Z" is outside the years 1000–9999 (UTC)' }],
      ['a provider URI that is not http(s)', (a) => ({ ...a, provider: { name: 'X', uri: 'urn:x:y' } }), { pointer: '/provider/uri', message: /^provider\.uri must be an absolute http or https URL/ }],
    ];
    it.each(cases)('refuses %s', async (_name, mutate, expected) => {
      const { store } = await openStore();
      const problems = await problemsOf(store.create(mutate(makeArticle() as unknown as Record<string, unknown>)));
      const message = typeof expected.message === 'string' ? expected.message : expect.stringMatching(expected.message);
      expect(problems).toContainEqual({ pointer: expected.pointer, message });
      expect(await store.get('erbil-library')).toBeUndefined();
      expect(await store.changes(0, 10)).toEqual([]);
    });
    it('lists every problem, not only the first', async () => {
      const { store } = await openStore();
      const problems = await problemsOf(store.create({ ...makeArticle(), pubStatus: 'published', subjects: [{ code: 'politics' }] }));
      expect(problems.map((p) => p.pointer)).toEqual(['/pubStatus', '/subjects/0/code']);
    });
    it('refuses a non-object', async () => {
      const { store } = await openStore();
      expect(await problemsOf(store.create([1, 2]))).toEqual([{ pointer: '', message: 'must be a JSON object' }]);
    });
    it('writes nothing when an update is refused', async () => {
      const { store } = await openStore();
      const v1 = await store.create(makeArticle());
      await problemsOf(store.update(v1.id, { ...v1, subjects: 'x' }, 1));
      expect(await store.history(v1.id)).toHaveLength(1);
      expect(await store.headSeq()).toBe(1);
    });
  });

  // Issue 11, item 2: the editors' list and history, uploaded pictures (schema 4).
  describe("the editors' desk", () => {
    const png = readFileSync(new URL('../media/fixtures/opaque-37x21.png', import.meta.url));
    const pngSha = createHash('sha256').update(png).digest('hex');
    const keepPng = (store: ArticleStore) => store.putMedia({ sha256: pngSha, type: 'image/png', width: 37, height: 21, body: png });
    const withImage = (id: string, url: string, width = 37, height = 21) =>
      makeArticle({ id, images: [{ url, mediaType: 'image/png', width, height, credit: 'Rojname', caption: { en: 'A caption' }, alt: { en: 'A picture' } }] });

    it('lists stories by their last change, newest first, with each language of the latest version', async () => {
      const { store, setNow } = await openStore();
      await store.create(newStory('first', ['en', 'ar']));
      setNow(T0 + 1000);
      await store.create(newStory('second', ['ckb']));
      setNow(T0 + 2000);
      const first = (await store.get('first'))!;
      await store.update('first', { ...first, localizations: { en: makeLocalization({ headline: 'New English headline', slug: 'first-en' }) } }, 1);
      const page = await store.listArticles({ limit: 10 });
      expect(page).toEqual({
        items: [
          { id: 'first', version: 2, pubStatus: 'usable', updated: '2024-05-06T10:00:02.000Z', languages: { en: { headline: 'New English headline', itemVersion: 2, pubStatus: 'usable' } } },
          { id: 'second', version: 1, pubStatus: 'usable', updated: '2024-05-06T10:00:01.000Z', languages: { ckb: { headline: 'Headline second ckb', itemVersion: 1, pubStatus: 'usable' } } },
        ],
      });
      // The dropped Arabic version is no longer the story's: it is not listed, nor found by language.
      expect((await store.listArticles({ limit: 10, language: 'ar' })).items).toEqual([]);
    });
    it('filters by language, status and instant, and pages by cursor without skipping or repeating', async () => {
      const { store, setNow } = await openStore();
      for (let i = 0; i < 7; i++) {
        setNow(T0 + i * 1000);
        await store.create({ ...newStory(`s-${i}`, i % 2 ? ['en', 'kmr'] : ['kmr']), pubStatus: i === 3 ? 'withheld' : 'usable' });
      }
      await store.kill('s-6');
      const ids = async (o: Omit<Parameters<ArticleStore['listArticles']>[0], 'limit'>, limit = 100) => (await store.listArticles({ limit, ...o })).items.map((i) => i.id);
      expect(await ids({ language: 'en' })).toEqual(['s-5', 's-3', 's-1']);
      expect(await ids({ status: 'withheld' })).toEqual(['s-3']);
      expect(await ids({ status: 'canceled', language: 'kmr' })).toEqual(['s-6']);
      expect(await ids({ language: 'en', status: 'usable' })).toEqual(['s-5', 's-1']);
      expect(await ids({ since: T0 + 4000 })).toEqual(['s-6', 's-5', 's-4']);
      const pages: string[][] = [];
      let after: string | undefined;
      do {
        const page = await store.listArticles({ limit: 3, language: 'kmr', ...(after ? { after } : {}) });
        pages.push(page.items.map((i) => i.id));
        after = page.next;
      } while (after);
      expect(pages).toEqual([['s-6', 's-5', 's-4'], ['s-3', 's-2', 's-1'], ['s-0']]);
    });
    it('refuses a cursor it did not make', async () => {
      const { store } = await openStore();
      const listPublishedCursor = Buffer.from(JSON.stringify([T0, 'x'])).toString('base64url');
      expect(await problemsOf(store.listArticles({ limit: 5, after: listPublishedCursor }))).toEqual([{ pointer: 'cursor', message: 'cursor is not a cursor this list returned (pass its nextCursor as it is)' }]);
    });
    it('keeps who wrote each version, and null when nobody was named', async () => {
      const { store, setNow } = await openStore();
      const v1 = await store.create(newStory('authored', ['en', 'ckb']), { editor: 'alice' });
      setNow(T0 + 1000);
      await store.update('authored', { ...v1, signal: 'correction', localizations: { en: v1.localizations.en! } }, 1);
      setNow(T0 + 2000);
      await store.kill('authored', 2, 'Withdrawn.', { editor: 'cli' });
      expect(await store.versions('authored')).toEqual([
        { version: 1, versionCreated: '2024-05-06T10:00:00.000Z', pubStatus: 'usable', signal: null, editor: 'alice', languages: ['ckb', 'en'] },
        { version: 2, versionCreated: '2024-05-06T10:00:01.000Z', pubStatus: 'usable', signal: 'correction', editor: null, languages: ['en'] },
        { version: 3, versionCreated: '2024-05-06T10:00:02.000Z', pubStatus: 'canceled', signal: null, editor: 'cli', languages: ['en'] },
      ]);
      expect(await store.versions('nope')).toEqual([]);
    });
    it('keeps an uploaded picture once per SHA-256 and gives its bytes back exactly', async () => {
      const { store, setNow } = await openStore();
      const kept = await keepPng(store);
      expect(kept).toEqual({ sha256: pngSha, type: 'image/png', bytes: png.length, width: 37, height: 21, createdAt: '2024-05-06T10:00:00.000Z' });
      setNow(T0 + 5000);
      expect(await keepPng(store)).toEqual(kept);
      const read = await store.getMedia(pngSha, true);
      expect(read!.body!.equals(png)).toBe(true);
      expect(await store.getMedia(pngSha)).toEqual(kept);
      expect(await store.getMedia('0'.repeat(64))).toBeUndefined();
    });
    it('refuses a story whose uploaded picture is missing or of another size, and writes nothing', async () => {
      const { store } = await openStore();
      const url = `/media/${pngSha}.png`;
      expect(await problemsOf(store.create(withImage('pictured', url)))).toEqual([
        { pointer: '/images/0/url', message: `"${url}" is not a picture this service has: upload it first (POST /api/media, or rojname media add FILE) and use the URL it returns` },
      ]);
      await keepPng(store);
      expect((await problemsOf(store.create(withImage('pictured', url, 38, 21)))).map((p) => p.pointer)).toEqual(['/images/0/width']);
      expect(await store.changes(0, 10)).toEqual([]);
      expect((await store.create(withImage('pictured', url))).images[0]!.url).toBe(url);
    });
    it('still kills a story whose picture is no longer there, and edits it without touching the picture', async () => {
      const { store } = await openStore();
      // A shipped file at its own size, then renamed away: the story keeps it as it was accepted.
      const v1 = await store.create({ ...withImage('shipped', '/media/rojname-logo.png', 144, 144) });
      const gone = { ...v1, images: [{ ...v1.images[0]!, url: '/media/renamed-logo.png' }] };
      expect((await problemsOf(store.update('shipped', gone, 1))).map((p) => p.pointer)).toEqual(['/images/0/url']);
      expect((await store.update('shipped', { ...v1, edNote: 'Text only.' }, 1)).version).toBe(2);
      expect((await store.kill('shipped')).pubStatus).toBe('canceled');
    });
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { ConflictError, NotFoundError, StaleVersionError } from '../../src/store/errors.js';
import { LIST_PUBLISHED_SQL, SqliteArticleStore } from '../../src/store/sqlite.js';
import { ValidationError } from '../../src/validate/problems.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';

const checkArticle = createArticleChecker(defaultLanguages);
const T0 = Date.parse('2024-05-06T10:00:00.000Z');

/** A fresh in-memory store whose clock the test moves. */
function openStore(startMs = T0) {
  let now = startMs;
  const store = new SqliteArticleStore({ path: ':memory:', checkArticle, clock: () => new Date(now) });
  return { store, setNow: (ms: number) => (now = ms) };
}

async function problemsOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).problems;
}

describe('create', () => {
  it('stores version 1 and sets the store-owned fields, whatever the writer sent', async () => {
    const { store } = openStore();
    const saved = await store.create({ ...makeArticle(), version: 7, firstCreated: '2000-01-01T00:00:00Z', versionCreated: '2000-01-01T00:00:00Z' });
    expect(saved.version).toBe(1);
    expect(saved.firstCreated).toBe('2024-05-06T10:00:00.000Z');
    expect(saved.versionCreated).toBe('2024-05-06T10:00:00.000Z');
    expect(await store.get('erbil-library')).toEqual(saved);
  });
  it('accepts an article read back from the store unchanged', async () => {
    const { store } = openStore();
    const saved = await store.create(makeArticle());
    const again = await store.update(saved.id, saved, saved.version);
    expect(again.version).toBe(2);
  });
  it('refuses an id that is taken', async () => {
    const { store } = openStore();
    await store.create(makeArticle());
    await expect(store.create(makeArticle())).rejects.toThrow(ConflictError);
  });
  it('keeps versionCreated strictly increasing at millisecond precision, even within one millisecond', async () => {
    const { store } = openStore();
    const a = await store.create(makeArticle({ id: 'story-a' }));
    const b = await store.create(makeArticle({ id: 'story-b' }));
    const c = await store.update('story-a', a, 1);
    expect([a.versionCreated, b.versionCreated, c.versionCreated]).toEqual([
      '2024-05-06T10:00:00.000Z',
      '2024-05-06T10:00:00.001Z',
      '2024-05-06T10:00:00.002Z',
    ]);
  });
});

describe('update', () => {
  it('replaces the story as version 2 and keeps version 1', async () => {
    const { store, setNow } = openStore();
    const v1 = await store.create(makeArticle());
    setNow(T0 + 60_000);
    const v2 = await store.update(v1.id, { ...v1, localizations: { en: makeLocalization({ headline: 'Erbil opens its largest library' }) } }, 1);
    expect(v2).toMatchObject({ version: 2, firstCreated: v1.firstCreated, versionCreated: '2024-05-06T10:01:00.000Z' });
    expect((await store.get(v1.id))!.localizations.en!.headline).toBe('Erbil opens its largest library');
    expect((await store.get(v1.id, 1))!.localizations.en!.headline).toBe('Erbil opens a new library');
    expect((await store.history(v1.id)).map((a) => a.version)).toEqual([1, 2]);
  });
  it('refuses a stale version and leaves the story as it was', async () => {
    const { store } = openStore();
    const v1 = await store.create(makeArticle());
    await store.update(v1.id, v1, 1);
    const error = await store.update(v1.id, { ...v1, pubStatus: 'withheld' }, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleVersionError);
    expect(error).toMatchObject({ expected: 1, current: 2 });
    expect((await store.get(v1.id))!.pubStatus).toBe('usable');
    expect(await store.history(v1.id)).toHaveLength(2);
  });
  it('refuses a story that does not exist', async () => {
    const { store } = openStore();
    await expect(store.update('nope', makeArticle({ id: 'nope' }), 1)).rejects.toThrow(NotFoundError);
  });
  it('refuses a body whose id names another story', async () => {
    const { store } = openStore();
    const v1 = await store.create(makeArticle());
    expect(await problemsOf(store.update(v1.id, { ...v1, id: 'other' }, 1))).toEqual([
      { pointer: '/id', message: 'must be "erbil-library", the story being updated' },
    ]);
  });
  it('bumps only the language versions whose outputs changed', async () => {
    const { store } = openStore();
    const v1 = await store.create(makeArticle({ localizations: { en: makeLocalization(), ckb: makeLocalization({ headline: 'کتێبخانە', slug: 'کتێبخانە' }) } }));
    await store.update(v1.id, { ...v1, localizations: { ...v1.localizations, ckb: makeLocalization({ headline: 'کتێبخانەی نوێ', slug: 'کتێبخانە' }) } }, 1);
    const states = await store.languageStates(v1.id);
    expect(states.map((s) => [s.language, s.itemVersion])).toEqual([['ckb', 2], ['en', 1]]);
  });
});

describe('what one write says', () => {
  it('drops a signal and editorial note carried over from the previous version', async () => {
    const { store } = openStore();
    const v1 = await store.create(makeArticle({ localizations: { en: makeLocalization(), ar: makeLocalization({ slug: 'maktaba' }) } }));
    const v2 = await store.update(v1.id, { ...v1, signal: 'correction', edNote: 'Fixed the Arabic headline.', localizations: { ...v1.localizations, ar: makeLocalization({ slug: 'maktaba', headline: 'مكتبة' }) } }, 1);
    const v3 = await store.update(v1.id, { ...v2, localizations: { ...v2.localizations, en: makeLocalization({ summary: 'A new summary.' }) } }, 2);
    expect(v3.signal).toBeUndefined();
    expect(v3.edNote).toBeUndefined();
    expect((await store.changes(0, 10)).map((c) => [c.language, c.kind])).toEqual([['en', 'new'], ['ar', 'new'], ['ar', 'correction'], ['en', 'update']]);
  });
  it('keeps versionCreated unique across two processes writing one file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rojname-two-')), 'r.db');
    const a = new SqliteArticleStore({ path, checkArticle, clock: () => new Date(T0) });
    const b = new SqliteArticleStore({ path, checkArticle, clock: () => new Date(T0) });
    const x = await a.create(makeArticle({ id: 'from-a' }));
    const y = await b.create(makeArticle({ id: 'from-b' }));
    expect(Date.parse(y.versionCreated)).toBeGreaterThan(Date.parse(x.versionCreated));
    await a.close();
    await b.close();
  });
});

describe('kill', () => {
  it('cancels the story as a new version, drops it from lists and logs a kill per language', async () => {
    const { store } = openStore();
    const v1 = await store.create(makeArticle({ localizations: { en: makeLocalization(), kmr: makeLocalization({ slug: 'pirtukxane' }) } }));
    const killed = await store.kill(v1.id, 1);
    expect(killed).toMatchObject({ version: 2, pubStatus: 'canceled' });
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
    const { store } = openStore();
    const v1 = await store.create(makeArticle());
    const killed = await store.kill(v1.id);
    await expect(store.update(v1.id, { ...killed, pubStatus: 'usable' }, 2)).rejects.toThrow(ConflictError);
  });
});

describe('listLatest', () => {
  it('lists usable stories in that language, newest first by publication time', async () => {
    const { store } = openStore();
    await store.create(makeArticle({ id: 'older', published: '2024-05-01T09:00:00Z' }));
    await store.create(makeArticle({ id: 'newer', published: '2024-05-03T09:00:00Z' }));
    await store.create(makeArticle({ id: 'ckb-only', sourceLanguage: 'ckb', localizations: { ckb: makeLocalization({ slug: 'x' }) } }));
    await store.create(makeArticle({ id: 'held', pubStatus: 'withheld' }));
    const en = await store.listLatest({ language: 'en', limit: 10, now: new Date(T0) });
    expect(en.map((s) => s.article.id)).toEqual(['newer', 'older']);
    const ckb = await store.listLatest({ language: 'ckb', limit: 10, now: new Date(T0) });
    expect(ckb.map((s) => s.article.id)).toEqual(['ckb-only']);
    expect(await store.listLatest({ language: 'en', limit: 1, now: new Date(T0) })).toHaveLength(1);
  });
  it('hides an embargoed story until its time, judged by the clock passed in', async () => {
    const { store } = openStore();
    await store.create(makeArticle({ embargoedUntil: '2024-05-06T12:00:00Z' }));
    expect(await store.listLatest({ language: 'en', limit: 10, now: new Date('2024-05-06T11:59:59.999Z') })).toEqual([]);
    const after = await store.listLatest({ language: 'en', limit: 10, now: new Date('2024-05-06T12:00:00Z') });
    expect(after.map((s) => s.article.id)).toEqual(['erbil-library']);
  });
  it('drops a language removed from the story, as a kill of that version', async () => {
    const { store } = openStore();
    const v1 = await store.create(makeArticle({ localizations: { en: makeLocalization(), ar: makeLocalization({ slug: 'maktaba' }) } }));
    await store.update(v1.id, { ...v1, localizations: { en: v1.localizations.en! } }, 1);
    expect(await store.listLatest({ language: 'ar', limit: 10, now: new Date(T0) })).toEqual([]);
    expect((await store.lastChange('ar'))).toMatchObject({ kind: 'kill', pubStatus: 'canceled', itemVersion: 2 });
    // The dropped version is still readable, as a kill, for partners told of it.
    const killed = await store.getStoryVersion(v1.id, 'ar', 2);
    expect(killed).toMatchObject({ itemVersion: 2, article: { pubStatus: 'canceled', edNote: 'This language version was withdrawn. Please remove it.' } });
    expect(killed!.article.localizations.ar).toBeDefined();
    expect((await store.getStoryVersion(v1.id, 'ar'))!.article.pubStatus).toBe('canceled');
  });
  it('reads through the partial index, without sorting, so its cost does not grow with the store', async () => {
    const { store } = openStore();
    const plan = store.explainListLatest().join('\n');
    expect(plan).toContain('USING INDEX article_languages_latest');
    expect(plan).not.toContain('TEMP B-TREE');
    expect(plan).not.toMatch(/SCAN (l|article_languages)\b/);
  });
  it('answers from 20,000 stored stories with the newest ones', async () => {
    const { store } = openStore();
    const base = makeArticle();
    for (let i = 0; i < 20_000; i++) {
      await store.create({ ...base, id: `story-${i}`, published: new Date(T0 - (20_000 - i) * 60_000).toISOString() });
    }
    const latest = await store.listLatest({ language: 'en', limit: 3, now: new Date(T0) });
    expect(latest.map((s) => s.article.id)).toEqual(['story-19999', 'story-19998', 'story-19997']);
  });
});

describe('listPublished', () => {
  /** Every page from the first to the last, and the ids in the order they came. */
  async function pageThrough(store: SqliteArticleStore, language: string, now: Date, limit: number) {
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
    const { store } = openStore();
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
    const { store } = openStore();
    await store.create(makeArticle({ id: 'embargoed', embargoedUntil: '2024-05-07T00:00:00Z' }));
    expect(await pageThrough(store, 'en', new Date('2024-05-06T23:59:59.999Z'), 10)).toEqual([[]]);
    expect(await pageThrough(store, 'en', new Date('2024-05-07T00:00:00Z'), 10)).toEqual([['embargoed']]);
  });
  it('refuses a cursor it did not hand out', async () => {
    const { store } = openStore();
    await expect(store.listPublished({ language: 'en', now: new Date(T0), limit: 10, after: 'not-a-cursor' })).rejects.toThrow(ValidationError);
  });
  it('reads through the partial index, without sorting, however deep the page', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rojname-plan-')), 'r.db');
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

describe('bad input: a clear list of problems and nothing written', () => {
  const cases: [string, (a: Record<string, unknown>) => unknown, { pointer: string; message: string | RegExp }][] = [
    ['a wrong type', (a) => ({ ...a, subjects: 'medtop:05000000' }), { pointer: '/subjects', message: 'must be array' }],
    ['a missing field', (a) => { const { provider: _p, ...rest } = a; return rest; }, { pointer: '/provider', message: 'is required' }],
    ['an unknown language', (a) => ({ ...a, localizations: { en: makeLocalization(), de: makeLocalization() } }), { pointer: '/localizations/de', message: 'is not a supported key (supported: en, ckb, kmr, ar)' }],
    ['an unknown property', (a) => ({ ...a, colour: 'red' }), { pointer: '/colour', message: 'is not a known property' }],
    ['an oversized body', (a) => ({ ...a, localizations: { en: makeLocalization({ body: Array.from({ length: 9 }, () => ({ type: 'paragraph' as const, text: 'x'.repeat(1_000_000) })) }) } }), { pointer: '/localizations/en/body', message: 'is too large: 9000000 characters, at most 8000000' }],
    ['a control character', (a) => ({ ...a, localizations: { en: makeLocalization({ headline: 'Bell\u0007 rings' }) } }), { pointer: '/localizations/en/headline', message: 'contains U+0007 at position 4: a character XML 1.0 cannot carry' }],
    ['U+FFFF', (a) => ({ ...a, localizations: { en: makeLocalization({ summary: 'end\uFFFF' }) } }), { pointer: '/localizations/en/summary', message: 'contains U+FFFF at position 3: a character XML 1.0 cannot carry' }],
    ['a lone surrogate', (a) => ({ ...a, localizations: { en: makeLocalization({ headline: 'half \uD83D emoji' }) } }), { pointer: '/localizations/en/headline', message: 'contains U+D83D at position 5: a lone surrogate, which is not a character' }],
    ['a bidi override', (a) => ({ ...a, localizations: { en: makeLocalization({ headline: 'abc\u202Edef' }) } }), { pointer: '/localizations/en/headline', message: 'contains U+202E at position 3: a bidi embedding/override control, which can reorder text invisibly' }],
    ['a source language without a version', (a) => ({ ...a, sourceLanguage: 'ar' }), { pointer: '/sourceLanguage', message: 'names "ar", which has no localization' }],
    ['a bad embargo date', (a) => ({ ...a, embargoedUntil: '2024-05-06 12:00' }), { pointer: '/embargoedUntil', message: /must match format "date-time"/ }],
    ['a leap second', (a) => ({ ...a, published: '2016-12-31T23:59:60Z' }), { pointer: '/published', message: '"2016-12-31T23:59:60Z" is not a date-time this service can use (leap seconds are not)' }],
    ['a year outside 1000–9999', (a) => ({ ...a, embargoedUntil: '0000-01-01T00:00:00Z' }), { pointer: '/embargoedUntil', message: '"0000-01-01T00:00:00Z" is outside the years 1000–9999 (UTC)' }],
    ['a provider URI that is not http(s)', (a) => ({ ...a, provider: { name: 'X', uri: 'urn:x:y' } }), { pointer: '/provider/uri', message: /must match the pattern/ }],
  ];
  it.each(cases)('refuses %s', async (_name, mutate, expected) => {
    const { store } = openStore();
    const problems = await problemsOf(store.create(mutate(makeArticle() as unknown as Record<string, unknown>)));
    const message = typeof expected.message === 'string' ? expected.message : expect.stringMatching(expected.message);
    expect(problems).toContainEqual({ pointer: expected.pointer, message });
    expect(await store.get('erbil-library')).toBeUndefined();
    expect(await store.changes(0, 10)).toEqual([]);
  });
  it('lists every problem, not only the first', async () => {
    const { store } = openStore();
    const problems = await problemsOf(store.create({ ...makeArticle(), pubStatus: 'published', subjects: [{ code: 'politics' }] }));
    expect(problems.map((p) => p.pointer)).toEqual(['/pubStatus', '/subjects/0/code']);
  });
  it('accepts bidi marks, isolates, emoji and tabs', async () => {
    const { store } = openStore();
    const headline = 'ناتۆ\u200F NATO \u2067عێراق\u2069 🇮🇶\tend';
    const saved = await store.create(makeArticle({ localizations: { en: makeLocalization({ headline }) } }));
    expect(saved.localizations.en!.headline).toBe(headline);
  });
  it('refuses a non-object', async () => {
    const { store } = openStore();
    expect(await problemsOf(store.create([1, 2]))).toEqual([{ pointer: '', message: 'must be a JSON object' }]);
  });
});

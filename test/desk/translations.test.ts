import { describe, expect, it, vi } from 'vitest';
import type { Article, ArticleInput, Localization } from '../../src/article/types.js';
import { checkStatusFilter, firstTextChangeAfter, listTranslations, sourceTextOf, type TranslationItem } from '../../src/desk/translations.js';
import { formatTranslationTable } from '../../src/cli/translations.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { openRuntime } from '../../src/runtime.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';

const T0 = Date.parse('2026-03-01T09:00:00.000Z');

/** A fresh in-memory store with a clock that moves one second per read. */
function openStore() {
  let now = T0;
  return openRuntime(':memory:', () => new Date((now += 1000))).store;
}

const arabic = (fromVersion: number, overrides: Partial<Localization> = {}): Localization =>
  makeLocalization({ headline: 'أربيل تفتتح مكتبة جديدة', slug: 'أربيل-تفتتح-مكتبة', translation: { from: 'en', fromVersion, by: 'Desk' }, ...overrides });

/** Writes `change(latest)` as the next version of `id`. */
async function edit(store: ReturnType<typeof openStore>, id: string, change: (a: Article) => ArticleInput): Promise<Article> {
  const latest = (await store.get(id))!;
  return store.update(id, change(structuredClone(latest)), latest.version);
}

const statusOf = async (store: ReturnType<typeof openStore>, id: string, language: string) =>
  (await listTranslations(store, defaultLanguages)).find((i) => i.id === id && i.language === language);

describe('translation status', () => {
  it('goes missing → current → stale → current', async () => {
    const store = openStore();
    await store.create(makeArticle({ id: 'library' }));
    expect(await listTranslations(store, defaultLanguages)).toEqual([
      { id: 'library', language: 'ckb', status: 'missing', fromVersion: null, sourceChangedIn: null },
      { id: 'library', language: 'kmr', status: 'missing', fromVersion: null, sourceChangedIn: null },
      { id: 'library', language: 'ar', status: 'missing', fromVersion: null, sourceChangedIn: null },
    ]);
    // v2 adds the Arabic translation of v1. English now links to it (its language version moved),
    // but its text did not change: the translation is current.
    await edit(store, 'library', (a) => ({ ...a, localizations: { ...a.localizations, ar: arabic(1) } }));
    expect((await store.languageStates('library')).find((s) => s.language === 'en')!.articleVersion).toBe(2);
    expect(await statusOf(store, 'library', 'ar')).toEqual({ id: 'library', language: 'ar', status: 'current', fromVersion: 1, sourceChangedIn: null });
    // v3 edits the English headline, v4 its body: stale since v3, the first change after v1.
    await edit(store, 'library', (a) => ({ ...a, localizations: { ...a.localizations, en: { ...a.localizations.en!, headline: 'Erbil opens its largest library' } } }));
    expect(await statusOf(store, 'library', 'ar')).toEqual({ id: 'library', language: 'ar', status: 'stale', fromVersion: 1, sourceChangedIn: 3 });
    await edit(store, 'library', (a) => ({ ...a, localizations: { ...a.localizations, en: { ...a.localizations.en!, body: [{ type: 'paragraph', text: 'It opened on Monday.' }] } } }));
    expect(await statusOf(store, 'library', 'ar')).toEqual({ id: 'library', language: 'ar', status: 'stale', fromVersion: 1, sourceChangedIn: 3 });
    // v5 is the retranslation of v4.
    await edit(store, 'library', (a) => ({ ...a, localizations: { ...a.localizations, ar: arabic(4, { headline: 'أربيل تفتتح أكبر مكتبة فيها' }) } }));
    expect(await statusOf(store, 'library', 'ar')).toEqual({ id: 'library', language: 'ar', status: 'current', fromVersion: 4, sourceChangedIn: null });
    expect(await statusOf(store, 'library', 'ckb')).toMatchObject({ status: 'missing' });
  });

  it('is stale after a change of the source text anywhere a translator translates it', async () => {
    const image = { url: '/media/nato-mission-iraq.jpg', mediaType: 'image/jpeg', width: 1200, height: 675, credit: 'NATO', caption: { en: 'The library', ar: 'المكتبة' }, alt: { en: 'Shelves', ar: 'رفوف' } };
    const changes: [string, (a: Article) => ArticleInput][] = [
      ['summary', (a) => ({ ...a, localizations: { ...a.localizations, en: { ...a.localizations.en!, summary: 'A new summary.' } } })],
      ['dateline', (a) => ({ ...a, localizations: { ...a.localizations, en: { ...a.localizations.en!, dateline: 'HEWLÊR (Rojname)' } } })],
      ['correction note', (a) => ({ ...a, signal: 'correction', localizations: { ...a.localizations, en: { ...a.localizations.en!, correction: 'An earlier version gave the wrong day.' } } })],
      ['place name', (a) => ({ ...a, located: { ...a.located, name: { ...a.located.name, en: 'Hewler' } } })],
      ['image caption', (a) => ({ ...a, images: [{ ...image, caption: { ...image.caption, en: 'The new library' } }] })],
      ['image alt text', (a) => ({ ...a, images: [{ ...image, alt: { ...image.alt, en: 'Full shelves' } }] })],
    ];
    for (const [what, change] of changes) {
      const store = openStore();
      await store.create(makeArticle({ id: 'library', images: [image], localizations: { en: makeLocalization(), ar: arabic(1) } }));
      await edit(store, 'library', change);
      expect([what, await statusOf(store, 'library', 'ar')]).toEqual([what, { id: 'library', language: 'ar', status: 'stale', fromVersion: 1, sourceChangedIn: 2 }]);
    }
  });

  it('stays current when the source language changes but not its text', async () => {
    const changes: [string, (a: Article) => ArticleInput][] = [
      ['slug', (a) => ({ ...a, localizations: { ...a.localizations, en: { ...a.localizations.en!, slug: 'erbil-library-opens' } } })],
      ['subjects', (a) => ({ ...a, subjects: [{ code: 'medtop:01000000' }] })],
      ['another translation', (a) => ({ ...a, localizations: { ...a.localizations, kmr: makeLocalization({ translation: { from: 'en', fromVersion: 1, by: 'Desk' } }) } })],
      ['the translation itself', (a) => ({ ...a, localizations: { ...a.localizations, ar: { ...a.localizations.ar!, summary: 'ملخص جديد.' } } })],
    ];
    for (const [what, change] of changes) {
      const store = openStore();
      await store.create(makeArticle({ id: 'library', localizations: { en: makeLocalization(), ar: arabic(1) } }));
      await edit(store, 'library', change);
      expect([what, await statusOf(store, 'library', 'ar')]).toEqual([what, { id: 'library', language: 'ar', status: 'current', fromVersion: 1, sourceChangedIn: null }]);
    }
  });

  it('follows the language a translation names, not the story source', async () => {
    const store = openStore();
    const kmrFromCkb = makeLocalization({ slug: 'hewler-pirtukxane', translation: { from: 'ckb', fromVersion: 1, by: 'Desk' } });
    await store.create(makeArticle({ id: 'library', localizations: { en: makeLocalization(), ckb: arabic(1, { translation: { from: 'en', fromVersion: 1, by: 'Desk' } }), kmr: kmrFromCkb } }));
    await edit(store, 'library', (a) => ({ ...a, localizations: { ...a.localizations, en: { ...a.localizations.en!, headline: 'New English headline' } } }));
    expect((await listTranslations(store, defaultLanguages)).map((i) => [i.language, i.status, i.sourceChangedIn])).toEqual([
      ['ckb', 'stale', 2],
      ['kmr', 'current', null],
      ['ar', 'missing', null],
    ]);
    await edit(store, 'library', (a) => ({ ...a, localizations: { ...a.localizations, ckb: { ...a.localizations.ckb!, headline: 'سەردێڕی نوێ', translation: { from: 'en', fromVersion: 2, by: 'Desk' } } } }));
    expect((await listTranslations(store, defaultLanguages)).map((i) => [i.language, i.status, i.sourceChangedIn])).toEqual([
      ['ckb', 'current', null],
      ['kmr', 'stale', 3],
      ['ar', 'missing', null],
    ]);
  });

  it('counts a version written in its own language (no translation) as current, without a fromVersion', async () => {
    const store = openStore();
    await store.create(makeArticle({ id: 'library', localizations: { en: makeLocalization(), kmr: makeLocalization({ slug: 'pirtukxane' }) } }));
    expect(await statusOf(store, 'library', 'kmr')).toEqual({ id: 'library', language: 'kmr', status: 'current', fromVersion: null, sourceChangedIn: null });
  });

  it('reads a story history only when its source language moved after a translation', async () => {
    const store = openStore();
    await store.create(makeArticle({ id: 'library', localizations: { en: makeLocalization(), ar: arabic(1) } }));
    const history = vi.spyOn(store, 'history');
    await listTranslations(store, defaultLanguages);
    expect(history).not.toHaveBeenCalled();
    await edit(store, 'library', (a) => ({ ...a, localizations: { ...a.localizations, en: { ...a.localizations.en!, headline: 'New' } } }));
    await listTranslations(store, defaultLanguages);
    expect(history).toHaveBeenCalledTimes(1);
  });

  it('lists the newest stories first (by publication time), embargoed ones too, withheld and killed ones not, at most `limit`', async () => {
    const store = openStore();
    await store.create(makeArticle({ id: 'oldest', published: '2024-01-01T00:00:00Z' }));
    await store.create(makeArticle({ id: 'newest', published: '2024-03-01T00:00:00Z', embargoedUntil: '2030-01-01T00:00:00Z' }));
    await store.create(makeArticle({ id: 'middle', published: '2024-02-01T00:00:00Z', localizations: { en: makeLocalization(), ar: arabic(1) } }));
    await store.create(makeArticle({ id: 'held-back', published: '2024-02-15T00:00:00Z', pubStatus: 'withheld' }));
    await store.create(makeArticle({ id: 'killed', published: '2024-02-20T00:00:00Z' }));
    await store.kill('killed');
    const ids = (items: TranslationItem[]) => [...new Set(items.map((i) => i.id))];
    expect(ids(await listTranslations(store, defaultLanguages))).toEqual(['newest', 'middle', 'oldest']);
    expect(ids(await listTranslations(store, defaultLanguages, { limit: 2 }))).toEqual(['newest', 'middle']);
    expect(await listTranslations(store, defaultLanguages, { status: 'current' })).toEqual([{ id: 'middle', language: 'ar', status: 'current', fromVersion: 1, sourceChangedIn: null }]);
    expect(await listTranslations(store, defaultLanguages, { status: 'stale' })).toEqual([]);
  });
});

describe('sourceTextOf and firstTextChangeAfter', () => {
  const version = (v: number, headline: string, slug = 'erbil'): Article =>
    ({ ...makeArticle({ localizations: { en: makeLocalization({ headline, slug }) } }), version: v, firstCreated: '2024-05-06T06:00:00.000Z', versionCreated: '2024-05-06T06:00:00.000Z' }) as Article;
  it('leaves the slug out of the text', () => {
    expect(sourceTextOf(version(1, 'A', 'one'), 'en')).toBe(sourceTextOf(version(2, 'A', 'two'), 'en'));
    expect(sourceTextOf(version(1, 'A'), 'en')).not.toBe(sourceTextOf(version(2, 'B'), 'en'));
  });
  it('finds the first change after a version, or none', () => {
    const history = [version(1, 'A'), version(2, 'A'), version(3, 'B'), version(4, 'C')];
    expect([firstTextChangeAfter(history, 'en', 1), firstTextChangeAfter(history, 'en', 3), firstTextChangeAfter(history, 'en', 4)]).toEqual([3, 4, undefined]);
  });
});

describe('checkStatusFilter', () => {
  it('takes no value or one status, and names the input in each problem', () => {
    expect(checkStatusFilter([], '?status')).toEqual({ problems: [] });
    expect(checkStatusFilter(['stale'], '?status')).toEqual({ status: 'stale', problems: [] });
    expect(checkStatusFilter(['old'], '--status')).toEqual({ problems: [{ pointer: '--status', message: '--status must be one of missing, stale, current, not "old"' }] });
    expect(checkStatusFilter(['stale', 'current'], '?status')).toEqual({ problems: [{ pointer: '?status', message: '?status is given 2 times: give it once, one of missing, stale, current' }] });
  });
});

describe('formatTranslationTable', () => {
  const items: TranslationItem[] = [
    { id: 'newer-story', language: 'ckb', status: 'stale', fromVersion: 1, sourceChangedIn: 3 },
    { id: 'newer-story', language: 'kmr', status: 'missing', fromVersion: null, sourceChangedIn: null },
    { id: 'newer-story', language: 'ar', status: 'current', fromVersion: 3, sourceChangedIn: null },
    { id: 'old', language: 'en', status: 'current', fromVersion: 1, sourceChangedIn: null },
    { id: 'old', language: 'kmr', status: 'missing', fromVersion: null, sourceChangedIn: null },
    { id: 'old', language: 'ar', status: 'missing', fromVersion: null, sourceChangedIn: null },
  ];
  it('is a story × language table, the source marked', () => {
    expect(formatTranslationTable(items, defaultLanguages)).toBe(
      [
        'story        en       ckb             kmr      ar',
        'newer-story  source   stale since v3  missing  current',
        'old          current  source          missing  missing',
        '',
      ].join('\n'),
    );
  });
  it('with a status, shows only the stories and cells in it', () => {
    expect(formatTranslationTable(items, defaultLanguages, 'stale')).toBe(['story        en      ckb             kmr  ar', 'newer-story  source  stale since v3', ''].join('\n'));
    expect(formatTranslationTable(items.slice(3), defaultLanguages, 'stale')).toBe('no stale translations\n');
    expect(formatTranslationTable([], defaultLanguages)).toBe('no stories\n');
  });
});

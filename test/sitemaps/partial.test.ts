import { describe, expect, it, vi } from 'vitest';
import { sitemapFormat } from '../../src/formats/sitemap/index.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import type { Rendered } from '../../src/publish/rendered.js';
import { SitemapPublisher } from '../../src/publish/sitemaps.js';
import { openRuntime, seedSample } from '../../src/runtime.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';
import { indexEntries, locs, urlEntries, xsdErrors } from './helpers.js';

const BASE = 'https://rojname.example';
const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const SAMPLE_ID = '2021-02-18-nato-iraq-mission-eightfold';
const translator = createTranslator(defaultLanguages);

/**
 * The sample story (2021, every language) and five English stories of February 2026, in sitemap
 * files of two stories each: en-1 [sample, s1], en-2 [s2, s3], en-3 [s4, s5]; one file per other language.
 */
async function setup() {
  let now = T0;
  const clock = () => new Date(now);
  const { store } = openRuntime(':memory:', clock);
  await seedSample(store);
  for (let i = 1; i <= 5; i++) {
    now = T0 + i * 1_000;
    await store.create(makeArticle({ id: `story-${i}`, published: `2026-02-0${i}T00:00:00Z`, localizations: { en: makeLocalization({ slug: `story-${i}` }) } }));
  }
  const sitemaps = new SitemapPublisher({ store, languages: defaultLanguages, translator, baseUrl: BASE, clock, urlsPerFile: 2 });
  const files = async () => new Map([...(await sitemaps.files())].filter(([name]) => name.endsWith('.xml')));
  const body = (files: Map<string, Rendered>, name: string) => files.get(name)!.body.toString('utf8');
  return { store, sitemaps, files, body, setNow: (ms: number) => (now = ms) };
}

/** The article URLs each `sitemapFormat.render` call listed (the home pages' sitemap left out). */
function renderedStories(spy: { mock: { calls: [{ urls: { url: string }[] }, ...unknown[]][] } }): string[][] {
  return spy.mock.calls.map(([view]) => view.urls.map((u) => u.url)).filter((urls) => urls.some((u) => u.includes('/articles/')));
}

describe('sitemaps re-render only the part a change touches', () => {
  it('splits a language into files of at most `urlsPerFile` stories, oldest first, each valid', async () => {
    const t = await setup();
    const files = await t.files();
    expect([...files.keys()].sort()).toEqual(['sitemap-ar-1.xml', 'sitemap-ckb-1.xml', 'sitemap-en-1.xml', 'sitemap-en-2.xml', 'sitemap-en-3.xml', 'sitemap-home.xml', 'sitemap-kmr-1.xml', 'sitemap.xml'].sort());
    expect(locs(t.body(files, 'sitemap-en-1.xml'))).toEqual([`${BASE}/en/articles/${SAMPLE_ID}`, `${BASE}/en/articles/story-1`]);
    expect(locs(t.body(files, 'sitemap-en-2.xml'))).toEqual([`${BASE}/en/articles/story-2`, `${BASE}/en/articles/story-3`]);
    expect(locs(t.body(files, 'sitemap-en-3.xml'))).toEqual([`${BASE}/en/articles/story-4`, `${BASE}/en/articles/story-5`]);
    for (const [name, r] of files) expect(xsdErrors(r.body.toString('utf8'), name === 'sitemap.xml' ? 'sitemapindex' : 'urlset'), name).toEqual([]);
    // A file's lastmod: its newest page, or a file before it (an insertion there shifts it).
    const index = indexEntries(t.body(files, 'sitemap.xml'));
    expect([1, 2, 3].map((n) => index.get(`${BASE}/sitemap-en-${n}.xml`))).toEqual([T0 + 1_000, T0 + 3_000, T0 + 5_000].map((ms) => new Date(ms).toISOString()));
    t.sitemaps.stop();
  });

  it('an edit re-renders only the file holding the story; earlier files keep everything, later ones their bytes and ETag', async () => {
    const t = await setup();
    const before = await t.files();
    const render = vi.spyOn(sitemapFormat, 'render');
    t.setNow(T0 + 10_000);
    const s2 = (await t.store.get('story-2'))!;
    await t.store.update('story-2', { ...s2, localizations: { en: { ...s2.localizations.en!, headline: 'A corrected headline' } } }, s2.version);
    const after = await t.files();
    expect(renderedStories(render)).toEqual([[`${BASE}/en/articles/story-2`, `${BASE}/en/articles/story-3`]]);
    render.mockRestore();
    for (const name of ['sitemap-en-1.xml', 'sitemap-ckb-1.xml', 'sitemap-kmr-1.xml', 'sitemap-ar-1.xml']) expect(after.get(name), name).toBe(before.get(name));
    expect(urlEntries(t.body(after, 'sitemap-en-2.xml'))[0]).toEqual({ loc: `${BASE}/en/articles/story-2`, lastmod: new Date(T0 + 10_000).toISOString(), alternates: [] });
    expect(after.get('sitemap-en-2.xml')!.etag).not.toBe(before.get('sitemap-en-2.xml')!.etag);
    const [en3, was] = [after.get('sitemap-en-3.xml')!, before.get('sitemap-en-3.xml')!];
    expect([en3.etag, en3.body.equals(was.body), en3.lastModified.getTime()]).toEqual([was.etag, true, T0 + 10_000]);
    const index = indexEntries(t.body(after, 'sitemap.xml'));
    expect(index.get(`${BASE}/sitemap-en-1.xml`)).toBe(new Date(T0 + 1_000).toISOString());
    expect(index.get(`${BASE}/sitemap-en-2.xml`)).toBe(new Date(T0 + 10_000).toISOString());
    expect(index.get(`${BASE}/sitemap-ckb-1.xml`)).toBe(new Date(T0).toISOString());
    t.sitemaps.stop();
  });

  it('a new translation re-renders the files of both languages that list the story, for its alternates', async () => {
    const t = await setup();
    const before = await t.files();
    const render = vi.spyOn(sitemapFormat, 'render');
    t.setNow(T0 + 20_000);
    const s1 = (await t.store.get('story-1'))!;
    await t.store.update('story-1', { ...s1, localizations: { ...s1.localizations, ar: makeLocalization({ slug: 'maktaba', translation: { from: 'en', fromVersion: 1, by: 'Desk' } }) } }, s1.version);
    const after = await t.files();
    expect(renderedStories(render).sort()).toEqual([
      [`${BASE}/ar/articles/${SAMPLE_ID}`, `${BASE}/ar/articles/story-1`],
      [`${BASE}/en/articles/${SAMPLE_ID}`, `${BASE}/en/articles/story-1`],
    ]);
    render.mockRestore();
    expect(after.get('sitemap-ckb-1.xml')).toBe(before.get('sitemap-ckb-1.xml'));
    expect(after.get('sitemap-kmr-1.xml')).toBe(before.get('sitemap-kmr-1.xml'));
    const alternates = [
      ['en', `${BASE}/en/articles/story-1`],
      ['ar', `${BASE}/ar/articles/story-1`],
    ];
    expect(urlEntries(t.body(after, 'sitemap-en-1.xml'))[1]!.alternates).toEqual(alternates);
    expect(urlEntries(t.body(after, 'sitemap-ar-1.xml'))[1]).toEqual({ loc: `${BASE}/ar/articles/story-1`, lastmod: new Date(T0 + 20_000).toISOString(), alternates });
    for (const name of ['sitemap-en-2.xml', 'sitemap-en-3.xml']) expect(after.get(name)!.etag, name).toBe(before.get(name)!.etag);
    t.sitemaps.stop();
  });

  it('a kill shifts the files after the story by one, and leaves the ones before it their bytes', async () => {
    const t = await setup();
    const before = await t.files();
    t.setNow(T0 + 30_000);
    await t.store.kill('story-3');
    const after = await t.files();
    expect(locs(t.body(after, 'sitemap-en-2.xml'))).toEqual([`${BASE}/en/articles/story-2`, `${BASE}/en/articles/story-4`]);
    expect(locs(t.body(after, 'sitemap-en-3.xml'))).toEqual([`${BASE}/en/articles/story-5`]);
    expect(after.get('sitemap-en-1.xml')!.etag).toBe(before.get('sitemap-en-1.xml')!.etag);
    // No page is left to date the kill: every file of the language is dated by it.
    expect(indexEntries(t.body(after, 'sitemap.xml')).get(`${BASE}/sitemap-en-1.xml`)).toBe(new Date(T0 + 30_000).toISOString());
    expect(t.body(after, 'sitemap-en-2.xml')).not.toContain('/story-3<');
    t.sitemaps.stop();
  });
});

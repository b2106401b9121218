import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { Article } from '../../src/article/types.js';
import { sitemapFormat } from '../../src/formats/sitemap/index.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { SitemapPublisher } from '../../src/publish/sitemaps.js';
import type { ArticleStore, Change, ListPublishedOptions, PublishedPage, StoryVersion } from '../../src/store/store.js';
import type { ChangeListener } from '../../src/store/notifier.js';
import { makeArticle, makeLocalization } from '../fixtures/articles.js';
import { locs, xsdErrors } from './helpers.js';

const BASE = 'https://rojname.example';
const STORIES = 100_000;
const START = Date.parse('2025-01-01T00:00:00.000Z');
const MINUTE = 60_000;
/** One minute after the newest story: the last two days hold its 2,880 newest stories. */
const NOW = START + STORIES * MINUTE;
/** The newest ten stories have an Arabic version too. */
const TRANSLATED = 10;

/**
 * A store of 100,000 English stories, one a minute, made up on the fly: only what the sitemaps
 * read (`listPublished`, `getStoryVersion`, `lastRemoval`, `watch`), so the test measures the
 * sitemaps, not SQLite. Each story's article is built only when asked for, as the stores do.
 */
function makeBigStore() {
  const changed = new Map<number, { itemVersion: number; changedMs: number; headline: string }>();
  const listeners = new Set<ChangeListener>();
  const idOf = (i: number) => `story-${String(i).padStart(6, '0')}`;
  const languagesOf = (i: number) => (i > STORIES - TRANSLATED ? ['en', 'ar'] : ['en']);
  const version = (i: number, language: string): StoryVersion => {
    const state = changed.get(i);
    const published = new Date(START + i * MINUTE).toISOString();
    return {
      get article(): Article {
        const localizations = Object.fromEntries(languagesOf(i).map((l) => [l, makeLocalization({ headline: state?.headline ?? `Story ${i} in ${l}`, slug: `story-${i}` })]));
        return { ...makeArticle({ id: idOf(i), published, localizations }), version: state?.itemVersion ?? 1, firstCreated: published, versionCreated: published } as Article;
      },
      articleId: idOf(i),
      language,
      itemVersion: state?.itemVersion ?? 1,
      changedAt: new Date(state?.changedMs ?? START + i * MINUTE).toISOString(),
    };
  };
  const store = {
    async listPublished({ language, after, limit }: ListPublishedOptions): Promise<PublishedPage> {
      // Newest first; the cursor is the next story number.
      const from = after === undefined ? STORIES : Number(after);
      const stories: StoryVersion[] = [];
      for (let i = from; i >= 1 && stories.length < limit; i--) if (languagesOf(i).includes(language)) stories.push(version(i, language));
      const next = from - limit;
      return { stories, ...(language === 'en' && next >= 1 ? { next: String(next) } : {}) };
    },
    async getStoryVersion(id: string, language: string): Promise<StoryVersion | undefined> {
      const i = Number(id.slice('story-'.length));
      return languagesOf(i).includes(language) ? version(i, language) : undefined;
    },
    async lastRemoval(): Promise<number | undefined> {
      return undefined;
    },
    watch(listener: ChangeListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  /** Edits story `i` in English at `at`, and tells the watchers. */
  const edit = (i: number, at: number) => {
    changed.set(i, { itemVersion: 2, changedMs: at, headline: `Story ${i}, corrected` });
    const change: Change = { seq: 1, articleId: idOf(i), language: 'en', itemVersion: 2, articleVersion: 2, pubStatus: 'usable', kind: 'update', at: new Date(at).toISOString() };
    for (const listener of listeners) listener([change]);
  };
  return { store: store as unknown as ArticleStore, edit, idOf };
}

describe('sitemaps at 100,000 stories', () => {
  it('splits a language of 100,000 stories into two files of 50,000, keeps large files compressed, re-renders only the file an edit touches, caps the news sitemap at 1,000', { timeout: 120_000 }, async () => {
    const { store, edit, idOf } = makeBigStore();
    let now = NOW;
    const sitemaps = new SitemapPublisher({ store, languages: defaultLanguages, translator: createTranslator(defaultLanguages), baseUrl: BASE, clock: () => new Date(now) });
    const before = await sitemaps.files();
    const names = [...before.keys()].filter((n) => n.endsWith('.xml')).sort();
    expect(names).toEqual(['news-sitemap.xml', 'sitemap-ar-1.xml', 'sitemap-en-1.xml', 'sitemap-en-2.xml', 'sitemap-home.xml', 'sitemap.xml']);
    const [en1, en2] = [before.get('sitemap-en-1.xml')!, before.get('sitemap-en-2.xml')!];
    const en2Text = en2.body.toString('utf8');
    expect(locs(en1.body.toString('utf8'))).toEqual(Array.from({ length: 50_000 }, (_, i) => `${BASE}/en/articles/${idOf(i + 1)}`));
    expect(locs(en2Text)).toHaveLength(50_000);
    expect(locs(en2Text).at(-1)).toBe(`${BASE}/en/articles/${idOf(STORIES)}`);
    expect(xsdErrors(en2Text, 'urlset')).toEqual([]);
    // Over a mebibyte, a file keeps only its compressed bytes; its body is inflated when asked for.
    for (const r of [en1, en2]) {
      expect(r.body.length).toBeGreaterThan(1 << 20);
      expect(Object.getOwnPropertyDescriptor(r, 'body')?.get).toBeTypeOf('function');
      expect(r.gzip!.length + r.br!.length).toBeLessThan(r.body.length / 10);
      expect(gunzipSync(r.gzip!).equals(r.body)).toBe(true);
      expect(brotliDecompressSync(r.br!).equals(r.body)).toBe(true);
    }
    // The newest stories name their Arabic versions.
    expect(en2Text).toContain(`<xhtml:link rel="alternate" hreflang="ar" href="${BASE}/ar/articles/${idOf(STORIES)}" />`);
    const news = before.get('news-sitemap.xml')!.body.toString('utf8');
    expect(locs(news)).toHaveLength(1_000);
    expect(locs(news).slice(0, 3)).toEqual([`${BASE}/en/articles/${idOf(STORIES)}`, `${BASE}/ar/articles/${idOf(STORIES)}`, `${BASE}/en/articles/${idOf(STORIES - 1)}`]);
    expect(xsdErrors(news, 'urlset')).toEqual([]);

    const render = vi.spyOn(sitemapFormat, 'render');
    now = NOW + MINUTE;
    edit(10, now);
    const after = await sitemaps.files();
    const rendered = render.mock.calls.map(([view]) => view.urls).filter((urls) => urls.some((u) => u.url.includes('/articles/')));
    render.mockRestore();
    expect(rendered.map((urls) => [urls.length, urls[0]!.url])).toEqual([[50_000, `${BASE}/en/articles/${idOf(1)}`]]);
    expect(after.get('sitemap-en-1.xml')!.etag).not.toBe(en1.etag);
    // The second file is not rendered or compressed again: the very same bytes, a later lastmod.
    const en2After = after.get('sitemap-en-2.xml')!;
    expect([en2After.etag, en2After.gzip, en2After.br, en2After.lastModified.getTime()]).toEqual([en2.etag, en2.gzip, en2.br, now]);
    expect(en2After.gzip).toBe(en2.gzip);
    expect(after.get('sitemap-ar-1.xml')).toBe(before.get('sitemap-ar-1.xml'));
    sitemaps.stop();
  });
});

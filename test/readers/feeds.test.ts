import { beforeAll, describe, expect, it } from 'vitest';
import { atomFormat } from '../../src/formats/atom/index.js';
import { rssFormat } from '../../src/formats/rss/index.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import type { LocalizedFeed } from '../../src/i18n/localize.js';
import { sampleFeed } from '../fixtures/sample-view.js';
import { readWithFeedparser, readWithNewsboat, readWithRssParser, type FeedFile, type ReadEntry, type Reading } from './readers.js';
import { BYLINE, BYLINE_STORY, LANGS, readerArticles, type Lang } from './stories.js';

/*
 * Every RSS and Atom feed of every language, read by real readers (README "Feed readers"): each
 * entry must open the page of its own language, and every headline must be shown exactly as the
 * editor wrote it. Each reader reads all eight feeds in one run.
 */

interface Case {
  name: string;
  format: 'rss' | 'atom';
  lang: Lang;
  feed: LocalizedFeed;
  file: FeedFile;
}

const FORMATS = { rss: rssFormat, atom: atomFormat } as const;
const articles = readerArticles();
const CASES: Case[] = (['rss', 'atom'] as const).flatMap((format) =>
  LANGS.map((lang) => {
    const feed = sampleFeed(lang, articles);
    const name = `${format}-${lang}`;
    return { name, format, lang, feed, file: { name, mediaType: FORMATS[format].mediaType, xml: FORMATS[format].render(feed) } };
  }),
);

const READERS = { feedparser: readWithFeedparser, newsboat: readWithNewsboat, 'rss-parser': readWithRssParser } as const;
type ReaderName = keyof typeof READERS;
const readings = new Map<ReaderName, Reading>();

beforeAll(async () => {
  const files = CASES.map((c) => c.file);
  for (const [name, read] of Object.entries(READERS)) readings.set(name as ReaderName, await read(files));
}, 60_000);

/** What a reader must show for each entry of a feed, by the entry's id (RSS guid, Atom id). */
function expected(c: Case, pick: (item: LocalizedFeed['items'][number]) => unknown): Record<string, unknown> {
  return Object.fromEntries(c.feed.items.map((item) => [c.format === 'rss' ? item.url : item.tagUri, pick(item)]));
}

function shown(reader: ReaderName, c: Case, pick: (entry: ReadEntry) => unknown): Record<string, unknown> {
  const entries = readings.get(reader)?.get(c.name);
  if (!entries) throw new Error(`${reader} returned nothing for ${c.name}`);
  return Object.fromEntries(entries.map((e) => [e.id, pick(e)]));
}

describe.each(Object.keys(READERS) as ReaderName[])('%s', (reader) => {
  describe.each(CASES)('$name', (c) => {
    it('opens every entry on its own language page', () => {
      expect(shown(reader, c, (e) => e.link)).toEqual(expected(c, (item) => item.url));
      for (const link of Object.values(shown(reader, c, (e) => e.link))) expect(link).toMatch(new RegExp(`^https://rojname\\.example/${c.lang}/articles/`));
    });
    it('shows every headline exactly as the editor wrote it', () => {
      expect(shown(reader, c, (e) => e.title)).toEqual(expected(c, (item) => item.headline));
    });
    it('names the same authors as every other format: the byline, else the provider', () => {
      expect(shown(reader, c, (e) => e.authors)).toEqual(expected(c, (item) => (item.articleId === BYLINE_STORY ? [BYLINE] : ['Kurdistan 24'])));
    });
  });
});

describe('feedparser keeps the translations', () => {
  it.each(CASES.filter((c) => c.format === 'atom'))('$name: every other language as a related link with its hreflang', (c) => {
    const value = shown('feedparser', c, (e) => e.links);
    const link = (rel: string, lang: Lang, id: string) => ({ rel, hreflang: defaultLanguages.get(lang).feedTag, href: `https://rojname.example/${lang}/articles/${id}` });
    expect(value).toEqual(expected(c, (item) => [link('alternate', c.lang, item.articleId), ...LANGS.filter((l) => l !== c.lang).map((l) => link('related', l, item.articleId))]));
  });
});

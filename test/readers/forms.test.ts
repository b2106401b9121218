import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/article/types.js';
import { escapeHtml } from '../../src/formats/body.js';
import { atomFormat } from '../../src/formats/atom/index.js';
import { rssFormat } from '../../src/formats/rss/index.js';
import type { LocalizedFeed } from '../../src/i18n/localize.js';
import { sampleFeed } from '../fixtures/sample-view.js';
import { readWithFeedparser, readWithNewsboat, readWithRssParser, type FeedFile, type Reading } from './readers.js';
import { HEADLINES, LANGS, readerArticles, type Lang } from './stories.js';

/*
 * The forms tried before choosing the ones the renderers write, with what each reader makes of
 * them: the table in README "Feed readers". Each form is our own output with one thing rewritten.
 * A change here means a reader changed: check the README table, and the choice, again.
 */

/** A headline with literal character references, which feedparser alone decodes in RSS. */
const LITERAL = 'literal-references';
function literalArticle(): Article {
  const article = readerArticles()[0]!;
  article.id = LITERAL;
  article.published = article.versionCreated = '2021-02-18T16:40:00.000Z';
  for (const lang of LANGS) article.localizations[lang]!.headline = `Q&amp;A: &nbsp; and &#x3C; (${lang})`;
  return article;
}
const articles = [...readerArticles(), literalArticle()];
const feeds = new Map(LANGS.map((lang) => [lang, sampleFeed(lang, articles)]));

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const hexRefs = (s: string) => s.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;').replace(/>/g, '&#x3E;');

/** How an RSS item title is written, given the headline. */
const RSS_TITLES: Record<string, (headline: string) => string> = {
  'hexadecimal references (ours)': hexRefs,
  'entities (&lt; &amp;)': xmlText,
  'CDATA, raw': (h) => `<![CDATA[${h.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`,
  'CDATA of HTML with hexadecimal references (before)': (h) => `<![CDATA[${hexRefs(h)}]]>`,
  'HTML-escaped text (&amp;lt;)': (h) => xmlText(escapeHtml(h)),
};
/** How an Atom entry title is written, given the headline. */
const ATOM_TITLES: Record<string, (headline: string) => string> = {
  'type="text" (ours)': (h) => `<title type="text">${hexRefs(h)}</title>`,
  'type="html" (before)': (h) => `<title type="html">${xmlText(escapeHtml(h))}</title>`,
};
/** How an Atom entry's links are arranged, given its own alternate and its translations' links. */
const ATOM_LINKS: Record<string, (own: string, translations: string[]) => string[]> = {
  'translations rel="related" (ours)': (own, t) => [own, ...t],
  'translations rel="alternate", own first (before)': (own, t) => [own, ...t.map((l) => l.replace('rel="related"', 'rel="alternate"'))],
  'translations rel="alternate", own last': (own, t) => [...t.map((l) => l.replace('rel="related"', 'rel="alternate"')), own],
  'translations without rel (RFC 4287: alternate)': (own, t) => [own, ...t.map((l) => l.replace(' rel="related"', ''))],
};

interface Variant {
  kind: 'rss title' | 'atom title' | 'atom links';
  form: string;
  lang: Lang;
  feed: LocalizedFeed;
  file: FeedFile;
}

/** Rewrites each `<item>`/`<entry>` of a rendered feed; its guid or id gets `suffix`, unique in the batch. */
function rewriteItems(xml: string, tag: 'item' | 'entry', suffix: string, rewrite: (part: string, i: number) => string): string {
  const [head, ...parts] = xml.split(`<${tag}>`);
  return [head, ...parts.map((p, i) => rewrite(p, i).replace(/(<guid isPermaLink="true">[^<]*|<id>[^<]*)</, `$1${suffix}<`))].join(`<${tag}>`);
}

let count = 0;
const VARIANTS: Variant[] = LANGS.flatMap((lang) => {
  const feed = feeds.get(lang)!;
  const rss = rssFormat.render(feed);
  const atom = atomFormat.render(feed);
  const headline = (i: number) => feed.items[i]!.headline;
  const variant = (kind: Variant['kind'], form: string, rewrite: (part: string, i: number) => string): Variant => {
    const n = count++;
    const xml = kind === 'rss title' ? rewriteItems(rss, 'item', `-v${n}`, rewrite) : rewriteItems(atom, 'entry', `-v${n}`, rewrite);
    return { kind, form, lang, feed, file: { name: `v${n}-${lang}`, mediaType: kind === 'rss title' ? rssFormat.mediaType : atomFormat.mediaType, xml } };
  };
  return [
    ...Object.entries(RSS_TITLES).map(([form, write]) => variant('rss title', form, (p, i) => p.replace(/<title>[\s\S]*?<\/title>/, () => `<title>${write(headline(i))}</title>`))),
    ...Object.entries(ATOM_TITLES).map(([form, write]) => variant('atom title', form, (p, i) => p.replace(/<title type="[a-z]+">[\s\S]*?<\/title>/, () => write(headline(i))))),
    ...Object.entries(ATOM_LINKS).map(([form, arrange]) =>
      variant('atom links', form, (p) => {
        const links = p.match(/<link [^>]*\/>/g)!;
        return p.replace(links.join('\n    '), arrange(links[0]!, links.slice(1)).join('\n    '));
      }),
    ),
  ];
});

const READERS = { feedparser: readWithFeedparser, newsboat: readWithNewsboat, 'rss-parser': readWithRssParser } as const;
type ReaderName = keyof typeof READERS;
const readings = new Map<ReaderName, Reading>();

beforeAll(async () => {
  for (const [name, read] of Object.entries(READERS)) readings.set(name as ReaderName, await read(VARIANTS.map((v) => v.file)));
}, 60_000);

/** Per form: for links, the language each feed's entries open (`en→ar`); for titles, the stories shown wrong. */
function table(reader: ReaderName, kind: Variant['kind']): Record<string, string> {
  const out: Record<string, string[]> = {};
  for (const v of VARIANTS.filter((x) => x.kind === kind)) {
    const entries = readings.get(reader)!.get(v.file.name)!;
    expect(entries, `${reader} read every entry of ${v.kind} "${v.form}" (${v.lang})`).toHaveLength(v.feed.items.length);
    const row = (out[v.form] ??= []);
    if (kind === 'atom links') {
      const opened = [...new Set(entries.map((e) => e.link.match(/^https:\/\/rojname\.example\/([a-z]+)\//)?.[1] ?? e.link))];
      row.push(`${v.lang}→${opened.join('+')}`);
    } else {
      const want = new Map(v.feed.items.map((item) => [item.articleId, item.headline]));
      const wrong = entries.filter((e) => e.title !== want.get(storyOf(e.id))).map((e) => storyOf(e.id));
      for (const id of wrong) if (!row.includes(id)) row.push(id);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([form, row]) => [form, kind === 'atom links' ? row.join(' ') : row.length === 0 ? 'exact' : `wrong: ${row.sort().join(', ')}`]));
}

const STORIES = [...Object.keys(HEADLINES), LITERAL];
/** The story of an entry, from its guid (`…/articles/ID-vN`) or id (`tag:…:ID/LANG-vN`). */
function storyOf(id: string): string {
  const story = STORIES.find((s) => id.includes(`/articles/${s}-v`) || id.includes(`:${s}/`));
  if (!story) throw new Error(`no story for entry id ${id}`);
  return story;
}

const ALL_WRONG = `wrong: ${[...STORIES].filter((s) => s !== 'bidi-isolates' && s !== 'emoji-marathon').sort().join(', ')}`;
const OWN = 'en→en ckb→ckb kmr→kmr ar→ar';
const LAST = 'en→ar ckb→ar kmr→ar ar→kmr';
const FIRST_OTHER = 'en→ckb ckb→en kmr→en ar→en';

describe('what each reader makes of each form (README "Feed readers")', () => {
  it('feedparser', () => {
    expect({ rss: table('feedparser', 'rss title'), atom: table('feedparser', 'atom title'), links: table('feedparser', 'atom links') }).toEqual({
      rss: {
        'hexadecimal references (ours)': `wrong: ${LITERAL}`,
        'entities (&lt; &amp;)': `wrong: ${LITERAL}`,
        'CDATA, raw': `wrong: ${LITERAL}`,
        'CDATA of HTML with hexadecimal references (before)': 'exact',
        'HTML-escaped text (&amp;lt;)': 'exact',
      },
      atom: { 'type="text" (ours)': 'exact', 'type="html" (before)': 'exact' },
      links: {
        'translations rel="related" (ours)': OWN,
        'translations rel="alternate", own first (before)': LAST,
        'translations rel="alternate", own last': OWN,
        'translations without rel (RFC 4287: alternate)': LAST,
      },
    });
  });
  it('newsboat', () => {
    expect({ rss: table('newsboat', 'rss title'), atom: table('newsboat', 'atom title'), links: table('newsboat', 'atom links') }).toEqual({
      rss: {
        'hexadecimal references (ours)': 'exact',
        'entities (&lt; &amp;)': 'exact',
        'CDATA, raw': 'exact',
        'CDATA of HTML with hexadecimal references (before)': ALL_WRONG,
        'HTML-escaped text (&amp;lt;)': ALL_WRONG,
      },
      atom: { 'type="text" (ours)': 'exact', 'type="html" (before)': 'exact' },
      links: {
        'translations rel="related" (ours)': OWN,
        'translations rel="alternate", own first (before)': LAST,
        'translations rel="alternate", own last': OWN,
        'translations without rel (RFC 4287: alternate)': LAST,
      },
    });
  });
  it('rss-parser', () => {
    expect({ rss: table('rss-parser', 'rss title'), atom: table('rss-parser', 'atom title'), links: table('rss-parser', 'atom links') }).toEqual({
      rss: {
        'hexadecimal references (ours)': 'exact',
        'entities (&lt; &amp;)': 'exact',
        'CDATA, raw': 'exact',
        'CDATA of HTML with hexadecimal references (before)': ALL_WRONG,
        'HTML-escaped text (&amp;lt;)': ALL_WRONG,
      },
      atom: { 'type="text" (ours)': 'exact', 'type="html" (before)': ALL_WRONG },
      links: {
        'translations rel="related" (ours)': OWN,
        'translations rel="alternate", own first (before)': OWN,
        'translations rel="alternate", own last': FIRST_OTHER,
        'translations without rel (RFC 4287: alternate)': OWN,
      },
    });
  });
});

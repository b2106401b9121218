import { decodeHTML } from 'entities';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { atomFormat } from '../../src/formats/atom/index.js';
import type { Format } from '../../src/formats/format.js';
import { rssFormat } from '../../src/formats/rss/index.js';
import type { LocalizedFeed } from '../../src/i18n/localize.js';
import { ValidationError } from '../../src/validate/problems.js';
import { checkAtom } from '../helpers/official.js';
import { sampleArticle, sampleFeed } from '../fixtures/sample-view.js';

const LANGS = ['en', 'ckb', 'kmr', 'ar'] as const;
const FEED_TAG = { en: 'en', ckb: 'ku-Arab', kmr: 'ku-Latn', ar: 'ar' } as const;
const DIR = { en: 'ltr', ckb: 'rtl', kmr: 'ltr', ar: 'rtl' } as const;
const ID = '2021-02-18-nato-iraq-mission-eightfold';
const parser = new Parser({ customFields: { feed: ['language', 'updated'], item: ['updated', 'dc:creator', 'id'] } });

describe.each(LANGS)('RSS 2.0 for %s', (lang) => {
  const xml = rssFormat.render(sampleFeed(lang));
  const article = sampleArticle();

  it('matches its golden file', async () => {
    await expect(xml).toMatchFileSnapshot(`../golden/rss/${lang}.xml`);
  });
  it('writes the language as the W3C validator wants it', () => {
    expect(xml).toContain(`<language>${FEED_TAG[lang]}</language>`);
  });
  it('carries the story with a permalink guid, an English RFC 822 date and the full body', () => {
    const url = `https://rojname.example/${lang}/articles/${ID}`;
    expect(xml).toContain(`<guid isPermaLink="true">${url}</guid>`);
    expect(xml).toContain('<pubDate>Thu, 18 Feb 2021 16:30:00 GMT</pubDate>');
    expect(xml).toContain(`<title>${article.localizations[lang]!.headline}</title>`);
    expect(xml).toContain(`&lt;div dir="${DIR[lang]}" lang="${lang}"&gt;`);
    expect(xml).toContain('<atom:link href="https://rojname.example/' + lang + '/rss.xml" rel="self" type="application/rss+xml"/>');
  });
  it('credits the photo with Media RSS, and names no author in <author>', () => {
    expect(xml).toMatch(/<media:content url="https:\/\/rojname\.example\/media\/nato-mission-iraq\.jpg" type="image\/jpeg" medium="image" width="1200" height="675">/);
    expect(xml).toContain('<media:credit>NATO</media:credit>');
    expect(xml).toContain(`<media:description type="plain">${article.images[0]!.caption[lang]}</media:description>`);
    expect(xml).not.toContain('<author>');
  });
  it('round-trips through rss-parser', async () => {
    const parsed = await parser.parseString(xml);
    expect(parsed.title).toBe(sampleFeed(lang).title);
    expect(parsed.language).toBe(FEED_TAG[lang]);
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]!.title).toBe(article.localizations[lang]!.headline);
    expect(parsed.items[0]!.link).toBe(`https://rojname.example/${lang}/articles/${ID}`);
    expect(new Date(parsed.items[0]!.pubDate!).toISOString()).toBe('2021-02-18T16:30:00.000Z');
    expect(parsed.items[0]!.categories).toHaveLength(3);
  });
});

describe.each(LANGS)('Atom 1.0 for %s', (lang) => {
  const xml = atomFormat.render(sampleFeed(lang));
  const article = sampleArticle();

  it('matches its golden file', async () => {
    await expect(xml).toMatchFileSnapshot(`../golden/atom/${lang}.xml`);
  });
  it('passes the RFC 4287 RELAX NG schema and Schematron rules', async () => {
    expect(await checkAtom(xml)).toEqual({ valid: true, errors: [] });
  });
  it('sets xml:lang on the feed, one alternate (its own page) per entry and every other language as related with hreflang', () => {
    expect(xml).toContain(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${FEED_TAG[lang]}">`);
    const entry = xml.slice(xml.indexOf('<entry>'));
    expect(entry.match(/rel="alternate"/g)).toHaveLength(1);
    expect(entry).toContain(`<link href="https://rojname.example/${lang}/articles/${ID}" rel="alternate" type="text/html" hreflang="${FEED_TAG[lang]}"/>`);
    for (const other of LANGS.filter((l) => l !== lang)) {
      expect(entry).toContain(`<link href="https://rojname.example/${other}/articles/${ID}" rel="related" type="text/html" hreflang="${FEED_TAG[other]}"`);
    }
  });
  it('has a stable tag: id, millisecond dates, the agency as author and the editor as contributor', () => {
    expect(xml).toContain(`<id>tag:rojname.example,2021-02-18:${ID}/${lang}</id>`);
    expect(xml).toContain('<updated>2021-02-18T16:30:00.000Z</updated>');
    expect(xml).toMatch(/<author>\s*<name>Kurdistan 24<\/name>/);
    expect(xml).toMatch(/<contributor>\s*<name>John J. Catherine<\/name>/);
    expect(xml).toContain('<category term="16000000" scheme="http://cv.iptc.org/newscodes/mediatopic/"');
  });
  it('round-trips through rss-parser', async () => {
    const parsed = await parser.parseString(xml);
    expect(parsed.title).toBe(sampleFeed(lang).title);
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]!.title).toBe(article.localizations[lang]!.headline);
    expect(parsed.items[0]!.link).toBe(`https://rojname.example/${lang}/articles/${ID}`);
    expect(parsed.items[0]!.id).toBe(`tag:rojname.example,2021-02-18:${ID}/${lang}`);
    expect(parsed.items[0]!.pubDate).toBe('2021-02-18T16:30:00.000Z');
  });
});

/** A feed whose only story carries every kind of nasty text. */
function nastyFeed(lang: string): LocalizedFeed {
  const article = sampleArticle();
  const loc = article.localizations[lang]!;
  loc.headline = '<b>Markup</b> & ]]> twice ]]> &nbsp; 🇮🇶 \u200Fمرحبا\u200F ٢٠٢١ <script>alert(1)</script>';
  loc.summary = 'Summary with ]]> and <i>tags</i> and &amp; and \u061C';
  loc.body = [
    { type: 'paragraph', text: 'First ]]> ]]> <iframe src="x"></iframe> onload="x" &copy;' },
    ...Array.from({ length: 50 }, (_, i) => ({ type: 'paragraph' as const, text: `${i} ${'ب'.repeat(100_000)}` })),
  ];
  return sampleFeed(lang, [article]);
}

describe.each([rssFormat, atomFormat] as Format<LocalizedFeed>[])('$id with nasty input', (format) => {
  it.each(LANGS)('%s stays well formed, valid and exact', async (lang) => {
    const feed = nastyFeed(lang);
    const xml = format.render(feed);
    expect(xml.length).toBeGreaterThan(5_000_000);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<b>');
    // Headlines are plain text with hexadecimal references: readers show them exactly as written.
    const parsed = await parser.parseString(xml);
    expect(parsed.items[0]!.title).toBe(feed.items[0]!.headline);
    if (format.id === 'rss') {
      expect(xml).toContain('<title>&#x3C;b&#x3E;Markup&#x3C;/b&#x3E; &#x26; ]]&#x3E; twice ]]&#x3E; &#x26;nbsp;');
      // The summary is read as HTML: escaped once more, inside CDATA.
      expect(decodeHTML(parsed.items[0]!.content!)).toBe(feed.items[0]!.summary);
    }
    if (format.id === 'atom') {
      expect(xml).toContain('<title type="text">&#x3C;b&#x3E;Markup&#x3C;/b&#x3E; &#x26; ]]&#x3E; twice');
      expect(await checkAtom(xml)).toEqual({ valid: true, errors: [] });
    }
  });
});

describe('checked output', () => {
  it('refuses a feed whose document breaks the schema, naming the rule', () => {
    const feed = sampleFeed('en');
    const broken: LocalizedFeed = { ...feed, items: [{ ...feed.items[0]!, url: '/relative' }] };
    expect(() => rssFormat.render(broken)).toThrow(ValidationError);
    try {
      rssFormat.render(broken);
    } catch (e) {
      expect((e as ValidationError).problems.map((p) => p.pointer)).toContain('/channel/items/0/link');
    }
  });
  it('refuses a language tag the W3C validator would reject', () => {
    const feed = sampleFeed('ckb');
    const broken: LocalizedFeed = { ...feed, language: { ...feed.language, feedTag: 'ckb' } };
    expect(() => rssFormat.render(broken)).toThrow(/channel\/language/);
    expect(() => atomFormat.render(broken)).toThrow(/\/lang/);
  });
  it('refuses two Atom entries with the same updated time', () => {
    const a = sampleArticle();
    const b = { ...sampleArticle(), id: 'another-story' };
    expect(() => atomFormat.render(sampleFeed('en', [a, b]))).toThrow(/duplicate updated/);
  });
});

describe('rendering is pure', () => {
  it.each([rssFormat, atomFormat] as Format<LocalizedFeed>[])('$id: same input, same bytes, input untouched', (format) => {
    const feed = sampleFeed('ar');
    const before = structuredClone(feed);
    const first = format.render(feed);
    expect(format.render(feed)).toBe(first);
    expect(feed).toEqual(before);
  });
});

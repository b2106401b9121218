import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/article/types.js';
import { buildJsonFeed, checkJsonFeedRules, jsonFeedFormat } from '../../src/formats/jsonfeed/index.js';
import type { JsonFeed } from '../../src/formats/jsonfeed/types.js';
import type { LocalizedFeed } from '../../src/i18n/localize.js';
import { ValidationError } from '../../src/validate/problems.js';
import { checkJsonFeed } from '../helpers/official.js';
import { sampleArticle, sampleFeed } from '../fixtures/sample-view.js';

const STORY = '2021-02-18-nato-iraq-mission-eightfold';

/** What each language's feed must say, written out by hand from locales/ and content/sample/. */
const EXPECTED = [
  {
    lang: 'en',
    dir: 'ltr',
    title: 'Rojname — News in English',
    headline: 'NATO announces eight-fold increase in number of forces in Iraq',
    tags: ['conflict, war and peace', 'international military intervention', 'armed forces'],
  },
  {
    lang: 'ckb',
    dir: 'rtl',
    title: 'ڕۆژنامە — هەواڵ بە کوردی (سۆرانی)',
    headline: 'ناتۆ ژمارەی هێزەکانی لە عێراق هەشت هێندە زیاد دەکات',
    tags: ['ململانێ، جەنگ و ئاشتی', 'دەستێوەردانی سەربازیی نێودەوڵەتی', 'هێزە چەکدارەکان'],
  },
  {
    lang: 'kmr',
    dir: 'ltr',
    title: 'Rojname — Nûçe bi Kurmancî',
    headline: 'NATO hejmara hêzên xwe yên li Iraqê heşt qat zêde dike',
    tags: ['pevçûn, şer û aştî', 'destwerdana leşkerî ya navneteweyî', 'hêzên çekdar'],
  },
  {
    lang: 'ar',
    dir: 'rtl',
    title: 'روجنامه — أخبار بالعربية',
    headline: 'الناتو يعلن زيادة عدد قواته في العراق ثمانية أضعاف',
    tags: ['النزاعات والحرب والسلام', 'التدخل العسكري الدولي', 'القوات المسلحة'],
  },
] as const;

const parse = (text: string) => JSON.parse(text) as JsonFeed.Feed;
const firstItem = (doc: JsonFeed.Feed): JsonFeed.Item => doc.items[0]!;

/** The ValidationError a render throws (fails the test if it does not throw one). */
function renderError(view: LocalizedFeed): ValidationError {
  try {
    jsonFeedFormat.render(view);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('render did not throw');
}

describe.each(EXPECTED)('JSON Feed ($lang)', ({ lang, dir, title, headline, tags }) => {
  it('matches the golden file', async () => {
    const value = jsonFeedFormat.render(sampleFeed(lang));
    await expect(value).toMatchFileSnapshot(`../golden/jsonfeed/${lang}.json`);
  });

  it('passes the reference JSON Feed 1.1 schema and its two extra rules', () => {
    const value = checkJsonFeed(jsonFeedFormat.render(sampleFeed(lang)));
    expect(value).toEqual({ valid: true, errors: [] });
  });

  it('declares version 1.1 and the BCP 47 tag, not the RSS/Atom feedTag', () => {
    const text = jsonFeedFormat.render(sampleFeed(lang));
    const doc = parse(text);
    expect(doc.version).toBe('https://jsonfeed.org/version/1.1');
    expect(doc.language).toBe(lang);
    expect(firstItem(doc).language).toBe(lang);
    expect(text).not.toMatch(/ku-Arab|ku-Latn/);
  });

  it('takes the feed title from the locale and links the language home and itself', () => {
    const doc = parse(jsonFeedFormat.render(sampleFeed(lang)));
    expect(doc.title).toBe(title);
    expect(doc.home_page_url).toBe(`https://rojname.example/${lang}/`);
    expect(doc.feed_url).toBe(`https://rojname.example/${lang}/feed.json`);
  });

  it('writes the item id, url, title and dates exactly', () => {
    const item = firstItem(parse(jsonFeedFormat.render(sampleFeed(lang))));
    expect(item.id).toBe(`tag:rojname.example,2021-02-18:${STORY}/${lang}`);
    expect(item.url).toBe(`https://rojname.example/${lang}/articles/${STORY}`);
    expect(item.title).toBe(headline);
    expect(item.date_published).toBe('2021-02-18T16:30:00.000Z');
    expect(item.date_modified).toBe('2021-02-18T16:30:00.000Z');
  });

  it('wraps content_html in the language direction and tag', () => {
    const item = firstItem(parse(jsonFeedFormat.render(sampleFeed(lang))));
    expect(item.content_html?.startsWith(`<div dir="${dir}" lang="${lang}">`)).toBe(true);
    expect(item._rojname.direction).toBe(dir);
  });

  it('tags the item with subject labels in its language', () => {
    const item = firstItem(parse(jsonFeedFormat.render(sampleFeed(lang))));
    expect(item.tags).toEqual(tags);
  });

  it('links the other language versions in the _rojname extension', () => {
    const item = firstItem(parse(jsonFeedFormat.render(sampleFeed(lang))));
    const others = EXPECTED.map((e) => e.lang).filter((l) => l !== lang);
    expect(item._rojname.alternates).toEqual(others.map((l) => ({ language: l, url: `https://rojname.example/${l}/articles/${STORY}` })));
  });

  it('round-trips: parsing the bytes gives back the built document', () => {
    const view = sampleFeed(lang);
    expect(JSON.parse(jsonFeedFormat.render(view))).toStrictEqual(buildJsonFeed(view));
  });
});

describe('JSON Feed item fields', () => {
  it('uses the photo as `image`, not as an attachment', () => {
    const item = firstItem(buildJsonFeed(sampleFeed('en')));
    expect(item.image).toBe('https://rojname.example/media/nato-mission-iraq.jpg');
    expect(item.attachments).toBeUndefined();
  });

  it('lists writers as authors and leaves editors out', () => {
    const withWriter = sampleArticle();
    withWriter.contributors = [
      { name: 'Hawre Ahmed', role: 'author' },
      { name: 'John J. Catherine', role: 'editor' },
    ];
    const value = firstItem(buildJsonFeed(sampleFeed('en', [withWriter]))).authors;
    expect(value).toEqual([{ name: 'Hawre Ahmed' }]);
  });

  it('names the provider as the item author when there is no byline; the feed authors stay the site', () => {
    const doc = buildJsonFeed(sampleFeed('ckb'));
    expect(firstItem(doc).authors).toEqual([{ name: 'Kurdistan 24', url: 'https://www.kurdistan24.net/' }]);
    expect(doc.authors).toEqual([{ name: 'ڕۆژنامە', url: 'https://rojname.example/' }]);
  });

  it('registers as `json`, application/feed+json, feed.json', () => {
    const { id, mediaType, file } = jsonFeedFormat;
    expect({ id, mediaType, file }).toEqual({ id: 'json', mediaType: 'application/feed+json', file: 'feed.json' });
  });
});

describe('JSON Feed checks before it serializes', () => {
  it('refuses a relative item url, naming its pointer', () => {
    const view = sampleFeed('en');
    (view.items[0] as any).url = '/en/articles/x';
    const pointers = new Set(renderError(view).problems.map((p) => p.pointer));
    expect(pointers).toEqual(new Set(['/items/0/url']));
  });

  it('refuses a null where the spec wants a string', () => {
    const view = sampleFeed('en');
    (view.items[0]!.image as any).url = null;
    const pointers = new Set(renderError(view).problems.map((p) => p.pointer));
    expect(pointers).toEqual(new Set(['/items/0/image']));
  });

  it('refuses a blank item id', () => {
    const view = sampleFeed('en');
    (view.items[0] as any).tagUri = '  ';
    const pointers = new Set(renderError(view).problems.map((p) => p.pointer));
    expect(pointers).toEqual(new Set(['/items/0/id']));
  });

  it('refuses two items with the same id (extra rule)', () => {
    const view = sampleFeed('en', [sampleArticle(), sampleArticle()]);
    const value = renderError(view).problems;
    const id = `tag:rojname.example,2021-02-18:${STORY}/en`;
    expect(value).toEqual([{ pointer: '/items/1/id', message: `duplicate id "${id}" (also /items/0/id)` }]);
  });

  it('refuses a next_url equal to feed_url (extra rule)', () => {
    const doc = buildJsonFeed(sampleFeed('en'));
    expect(checkJsonFeedRules({ ...doc, next_url: doc.feed_url })).toEqual([{ pointer: '/next_url', message: 'must not be the same as feed_url' }]);
    expect(checkJsonFeedRules({ ...doc, next_url: 'https://rojname.example/en/feed-2.json' })).toEqual([]);
  });
});

describe('JSON Feed with nasty input', () => {
  const NASTY = '<b>markup</b> & ]]> ]]> &nbsp; 📰 \u200Fنص\u200F ٢٠٢١ ٤٠٠٠';

  /** Headline and every paragraph carry the nasty text; 50 paragraphs of 100,000 characters (about 5 MB). */
  function nastyArticle(): Article {
    const article = sampleArticle();
    const en = article.localizations.en!;
    en.headline = NASTY;
    en.body = Array.from({ length: 50 }, (_, i) => ({ type: 'paragraph' as const, text: `${i + 1}. ${NASTY} `.padEnd(100_000, 'lorem ipsum ') }));
    return article;
  }

  it('stays valid per the reference schema', () => {
    const value = checkJsonFeed(jsonFeedFormat.render(sampleFeed('en', [nastyArticle()])));
    expect(value).toEqual({ valid: true, errors: [] });
  });

  it('round-trips the headline exactly', () => {
    const value = firstItem(parse(jsonFeedFormat.render(sampleFeed('en', [nastyArticle()])))).title;
    expect(value).toBe(NASTY);
  });

  it('escapes markup in content_html, keeping it text', () => {
    const html = firstItem(parse(jsonFeedFormat.render(sampleFeed('en', [nastyArticle()])))).content_html ?? '';
    expect(html).toContain('&lt;b&gt;markup&lt;/b&gt; &amp; ]]&gt; ]]&gt; &amp;nbsp; 📰 \u200Fنص\u200F ٢٠٢١ ٤٠٠٠');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain(']]>');
    expect(html.length).toBeGreaterThan(5_000_000);
  });
});

describe('JSON Feed determinism', () => {
  it('renders byte-identical output twice', () => {
    const view = sampleFeed('ar');
    expect(jsonFeedFormat.render(view)).toBe(jsonFeedFormat.render(view));
  });

  it('does not change the view it renders', () => {
    const view = sampleFeed('ckb');
    const before = structuredClone(view);
    jsonFeedFormat.render(view);
    expect(view).toEqual(before);
  });

  it('serializes with two-space indent, a final newline and no byte-order mark', () => {
    const value = jsonFeedFormat.render(sampleFeed('kmr'));
    expect(value.startsWith('{\n  "version": "https://jsonfeed.org/version/1.1",\n')).toBe(true);
    expect(value.endsWith('}\n')).toBe(true);
  });
});

describe('JSON Feed without items', () => {
  it('is valid', () => {
    const text = jsonFeedFormat.render(sampleFeed('en', []));
    expect(checkJsonFeed(text)).toEqual({ valid: true, errors: [] });
    expect(parse(text).items).toEqual([]);
  });
});

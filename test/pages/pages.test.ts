import { describe, expect, it } from 'vitest';
import { FEED_FORMATS } from '../../src/formats/registry.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import type { LocalizedFeed } from '../../src/i18n/localize.js';
import { FEED_LINKS, renderArticlePage, renderHomePage, renderLanguagePage, type HomeView } from '../../src/pages/index.js';
import { makeContext, sampleArticle, sampleFeed, sampleItem } from '../fixtures/sample-view.js';

const LANGS = ['en', 'ckb', 'kmr', 'ar'] as const;
const DIR = { en: 'ltr', ckb: 'rtl', kmr: 'ltr', ar: 'rtl' } as const;
const BASE = 'https://rojname.example';
const ID = '2021-02-18-nato-iraq-mission-eightfold';
const HOSTILE = '<script>alert(1)</script> ]]> & co';
const t = (lang: string) => makeContext().translator.t(lang);

function languagePage(feed: LocalizedFeed): string {
  return renderLanguagePage(feed, t(feed.language.tag), defaultLanguages);
}
function articlePage(lang: string, item = sampleItem(lang)): string {
  return renderArticlePage(item, t(lang), defaultLanguages);
}
function homeView(): HomeView {
  const languages = LANGS.map((lang) => sampleFeed(lang)).map(({ language, title, description, urls }) => ({ language, title, description, urls }));
  return { siteName: t('en')('site.name'), tagline: t('en')('site.tagline'), languages };
}
function hostileArticle() {
  const article = sampleArticle();
  return { ...article, localizations: { ...article.localizations, en: { ...article.localizations.en!, headline: HOSTILE } } };
}
/** The text of the first `<time>` element. */
function timeText(html: string): string {
  return html.match(/<time datetime="[^"]+">([^<]*)<\/time>/)?.[1] ?? '';
}
const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe.each(LANGS)('pages in %s', (lang) => {
  const others = LANGS.filter((l) => l !== lang);
  it('mark the language page with the BCP 47 tag and the registry direction', () => {
    expect(languagePage(sampleFeed(lang))).toContain(`<html lang="${lang}" dir="${DIR[lang]}"`);
  });
  it('mark the article page with the BCP 47 tag and the registry direction', () => {
    expect(articlePage(lang)).toContain(`<html lang="${lang}" dir="${DIR[lang]}"`);
  });
  it('announce the three feeds of the language page with exact types and absolute URLs', () => {
    const html = languagePage(sampleFeed(lang));
    for (const [type, file] of [['rss\\+xml', 'rss.xml'], ['atom\\+xml', 'atom.xml'], ['feed\\+json', 'feed.json']]) {
      expect(html).toMatch(new RegExp(`<link rel="alternate" type="application/${type}" hreflang="${lang}" title="[^"]+" href="${BASE}/${lang}/${file}">`));
    }
  });
  it('link the language page to the other three language homes and x-default', () => {
    const html = languagePage(sampleFeed(lang));
    for (const other of others) expect(html).toContain(`<link rel="alternate" hreflang="${other}" href="${BASE}/${other}/">`);
    expect(html).toContain(`<link rel="alternate" hreflang="x-default" href="${BASE}/">`);
    expect(html).not.toContain('hreflang="ku-');
  });
  it('link the article page to the other three language versions', () => {
    const html = articlePage(lang);
    for (const other of others) expect(html).toContain(`<link rel="alternate" hreflang="${other}" href="${BASE}/${other}/articles/${ID}">`);
  });
  it('offer the other versions as links in their own language and direction', () => {
    const html = articlePage(lang);
    for (const other of others) {
      expect(html).toMatch(new RegExp(`<a href="${BASE}/${other}/articles/${ID}" hreflang="${other}" lang="${other}" dir="${DIR[other]}"`));
    }
  });
  it('mark the current language in the switcher, and only it', () => {
    const html = languagePage(sampleFeed(lang));
    expect(count(html, /aria-current="page"/g)).toBe(1);
    expect(html).toMatch(new RegExp(`<a href="${BASE}/${lang}/" hreflang="${lang}" lang="${lang}" dir="${DIR[lang]}"[^>]* aria-current="page">`));
  });
  it('are the same bytes when rendered twice', () => {
    expect(languagePage(sampleFeed(lang))).toBe(languagePage(sampleFeed(lang)));
    expect(articlePage(lang)).toBe(articlePage(lang));
  });
});

describe('language page', () => {
  it('lists the story with its headline linking to the permalink', () => {
    const item = sampleItem('kmr');
    expect(languagePage(sampleFeed('kmr'))).toContain(`<h3><a href="${item.url}">${item.headline}</a></h3>`);
  });
  it('links every feed for subscribing, and no validator: reader pages are for readers', () => {
    const html = languagePage(sampleFeed('ckb'));
    for (const file of ['rss.xml', 'atom.xml', 'feed.json']) expect(html).toContain(`<a href="${BASE}/ckb/${file}" type="`);
    expect(html).not.toContain('validator.w3.org');
  });
  it('says there are no stories when the feed is empty', () => {
    const html = languagePage({ ...sampleFeed('ar'), items: [] });
    expect(html).toContain(`<p>${t('ar')('labels.noStories')}</p>`);
    expect(html).not.toContain('<ol');
  });
  it('writes the story count in the language numbering system', () => {
    expect(languagePage(sampleFeed('ckb'))).toContain('<p class="meta">١ ');
  });
  it('gives Arabic-script languages the Naskh font stack by script, not by tag', () => {
    expect(languagePage(sampleFeed('ckb'))).toContain('<html lang="ckb" dir="rtl" class="script-Arab">');
    expect(languagePage(sampleFeed('kmr'))).toMatch(/<html lang="kmr" dir="ltr">.*\.script-Arab \{ font-family: "Noto Naskh Arabic"/s);
  });
  it('never lets a long word overflow the page', () => {
    expect(languagePage(sampleFeed('en'))).toContain('overflow-wrap: anywhere');
  });
});

describe('article page', () => {
  it('puts the headline in the only <h1>', () => {
    expect(articlePage('ckb').match(/<h1>.*?<\/h1>/g)).toEqual([`<h1>${sampleItem('ckb').headline}</h1>`]);
  });
  it('declares the permalink canonical', () => {
    expect(articlePage('en')).toContain(`<link rel="canonical" href="${BASE}/en/articles/${ID}">`);
  });
  it('renders the body as 7 paragraphs and one figure', () => {
    const body = articlePage('en').match(/<div dir="ltr" lang="en">.*?<\/div>/s)?.[0] ?? '';
    expect(count(body, /<p>(?!<small>)/g)).toBe(7);
    expect(count(body, /<figure>/g)).toBe(1);
  });
  it('dates the story with a machine-readable <time>', () => {
    expect(articlePage('en')).toContain('Published <time datetime="2021-02-18T16:30:00.000Z">18 February 2021</time>');
  });
  it('shows the update date only when the story changed after publication', () => {
    expect(articlePage('en')).not.toContain('Updated');
    const item = { ...sampleItem('en'), updated: '2021-02-20T09:00:00.000Z' };
    expect(articlePage('en', item)).toContain('Updated <time datetime="2021-02-20T09:00:00.000Z">20 February 2021</time>');
  });
  it('lists the subjects', () => {
    for (const { label } of sampleItem('en').subjects) expect(articlePage('en')).toContain(`<li>${label}</li>`);
  });
});

describe('home page', () => {
  it('is an English page', () => {
    expect(renderHomePage(homeView())).toContain('<html lang="en" dir="ltr">');
  });
  it('lists all four endonyms, each block in its own language and direction', () => {
    const html = renderHomePage(homeView());
    for (const { tag, direction, endonym } of defaultLanguages.languages) {
      expect(html).toMatch(new RegExp(`<section lang="${tag}" dir="${direction}"[^>]*><h2 id="lang-${tag}">${endonym.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</h2>`));
    }
  });
  it('links the 12 feeds', () => {
    expect(count(renderHomePage(homeView()), /<a href="https:\/\/rojname\.example\/[a-z]+\/(rss\.xml|atom\.xml|feed\.json)" type="/g)).toBe(12);
  });
  it('announces the 12 feeds for autodiscovery', () => {
    expect(count(renderHomePage(homeView()), /<link rel="alternate" type="application\/(rss\+xml|atom\+xml|feed\+json)" hreflang="[a-z]+" title="[^"]+" href="https:\/\//g)).toBe(12);
  });
  it('falls back to the English chrome labels', () => {
    expect(renderHomePage(homeView())).toContain('<a class="skip" href="#main">Skip to content</a>');
  });
  it('is the same bytes when rendered twice', () => {
    expect(renderHomePage(homeView())).toBe(renderHomePage(homeView()));
  });
});

describe('escaping', () => {
  /** The hostile text appears escaped, and nothing in it became markup. */
  function expectInert(html: string): void {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; co');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain(']]>');
  }
  it('keeps a hostile headline as text on the language page', () => {
    expectInert(languagePage(sampleFeed('en', [hostileArticle()])));
  });
  it('keeps a hostile headline as text in the article page <title> and <h1>', () => {
    const html = articlePage('en', sampleItem('en', hostileArticle()));
    expectInert(html);
    expect(html).toMatch(/<title>&lt;script&gt;.*<h1>&lt;script&gt;/s);
  });
  it('keeps hostile text as text on the home page', () => {
    const view = homeView();
    expectInert(renderHomePage({ ...view, languages: [{ ...view.languages[0]!, title: HOSTILE }] }));
  });
});

describe('dates', () => {
  it('writes Arabic dates with Arabic-Indic digits only', () => {
    expect(timeText(languagePage(sampleFeed('ar')))).toMatch(/^[^0-9]*[٠-٩][^0-9]*$/);
  });
  it('writes Sorani dates with Arabic-Indic digits only', () => {
    expect(timeText(articlePage('ckb'))).toMatch(/^[^0-9]*[٠-٩][^0-9]*$/);
  });
  it('writes English dates with ASCII digits only', () => {
    expect(timeText(languagePage(sampleFeed('en')))).toBe('18 February 2021');
  });
});

describe('inputs', () => {
  it('are never mutated', () => {
    const [feed, item, view] = [sampleFeed('ar'), sampleItem('ckb'), homeView()];
    const before = structuredClone({ feed, item, view });
    languagePage(feed);
    articlePage('ckb', item);
    renderHomePage(view);
    expect({ feed, item, view }).toEqual(before);
  });
});

describe('feed links', () => {
  it('agree with the format registry on ids and media types', () => {
    expect(FEED_LINKS.map((f) => [f.id, f.mediaType])).toEqual(FEED_FORMATS.map((f) => [f.id, f.mediaType]));
  });
});

import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { Article } from '../../src/article/types.js';
import { atomFormat } from '../../src/formats/atom/index.js';
import { jsonFeedFormat } from '../../src/formats/jsonfeed/index.js';
import { newsItemFormat } from '../../src/formats/newsml/index.js';
import { rssFormat } from '../../src/formats/rss/index.js';
import { chooseCreators } from '../../src/i18n/localize.js';
import { sampleArticle, sampleFeed, sampleItem } from '../fixtures/sample-view.js';

/*
 * One author rule for every format (LocalizedItem.creators): the byline's authors, in order; without
 * a byline, the provider. RSS dc:creator, Atom author, JSON Feed authors, NewsML-G2 creator.
 */

const LANGS = ['en', 'ckb', 'kmr', 'ar'] as const;
const NS = { atom: 'http://www.w3.org/2005/Atom', dc: 'http://purl.org/dc/elements/1.1/', nar: 'http://iptc.org/std/nar/2006-10-01/' };

const texts = (xml: string, ns: string, name: string, parent?: string) => {
  const doc = create(xml).node as unknown as Document;
  const scope = parent ? [...doc.getElementsByTagNameNS(ns, parent)] : [doc.documentElement];
  return scope.flatMap((p) => [...p.getElementsByTagNameNS(ns, name)]).map((e) => e.getElementsByTagNameNS(ns, 'name')[0]?.textContent ?? e.textContent ?? '');
};

/** The names each format gives as the story's authors, read back from its bytes. */
function namesByFormat(article: Article, lang: string): Record<string, string[]> {
  const feed = sampleFeed(lang, [article]);
  const json = JSON.parse(jsonFeedFormat.render(feed)) as { items: { authors?: { name: string }[] }[] };
  return {
    rss: texts(rssFormat.render(feed), NS.dc, 'creator'),
    atom: texts(atomFormat.render(feed), NS.atom, 'author', 'entry'),
    json: (json.items[0]!.authors ?? []).map((a) => a.name),
    newsml: texts(newsItemFormat.render(sampleItem(lang, article)), NS.nar, 'creator', 'contentMeta').map((n) => n.trim()),
  };
}

function withByline(): Article {
  const article = sampleArticle();
  article.contributors = [
    { name: 'Hawre Ahmed', role: 'author' },
    { name: 'John J. Catherine', role: 'editor' },
    { name: 'Dilan Omar', role: 'author' },
    { name: 'NATO', role: 'photographer' },
  ];
  return article;
}

describe('one author rule across RSS, Atom, JSON Feed and NewsML-G2', () => {
  it.each(LANGS)('%s: the sample story has no byline, so every format names its provider, Kurdistan 24', (lang) => {
    const all = ['Kurdistan 24'];
    expect(namesByFormat(sampleArticle(), lang)).toEqual({ rss: all, atom: all, json: all, newsml: all });
  });
  it.each(LANGS)('%s: a story with a byline names its writers, in order, and neither editor nor photographer', (lang) => {
    const all = ['Hawre Ahmed', 'Dilan Omar'];
    expect(namesByFormat(withByline(), lang)).toEqual({ rss: all, atom: all, json: all, newsml: all });
  });
  it('gives the provider its URI where a format has one, and bylines none', () => {
    expect(chooseCreators(sampleArticle())).toEqual([{ name: 'Kurdistan 24', role: 'provider', uri: 'https://www.kurdistan24.net/' }]);
    expect(chooseCreators(withByline())).toEqual([
      { name: 'Hawre Ahmed', role: 'author' },
      { name: 'Dilan Omar', role: 'author' },
    ]);
    const json = JSON.parse(jsonFeedFormat.render(sampleFeed('en'))) as { items: { authors: unknown }[] };
    expect(json.items[0]!.authors).toEqual([{ name: 'Kurdistan 24', url: 'https://www.kurdistan24.net/' }]);
    expect(atomFormat.render(sampleFeed('en'))).toMatch(/<author>\s*<name>Kurdistan 24<\/name>\s*<uri>https:\/\/www\.kurdistan24\.net\/<\/uri>/);
    expect(newsItemFormat.render(sampleItem('en'))).toMatch(/<creator uri="https:\/\/www\.kurdistan24\.net\/">/);
  });
});

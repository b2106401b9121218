import type { Language } from '../../i18n/languages.js';
import { defineFormat } from '../format.js';
import { el, type XmlNode } from '../xml.js';
import { checkSitemapRules, checkUniqueLocs, newsSitemapSchema, sitemapIndexSchema, sitemapSchema } from './schema.js';
import type { NewsSitemap, Sitemap } from './types.js';
import { writeXml } from './write.js';

/** The sitemaps.org 0.9 namespace: both `urlset` and `sitemapindex` live in it. */
export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
/** sitemaps.org defines no media type of its own: generic XML (RFC 7303). */
const XML = 'application/xml';

/** One page as a sitemap lists it: every string final, every URL absolute. */
export interface SitemapUrlView {
  url: string;
  /** RFC 3339: when the page last changed for its readers. */
  lastmod: string;
  /** Every language version (this one included) in registry order; empty for a page in one language. */
  alternates: { language: Language; url: string }[];
}

export interface SitemapIndexView {
  sitemaps: { url: string; lastmod: string }[];
}

export interface NewsSitemapView {
  entries: { url: string; language: Language; publicationName: string; published: string; title: string }[];
}

/** Pure: the urlset of some pages. */
export function buildSitemap(view: { urls: SitemapUrlView[] }): Sitemap.UrlSet {
  return {
    url: view.urls.map((u) => ({
      loc: u.url,
      lastmod: u.lastmod,
      // `language.tag`, as the pages' own `<link rel="alternate" hreflang>` write it: one claim per page.
      xhtmlLink: u.alternates.map((a) => ({ rel: 'alternate' as const, hreflang: a.language.tag, href: a.url })),
    })),
  };
}

/** sitemap.xsd's element order: `loc`, `lastmod`, then the other namespaces' elements. */
export function sitemapTree(doc: Sitemap.UrlSet): XmlNode {
  return el(
    'urlset',
    { xmlns: SITEMAP_NS },
    ...doc.url.map((u) =>
      el('url', undefined, el('loc', undefined, u.loc), el('lastmod', undefined, u.lastmod), ...u.xhtmlLink.map((l) => el('xhtml:link', { rel: l.rel, hreflang: l.hreflang, href: l.href }))),
    ),
  );
}

export function sitemapIndexTree(doc: Sitemap.Index): XmlNode {
  return el('sitemapindex', { xmlns: SITEMAP_NS }, ...doc.sitemap.map((s) => el('sitemap', undefined, el('loc', undefined, s.loc), el('lastmod', undefined, s.lastmod))));
}

export function newsSitemapTree(doc: NewsSitemap.UrlSet): XmlNode {
  return el(
    'urlset',
    { xmlns: SITEMAP_NS },
    ...doc.url.map((u) =>
      el(
        'url',
        undefined,
        el('loc', undefined, u.loc),
        el(
          'news:news',
          undefined,
          el('news:publication', undefined, el('news:name', undefined, u.news.publication.name), el('news:language', undefined, u.news.publication.language)),
          el('news:publication_date', undefined, u.news.publication_date),
          el('news:title', undefined, u.news.title),
        ),
      ),
    ),
  );
}

/** A per-language sitemap (`sitemap-{lang}-{n}.xml`) or the language home pages' (`sitemap-home.xml`). */
export const sitemapFormat = defineFormat<{ urls: SitemapUrlView[] }, Sitemap.UrlSet>({
  id: 'sitemap',
  mediaType: XML,
  file: 'sitemap-{lang}-{n}.xml',
  schema: sitemapSchema,
  build: buildSitemap,
  serialize: (doc) => writeXml(sitemapTree(doc)),
  extraRules: checkSitemapRules,
});

/** `/sitemap.xml`: the index of every sitemap file. */
export const sitemapIndexFormat = defineFormat<SitemapIndexView, Sitemap.Index>({
  id: 'sitemap-index',
  mediaType: XML,
  file: 'sitemap.xml',
  schema: sitemapIndexSchema,
  build: (view) => ({ sitemap: view.sitemaps.map((s) => ({ loc: s.url, lastmod: s.lastmod })) }),
  serialize: (doc) => writeXml(sitemapIndexTree(doc)),
  extraRules: checkUniqueLocs,
});

/** `/news-sitemap.xml`: Google News entries for the stories of the last two days. */
export const newsSitemapFormat = defineFormat<NewsSitemapView, NewsSitemap.UrlSet>({
  id: 'news-sitemap',
  mediaType: XML,
  file: 'news-sitemap.xml',
  schema: newsSitemapSchema,
  build: (view) => ({
    url: view.entries.map((e) => ({
      loc: e.url,
      news: {
        // Google: an ISO 639 code of two or three letters, which our registry tags are (`ckb`, `kmr`).
        publication: { name: e.publicationName, language: e.language.tag },
        publication_date: e.published,
        title: e.title,
      },
    })),
  }),
  serialize: (doc) => writeXml(newsSitemapTree(doc)),
  extraRules: checkUniqueLocs,
});

import type { JSONSchemaType } from 'ajv';
import type { Problem } from '../../validate/problems.js';
import { absoluteUrl, rfc3339, text } from '../shared-schema.js';
import type { NewsSitemap, Sitemap } from './types.js';

/** sitemaps.org: at most 50,000 URLs (and 50 MB) per sitemap, and as many sitemaps per index. */
export const MAX_SITEMAP_URLS = 50_000;
/** Google News: at most 1,000 `news:news` entries per news sitemap. */
export const MAX_NEWS_URLS = 1_000;

/** sitemap.xsd `tLoc`: an absolute URI of 12 to 2,048 characters. */
const loc = { ...absoluteUrl, minLength: 12, maxLength: 2048 } as const;
/** A BCP 47 tag as hreflang takes it (`en`, `ckb`, `ku-Arab`). */
const hreflang = { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' } as const;

export const sitemapUrlSchema: JSONSchemaType<Sitemap.Url> = {
  type: 'object',
  additionalProperties: false,
  required: ['loc', 'lastmod', 'xhtmlLink'],
  properties: {
    loc,
    lastmod: rfc3339,
    xhtmlLink: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rel', 'hreflang', 'href'],
        properties: { rel: { type: 'string', const: 'alternate' }, hreflang, href: loc },
      },
    },
  },
};

export const sitemapSchema: JSONSchemaType<Sitemap.UrlSet> = {
  $id: 'https://rojname.example/schemas/sitemap.schema.json',
  title: 'Sitemap 0.9 urlset with hreflang alternates, as rojname writes it (checked before serialization)',
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: { url: { type: 'array', minItems: 1, maxItems: MAX_SITEMAP_URLS, items: sitemapUrlSchema } },
};

export const sitemapIndexSchema: JSONSchemaType<Sitemap.Index> = {
  $id: 'https://rojname.example/schemas/sitemap-index.schema.json',
  title: 'Sitemap 0.9 sitemapindex, as rojname writes it (checked before serialization)',
  type: 'object',
  additionalProperties: false,
  required: ['sitemap'],
  properties: {
    sitemap: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_SITEMAP_URLS,
      items: { type: 'object', additionalProperties: false, required: ['loc', 'lastmod'], properties: { loc, lastmod: rfc3339 } },
    },
  },
};

export const newsSitemapSchema: JSONSchemaType<NewsSitemap.UrlSet> = {
  $id: 'https://rojname.example/schemas/news-sitemap.schema.json',
  title: 'Google News sitemap, as rojname writes it (checked before serialization)',
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_NEWS_URLS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['loc', 'news'],
        properties: {
          loc,
          news: {
            type: 'object',
            additionalProperties: false,
            required: ['publication', 'publication_date', 'title'],
            properties: {
              publication: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'language'],
                properties: { name: text, language: { type: 'string', pattern: '^(zh-cn|zh-tw|[a-z]{2,3})$' } },
              },
              publication_date: rfc3339,
              title: text,
            },
          },
        },
      },
    },
  },
};

/** Every `loc` once; each alternate set names the URL itself and each language once. */
export function checkSitemapRules(doc: Sitemap.UrlSet): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  doc.url.forEach((url, i) => {
    if (seen.has(url.loc)) problems.push({ pointer: `/url/${i}/loc`, message: 'is listed twice' });
    seen.add(url.loc);
    if (url.xhtmlLink.length === 0) return;
    // None (a page in one language) or every version: a lone link would only name the URL itself.
    if (url.xhtmlLink.length === 1) problems.push({ pointer: `/url/${i}/xhtmlLink`, message: 'names one version only' });
    // Google: "Each language version must list itself as well as all other language versions."
    if (!url.xhtmlLink.some((l) => l.href === url.loc)) problems.push({ pointer: `/url/${i}/xhtmlLink`, message: 'does not list the URL itself' });
    const tags = url.xhtmlLink.map((l) => l.hreflang);
    if (new Set(tags).size !== tags.length) problems.push({ pointer: `/url/${i}/xhtmlLink`, message: 'names a language twice' });
  });
  return problems;
}

/** Every `loc` once. */
export function checkUniqueLocs(doc: { url: { loc: string }[] } | { sitemap: { loc: string }[] }): Problem[] {
  const [list, key] = 'url' in doc ? [doc.url, 'url'] : [doc.sitemap, 'sitemap'];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  list.forEach((entry, i) => {
    if (seen.has(entry.loc)) problems.push({ pointer: `/${key}/${i}/loc`, message: 'is listed twice' });
    seen.add(entry.loc);
  });
  return problems;
}

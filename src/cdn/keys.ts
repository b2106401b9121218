import type { Article } from '../article/types.js';
import { FEED_FORMATS } from '../formats/registry.js';
import { monthOf } from '../i18n/urls.js';
import type { Change } from '../store/store.js';

/**
 * Surrogate keys: names for what a public response depends on, so that a CDN in front of the
 * replicas can keep responses long and drop exactly the ones a change touched (Fastly's
 * `Surrogate-Key`, space-separated; Cloudflare's `Cache-Tag`, comma-separated; the same keys in
 * both). Every key of a language's output starts with that language, so one purge of
 * `lang:{tag}` drops all of it (after a change to its locale files, say).
 *
 * | output | keys |
 * | --- | --- |
 * | `/{tag}/rss.xml`, `atom.xml`, `feed.json` | `lang:{tag}` `feed:{tag}/{file}` |
 * | `/{tag}/` (the language's page) | `lang:{tag}` `page:{tag}` |
 * | `/{tag}/articles/{id}` | `lang:{tag}` `story:{id}` |
 * | `/{tag}/topics/{code}/{file}` | `lang:{tag}` `topic:{tag}/{code}` |
 * | `/{tag}/archive/{YYYY}/{MM}/{file}` | `lang:{tag}` `archive:{tag}/{YYYY-MM}` |
 * | `/` (the home page) | `home` |
 * | `/media/{file}` | `media` `media:{file}` |
 * | `/sitemap.xml`, `/news-sitemap.xml`, `/sitemap-*.xml` | `sitemaps` |
 * | `/robots.txt`, `/favicon.ico` | `site` |
 *
 * Keys never contain a space or a comma (ids, tags and file names cannot), so both headers split them back.
 */

/** The two headers, as `sendRendered` takes extra headers: build once per route or per output. */
export function cdnHeaders(keys: readonly string[]): Record<string, string> {
  return { 'surrogate-key': keys.join(' '), 'cache-tag': keys.join(',') };
}

export const feedKeys = (tag: string, file: string) => [`lang:${tag}`, `feed:${tag}/${file}`];
export const pageKeys = (tag: string) => [`lang:${tag}`, `page:${tag}`];
export const storyKeys = (tag: string, id: string) => [`lang:${tag}`, `story:${id}`];
/** `code`: the Media Topic's eight digits, as in the URL (`16000000`). */
export const topicKeys = (tag: string, code: string) => [`lang:${tag}`, `topic:${tag}/${code}`];
/** `month`: `YYYY-MM`. */
export const archiveKeys = (tag: string, month: string) => [`lang:${tag}`, `archive:${tag}/${month}`];
export const HOME_KEYS = ['home'] as const;
export const mediaKeys = (file: string) => ['media', `media:${file}`];
export const SITEMAP_KEYS = ['sitemaps'] as const;
export const SITE_KEYS = ['site'] as const;

/**
 * The keys one change makes stale: the story's pages (every language's: they link each other), the
 * language's feeds and page, the home page, the sitemaps, and the topic feeds and monthly archive
 * the story was in before and is in now (`versions`: the version the change logged and the one
 * before it, as far as they exist). Uploaded pictures never change at their URL: never purged.
 */
export function keysOfChange(change: Pick<Change, 'articleId' | 'language'>, versions: readonly Pick<Article, 'subjects' | 'published' | 'firstCreated'>[]): string[] {
  const tag = change.language;
  const keys = new Set<string>([`story:${change.articleId}`, ...FEED_FORMATS.map((f) => `feed:${tag}/${f.file}`), `page:${tag}`, ...HOME_KEYS, ...SITEMAP_KEYS]);
  for (const v of versions) {
    for (const s of v.subjects) if (s.code.startsWith('medtop:')) keys.add(`topic:${tag}/${s.code.slice('medtop:'.length)}`);
    const published = Date.parse(v.published ?? v.firstCreated);
    if (Number.isFinite(published)) keys.add(`archive:${tag}/${monthOf(published)}`);
  }
  return [...keys];
}

import type { Context, Hono } from 'hono';
import { FEED_FORMATS } from '../../formats/registry.js';
import type { AppEnv } from '../app.js';
import type { Services } from '../deps.js';
import { htmlError, wantsProblemJson } from '../html-error.js';
import { problemResponse } from '../problem.js';
import { sendRendered } from '../send.js';
import { LANGUAGE_PAGE } from '../../publish/site.js';
import { ARCHIVE_FILES } from '../../publish/archives.js';
import { languageFileUrl } from '../../i18n/urls.js';
import { archiveKeys, cdnHeaders, feedKeys, HOME_KEYS, pageKeys, storyKeys, topicKeys } from '../../cdn/keys.js';

/**
 * Public feeds are cacheable by anyone for five minutes; readers revalidate cheaply with ETags. A
 * cache may serve them a minute past that while it revalidates in the background (RFC 5861
 * stale-while-revalidate), and for a day while every replica answers errors (stale-if-error): a
 * feed a few minutes old beats an error page. With ROJNAME_PURGE_URL set, a CDN drops them on
 * change anyway (src/cdn/purge.ts).
 */
export const PUBLIC_CACHE = 'public, max-age=300, stale-while-revalidate=60, stale-if-error=86400';
/** Pages go stale sooner (readers reload them); the same grace for revalidation and errors. */
export const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=60, stale-if-error=86400';

/** Each published output's surrogate-key headers, made when it is first sent (src/cdn/keys.ts). */
const outputHeaders = new WeakMap<object, Record<string, string>>();
function headersOnce(output: object, make: () => Record<string, string>): Record<string, string> {
  let headers = outputHeaders.get(output);
  if (!headers) outputHeaders.set(output, (headers = make()));
  return headers;
}

/**
 * Routes are registered per language (`/en/rss.xml`, not `/:lang/rss.xml`): static paths, which
 * Hono's RegExpRouter answers from a table, and no pattern for `/api/...` to be mistaken for.
 */
export function registerPublicRoutes(app: Hono<AppEnv>, s: Services): void {
  // The home page lists every language's latest stories: published on change, like the others.
  const home = cdnHeaders(HOME_KEYS);
  app.get('/', async (c) => sendRendered(c, await s.publisher.getHome(), PAGE_CACHE, home));
  // One static route per language and output: the router answers these from a table, no pattern.
  for (const tag of s.languages.tags) {
    app.get(`/${tag}`, (c) => c.redirect(`/${tag}/`, 301));
    const page = cdnHeaders(pageKeys(tag));
    app.get(`/${tag}/`, async (c) => sendRendered(c, await s.publisher.get(tag, LANGUAGE_PAGE), PAGE_CACHE, page));
    for (const format of FEED_FORMATS) {
      // WebSub §4: the hubs and the topic URL in a Link header as well as in the feed.
      // One header record per route, made here: the request path only spreads it.
      const headers = { ...hubLinkHeader(s.websubHubs ?? [], languageFileUrl(s.baseUrl, tag, format.file)), ...cdnHeaders(feedKeys(tag, format.file)) };
      app.get(`/${tag}/${format.file}`, async (c) => sendRendered(c, await s.publisher.get(tag, format.file), PUBLIC_CACHE, headers));
    }
  }

  // RFC 5005 §4 monthly archives: `/{lang}/archive/{YYYY}/{MM}/atom.xml` and `feed.json`.
  for (const tag of s.languages.tags) {
    for (const file of ARCHIVE_FILES) {
      app.get(`/${tag}/archive/:year{[0-9]{4}}/:month{[0-9]{2}}/${file}`, async (c) => {
        const month = `${c.req.param('year')}-${c.req.param('month')}`;
        const doc = await s.publisher.archives.get(tag, month, file);
        if (!doc) return problemResponse(c, 404, 'Not found', `No ${tag} stories were published in ${month}.`);
        return sendRendered(c, doc, PUBLIC_CACHE, headersOnce(doc, () => cdnHeaders(archiveKeys(tag, month))));
      });
    }
  }

  // Media Topic feeds: `/{lang}/topics/{8 digits}/rss.xml`, `atom.xml`, `feed.json`.
  for (const tag of s.languages.tags) {
    for (const format of FEED_FORMATS) {
      app.get(`/${tag}/topics/:code{[0-9]{8}}/${format.file}`, async (c) => {
        const code = c.req.param('code');
        const doc = await s.publisher.topics.get(tag, code, format.file);
        if (!doc) return problemResponse(c, 404, 'Not found', `No ${tag} stories name the IPTC Media Topic medtop:${code}, or there is no such topic.`);
        const headers = headersOnce(doc, () => {
          const self = s.publisher.topics.urls(tag, code);
          return { ...hubLinkHeader(s.websubHubs ?? [], format.file === 'rss.xml' ? self.rss : format.file === 'atom.xml' ? self.atom : self.json), ...cdnHeaders(topicKeys(tag, code)) };
        });
        return sendRendered(c, doc, PUBLIC_CACHE, headers);
      });
    }
  }

  const readOnly = ['/', ...s.languages.tags.flatMap((tag) => [`/${tag}/`, ...FEED_FORMATS.map((f) => `/${tag}/${f.file}`)]), ...s.languages.tags.map((tag) => `/${tag}/articles/:id`), '/media/*', '/newsml/*'];
  for (const path of readOnly) {
    app.on(['POST', 'PUT', 'PATCH', 'DELETE'], path, (c) => problemResponse(c, 405, 'Method not allowed', 'Allowed: GET, HEAD.', {}, { allow: 'GET, HEAD' }));
  }

  for (const tag of s.languages.tags) {
    app.get(`/${tag}/articles/:id`, async (c) => {
      const page = await s.publisher.stories.articlePage(c.req.param('id')!, tag);
      if ('missing' in page) return htmlError(c, s, page.missing === 'gone' ? 410 : 404);
      return sendRendered(c, page, PAGE_CACHE, headersOnce(page, () => cdnHeaders(storyKeys(tag, c.req.param('id')!))));
    });
  }
}

/** `Link: <hub>; rel="hub", <self>; rel="self"` for a subscription feed, none without hubs. */
export function hubLinkHeader(hubs: readonly string[], self: string): Record<string, string> | undefined {
  if (hubs.length === 0) return undefined;
  return { link: [...hubs.map((hub) => `<${hub}>; rel="hub"`), `<${self}>; rel="self"`].join(', ') };
}

/** Where nothing matched: problem+json for machine routes, an HTML page for people. */
export function notFoundPage(c: Context, s: Services): Response {
  const path = c.req.path;
  const segments = path.split('/');
  // `/xx/...`, `/newsml/xx/latest.xml` and `/ninjs/xx/latest.json` name a language.
  const partnerLatest = (segments[1] === 'newsml' && segments[3] === 'latest.xml') || (segments[1] === 'ninjs' && segments[3] === 'latest.json');
  const first = (partnerLatest ? segments[2] : segments[1]) ?? '';
  const unknownLanguage = first !== '' && !s.languages.has(first) && !['api', 'newsml', 'media'].includes(first) && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(first);
  const detail = unknownLanguage ? `Unknown language "${first}". Supported: ${s.languages.tags.join(', ')}.` : `Nothing at ${path}.`;
  if (wantsProblemJson(path)) {
    return problemResponse(c, 404, 'Not found', detail, unknownLanguage ? { supportedLanguages: s.languages.tags } : {});
  }
  return htmlError(c, s, 404);
}

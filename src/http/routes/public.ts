import type { Context, Hono } from 'hono';
import { FEED_FORMATS } from '../../formats/registry.js';
import { renderHomePage } from '../../pages/index.js';
import { makeRendered, type Rendered } from '../../publish/rendered.js';
import type { AppEnv } from '../app.js';
import type { Services } from '../deps.js';
import { htmlError, wantsProblemJson } from '../html-error.js';
import { problemResponse } from '../problem.js';
import { sendRendered } from '../send.js';
import { buildHomeView, LANGUAGE_PAGE } from '../../publish/site.js';

/** Public feeds are cacheable by anyone for five minutes; readers revalidate cheaply with ETags. */
export const PUBLIC_CACHE = 'public, max-age=300';
const PAGE_CACHE = 'public, max-age=60';
const HTML = 'text/html; charset=utf-8';

/** `:lang` matches only the registry's tags. */
export function langParam(s: Services): string {
  return `:lang{(?:${s.languages.tags.map((t) => t.replace(/[^A-Za-z0-9-]/g, '')).join('|')})}`;
}

export function registerPublicRoutes(app: Hono<AppEnv>, s: Services): void {
  const lang = langParam(s);
  let home: Rendered | undefined;

  app.get('/', (c) => {
    // The home page changes only with the code and locale files: it is rendered once per process.
    home ??= makeRendered(renderHomePage(buildHomeView(s)), HTML, 'en', s.clock());
    return sendRendered(c, home, PAGE_CACHE);
  });
  app.get(`/${lang}`, (c) => c.redirect(`/${c.req.param('lang')!}/`, 301));
  app.get(`/${lang}/`, async (c) => sendRendered(c, await s.publisher.get(c.req.param('lang')!, LANGUAGE_PAGE), PAGE_CACHE));

  for (const format of FEED_FORMATS) {
    app.get(`/${lang}/${format.file}`, async (c) => sendRendered(c, await s.publisher.get(c.req.param('lang')!, format.file), PUBLIC_CACHE));
  }

  for (const path of ['/', `/${lang}/`, ...FEED_FORMATS.map((f) => `/${lang}/${f.file}`), `/${lang}/articles/:id`, '/media/*', '/newsml/*']) {
    app.on(['POST', 'PUT', 'PATCH', 'DELETE'], path, (c) => problemResponse(c, 405, 'Method not allowed', 'Allowed: GET, HEAD.', {}, { allow: 'GET, HEAD' }));
  }

  app.get(`/${lang}/articles/:id`, async (c) => {
    const page = await s.publisher.stories.articlePage(c.req.param('id')!, c.req.param('lang')!);
    if ('missing' in page) return htmlError(c, s.languages, page.missing === 'gone' ? 410 : 404, page.detail);
    return sendRendered(c, page, PAGE_CACHE);
  });
}

/** Where nothing matched: problem+json for machine routes, an HTML page for people. */
export function notFoundPage(c: Context, s: Services): Response {
  const path = c.req.path;
  const segments = path.split('/');
  // `/xx/...` and `/newsml/xx/latest.xml` name a language.
  const first = (segments[1] === 'newsml' && segments[3] === 'latest.xml' ? segments[2] : segments[1]) ?? '';
  const unknownLanguage = first !== '' && !s.languages.has(first) && !['api', 'newsml', 'media'].includes(first) && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(first);
  const detail = unknownLanguage ? `Unknown language "${first}". Supported: ${s.languages.tags.join(', ')}.` : `Nothing at ${path}.`;
  if (wantsProblemJson(path)) {
    return problemResponse(c, 404, 'Not found', detail, unknownLanguage ? { supportedLanguages: s.languages.tags } : {});
  }
  return htmlError(c, s.languages, 404, detail);
}

import type { Context, Hono } from 'hono';
import { FAVICON, NEWS_SITEMAP, ROBOTS_TXT, SITEMAP_INDEX, type SitemapPublisher } from '../../publish/sitemaps.js';
import type { Rendered } from '../../publish/rendered.js';
import type { AppEnv } from '../app.js';
import { problemResponse } from '../problem.js';
import { sendRendered } from '../send.js';

/** Sitemaps change with the stories; crawlers revalidate them cheaply with ETags. */
const SITEMAP_CACHE = 'public, max-age=300';
const ROBOTS_CACHE = 'public, max-age=3600';
/** The favicon changes only with a release; browsers keep it long (30 days). */
const FAVICON_CACHE = 'public, max-age=2592000';

/**
 * `/robots.txt`, `/favicon.ico`, `/sitemap.xml`, `/news-sitemap.xml` and the sitemap files it
 * names (`/sitemap-home.xml`, `/sitemap-{lang}-{n}.xml`): published bytes from memory, picked here.
 */
export function registerSiteFileRoutes(app: Hono<AppEnv>, sitemaps: SitemapPublisher): void {
  app.get(`/${ROBOTS_TXT}`, (c) => sendRendered(c, sitemaps.robots, ROBOTS_CACHE));
  app.get(`/${FAVICON}`, (c) => sendRendered(c, sitemaps.favicon, FAVICON_CACHE));
  app.get(`/${SITEMAP_INDEX}`, (c) => send(c, sitemaps.get(SITEMAP_INDEX)));
  app.get(`/${NEWS_SITEMAP}`, (c) => send(c, sitemaps.get(NEWS_SITEMAP), 'No story was published in the last two days.'));
  // `sitemap-home.xml`, `sitemap-{lang}-{n}.xml`: a wildcard after a literal prefix, which the
  // RegExpRouter keeps (a root-level `:param` would not); any other name is a 404.
  app.get('/sitemap-*', (c) => send(c, sitemaps.get(c.req.path.slice(1))));
  for (const path of [ROBOTS_TXT, FAVICON, SITEMAP_INDEX, NEWS_SITEMAP, 'sitemap-*'].map((f) => `/${f}`)) {
    app.on(['POST', 'PUT', 'PATCH', 'DELETE'], path, (c) => problemResponse(c, 405, 'Method not allowed', 'Allowed: GET, HEAD.', {}, { allow: 'GET, HEAD' }));
  }
}

async function send(c: Context<AppEnv>, file: Rendered | undefined | Promise<Rendered | undefined>, missing?: string): Promise<Response> {
  const r = await file;
  if (!r) return problemResponse(c, 404, 'Not found', missing ?? `Nothing at ${c.req.path}.`);
  return sendRendered(c, r, SITEMAP_CACHE);
}

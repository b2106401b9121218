import { randomUUID } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { cdnHeaders, mediaKeys, SITE_KEYS, SITEMAP_KEYS } from '../cdn/keys.js';
import { CdnPurger } from '../cdn/purge.js';
import { languageFileUrl } from '../i18n/urls.js';
import { createSitePublisher } from '../publish/site.js';
import { SitemapPublisher } from '../publish/sitemaps.js';
import { WebSubNotifier } from '../publish/websub.js';
import { ChangeWaits } from '../partners/long-poll.js';
import { WebhookDeliverer } from '../webhooks/deliverer.js';
import { MAX_BODY_BYTES, type AppDeps, type Services } from './deps.js';
import { handleError } from './errors.js';
import { createJsonLog } from './log.js';
import { registerEditorRoutes } from './routes/editor.js';
import { registerMediaRoutes } from './routes/media.js';
import { registerOpenApiRoute } from './routes/openapi.js';
import { registerPartnerRoutes, type PartnerRequest } from './routes/partner.js';
import { registerPublicRoutes, notFoundPage } from './routes/public.js';
import { registerSiteFileRoutes } from './routes/site-files.js';

export type AppEnv = { Variables: { requestId: string; partner?: string; /** The editor whose token the request carried (the editors' API). */ editor?: string; /** The response already carries x-request-id. */ requestIdSent?: boolean; /** The partner asking and its quota headers (src/http/routes/partner.ts). */ partnerRequest?: PartnerRequest } };

/**
 * Builds the service. Language routes are static paths per registry tag (`/en/rss.xml`), so
 * `/api/...` can never be read as a language, and every route suits Hono's RegExpRouter (one
 * regular expression for all; static paths from a table), which a test keeps so.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> & { services: Services } {
  const log = deps.log ?? createJsonLog().log;
  const hubs = deps.websubHubs ?? [];
  // WebSub: the hubs hear of every feed whose bytes changed, after it is published.
  const websub = hubs.length > 0 ? new WebSubNotifier({ hubs, log }) : undefined;
  // Partners' webhooks: every change each may see, pushed from the store's outbox (started by `serve`).
  const webhooks = deps.partners?.some((p) => p.webhook)
    ? new WebhookDeliverer({ store: deps.store, partners: deps.partners, languages: deps.languages.tags, baseUrl: deps.baseUrl, clock: deps.clock, log, ...(deps.webhookTiming ? { timing: deps.webhookTiming } : {}) })
    : undefined;
  // robots.txt, the favicon and the sitemaps: published on change, like the feeds.
  const sitemaps = new SitemapPublisher(deps);
  const services: Services = {
    ...deps,
    log,
    maxBodyBytes: deps.maxBodyBytes ?? MAX_BODY_BYTES,
    localize: { languages: deps.languages, translator: deps.translator, baseUrl: deps.baseUrl, hubs },
    publisher: createSitePublisher({
      ...deps,
      ...(websub
        ? {
            onFeedsChanged: (language, ids) => websub.notify(ids.map((id) => languageFileUrl(deps.baseUrl, language, id))),
            onTopicFeedsChanged: (urls) => websub.notify(urls),
          }
        : {}),
    }),
    ...(websub ? { websub } : {}),
    ...(webhooks ? { webhooks } : {}),
    changeWaits: new ChangeWaits(deps.store),
    sitemaps,
  };
  // After the publisher: it marks its outputs stale before the purge of the same change is sent.
  if (deps.purge) services.purger = new CdnPurger({ settings: deps.purge, store: deps.store, log, ...(deps.purgeTiming ? { timing: deps.purgeTiming } : {}) });
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID().slice(0, 8);
    c.set('requestId', requestId);
    await next();
    // Published bytes carry it in their own plain header record (sendRendered): the fast path of
    // @hono/node-server, which a Headers object (c.header) would leave. Anything else gets it here.
    if (!c.get('requestIdSent')) c.res.headers.set('x-request-id', requestId);
    // One record per request: never headers or bodies, so no secret can reach the log; the path as
    // sent (still percent-encoded), and JSON-escaped, so a crafted path cannot forge a record.
    log({ level: 'info', msg: 'request', req: requestId, method: c.req.method, path: rawPath(c.req.url), status: c.res.status, ms: Math.round((performance.now() - started) * 100) / 100, partner: c.get('partner'), editor: c.get('editor') });
  });

  // Surrogate keys on the public files whose routes are not the publisher's (pictures, sitemaps, robots.txt, favicon).
  app.use('/media/*', cdnKeysByPath);
  app.use('/sitemap*', cdnKeysByPath);
  app.use('/news-sitemap.xml', cdnKeysByPath);
  app.use('/robots.txt', cdnKeysByPath);
  app.use('/favicon.ico', cdnKeysByPath);

  registerEditorRoutes(app, services);
  registerPartnerRoutes(app, services);
  registerMediaRoutes(app, services);
  registerSiteFileRoutes(app, sitemaps);
  registerOpenApiRoute(app, services);
  registerPublicRoutes(app, services);

  app.notFound((c) => notFoundPage(c, services));
  app.onError((error, c) => handleError(error, c, log, services));
  return Object.assign(app, { services });
}

const SITEMAP_HEADERS = cdnHeaders(SITEMAP_KEYS);
const SITE_HEADERS = cdnHeaders(SITE_KEYS);

/** Adds the surrogate keys of a public file to its 200 or 304 (src/cdn/keys.ts); errors carry none. */
const cdnKeysByPath: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return;
  if (c.res.status !== 200 && c.res.status !== 304) return;
  const path = c.req.path;
  const headers = path.startsWith('/media/') ? cdnHeaders(mediaKeys(path.slice('/media/'.length))) : path === '/robots.txt' || path === '/favicon.ico' ? SITE_HEADERS : SITEMAP_HEADERS;
  for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
};

/** The path of a request URL as the client sent it, without decoding. */
function rawPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const query = url.indexOf('?', start);
  return start < 0 ? '/' : url.slice(start, query < 0 ? undefined : query);
}

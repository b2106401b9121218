import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createSitePublisher } from '../publish/site.js';
import { MAX_BODY_BYTES, type AppDeps, type Services } from './deps.js';
import { handleError } from './errors.js';
import { registerEditorRoutes } from './routes/editor.js';
import { registerMediaRoutes } from './routes/media.js';
import { registerPartnerRoutes } from './routes/partner.js';
import { registerPublicRoutes, notFoundPage } from './routes/public.js';

export type AppEnv = { Variables: { requestId: string; partner?: string } };

/**
 * Builds the service. API and partner routes are registered before the public `/:lang` routes,
 * whose `lang` is constrained to the registry's tags, so `/api/...` can never be read as a language.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const log = deps.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const services: Services = {
    ...deps,
    log,
    maxBodyBytes: deps.maxBodyBytes ?? MAX_BODY_BYTES,
    localize: { languages: deps.languages, translator: deps.translator, baseUrl: deps.baseUrl },
    publisher: createSitePublisher(deps),
  };
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID().slice(0, 8);
    c.set('requestId', requestId);
    await next();
    c.header('x-request-id', requestId);
    const partner = c.get('partner');
    // One line per request: never headers or bodies, so no secret can reach the log; the path as
    // sent (still percent-encoded), so a crafted path cannot start a line of its own.
    const path = new URL(c.req.url).pathname;
    log(`${new Date().toISOString()} ${requestId} ${c.req.method} ${path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms${partner ? ` partner=${partner}` : ''}`);
  });

  registerEditorRoutes(app, services);
  registerPartnerRoutes(app, services);
  registerMediaRoutes(app, services);
  registerPublicRoutes(app, services);

  app.notFound((c) => notFoundPage(c, services));
  app.onError((error, c) => handleError(error, c, log, deps.languages));
  return app;
}

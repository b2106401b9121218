import type { Context, Hono, MiddlewareHandler } from 'hono';
import { changesFormat } from '../../formats/changes.js';
import { PARTNER_MESSAGE, PARTNER_NINJS } from '../../publish/publisher.js';
import type { Deferred, Missing } from '../../publish/stories.js';
import type { AppEnv } from '../app.js';
import { bearerToken, findPartner } from '../auth.js';
import type { Services } from '../deps.js';
import { problemResponse } from '../problem.js';
import { sendRendered } from '../send.js';

/** Partner responses are for one partner only; they revalidate every time (a 304 is cheap). */
const PARTNER_CACHE = 'private, no-cache';
const CHANGES_PAGE = 100;

/** `/newsml/...` (NewsML-G2) and `/ninjs/...` (ninjs 3.1) for wire partners, by API key only. */
export function registerPartnerRoutes(app: Hono<AppEnv>, s: Services): void {
  const requirePartner: MiddlewareHandler<AppEnv> = async (c, next) => {
    const partner = findPartner(s.partnerKeys, bearerToken(c.req.header('authorization')));
    if (!partner) {
      return problemResponse(c, 401, 'Unauthorized', 'A partner API key is required: Authorization: Bearer KEY.', {}, { 'www-authenticate': 'Bearer realm="rojname partners"' });
    }
    c.set('partner', partner);
    await next();
  };
  app.use('/newsml/*', requirePartner);
  app.use('/ninjs/*', requirePartner);

  for (const language of s.languages.tags) {
    app.get(`/newsml/${language}/latest.xml`, async (c) => {
      const message = await s.publisher.getPartner(language, PARTNER_MESSAGE);
      if (!message) return problemResponse(c, 404, 'Not found', `no ${language} items yet`);
      return sendRendered(c, message, PARTNER_CACHE);
    });
  }

  app.get('/newsml/items/:id/:file{[^/]+\\.xml}', async (c) => {
    const id = c.req.param('id')!;
    const language = c.req.param('file')!.slice(0, -4);
    if (!s.languages.has(language)) return unknownLanguage(c, s, language);
    const itemVersion = parseItemVersion(c);
    if (itemVersion instanceof Response) return itemVersion;
    return sendStory(c, await s.publisher.stories.newsItem(id, language, itemVersion));
  });

  app.get('/newsml/packages/:file{[^/]+\\.xml}', async (c) => sendStory(c, await s.publisher.stories.packageItem(c.req.param('file')!.slice(0, -4))));

  // ninjs 3.1: the newsMessage's items as `{"items": [...]}`, published with it; one item at any version.
  // Static paths per language, as for latest.xml (RegExpRouter; an unknown language is the 404 that lists them).
  for (const language of s.languages.tags) {
    app.get(`/ninjs/${language}/latest.json`, async (c) => {
      const latest = await s.publisher.getPartner(language, PARTNER_NINJS);
      if (!latest) return problemResponse(c, 404, 'Not found', `no ${language} items yet`);
      return sendRendered(c, latest, PARTNER_CACHE);
    });
  }

  app.get('/ninjs/items/:id/:file{[^/]+\\.json}', async (c) => {
    const id = c.req.param('id');
    const language = c.req.param('file').slice(0, -5);
    if (!s.languages.has(language)) return unknownLanguage(c, s, language);
    const itemVersion = parseItemVersion(c);
    if (itemVersion instanceof Response) return itemVersion;
    return sendStory(c, await s.publisher.stories.ninjsItem(id, language, itemVersion));
  });

  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '/ninjs/*', (c) => problemResponse(c, 405, 'Method not allowed', 'Allowed: GET, HEAD.', {}, { allow: 'GET, HEAD' }));

  app.get('/newsml/changes', async (c) => {
    const since = c.req.query('since') ?? '0';
    // Cursors are opaque: a partner keeps the `nextCursor` it was given and never computes one. One
    // that is malformed, or newer than the newest change, would silently skip changes: refused.
    const badCursor = async (why: string) => {
      const newestCursor = String(await s.store.headSeq());
      return problemResponse(c, 400, 'Bad cursor', `"${since}" ${why}; the newest cursor is "${newestCursor}"`, {
        errors: [{ pointer: '?since', message: 'must be a cursor returned as nextCursor' }],
        newestCursor,
      });
    };
    if (!/^(0|[1-9]\d{0,14})$/.test(since)) return badCursor('is not a cursor from this feed');
    const rows = await s.store.changes(Number(since), CHANGES_PAGE + 1);
    if (rows.length === 0 && Number(since) > (await s.store.headSeq())) return badCursor('is newer than the newest change');
    const body = changesFormat.render({ baseUrl: s.baseUrl, changes: rows.slice(0, CHANGES_PAGE), since, hasMore: rows.length > CHANGES_PAGE });
    return c.body(body, 200, { 'content-type': `${changesFormat.mediaType}; charset=utf-8`, 'cache-control': PARTNER_CACHE });
  });
}

function sendStory(c: Context, doc: Deferred | Missing): Response | Promise<Response> {
  if ('missing' in doc) return problemResponse(c, 404, 'Not found', doc.detail);
  return sendRendered(c, doc, PARTNER_CACHE);
}

/** `?version=N`: a positive integer, absent for the latest; a 400 problem otherwise. */
function parseItemVersion(c: Context): number | undefined | Response {
  const param = c.req.query('version');
  if (param === undefined) return undefined;
  const itemVersion = Number(param);
  if (Number.isInteger(itemVersion) && itemVersion >= 1) return itemVersion;
  return problemResponse(c, 400, 'Bad version', 'version must be a positive integer', { errors: [{ pointer: '?version', message: 'must be a positive integer' }] });
}

function unknownLanguage(c: Context, s: Services, language: string): Response {
  return problemResponse(c, 404, 'Not found', `Unknown language "${language}". Supported: ${s.languages.tags.join(', ')}.`, { supportedLanguages: s.languages.tags });
}

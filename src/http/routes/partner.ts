import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { changesFormat } from '../../formats/changes.js';
import { NEWSML_FORMATS } from '../../formats/registry.js';
import { localizeItem } from '../../i18n/localize.js';
import { localizePackage } from '../../publish/package.js';
import { FEED_SIZE } from '../../publish/publisher.js';
import { makeRendered } from '../../publish/rendered.js';
import type { AppEnv } from '../app.js';
import { bearerToken, findPartner } from '../auth.js';
import type { Services } from '../deps.js';
import { problemResponse } from '../problem.js';
import { sendRendered } from '../send.js';
import { langParam } from './public.js';

/** Partner responses are for one partner only; they revalidate every time (a 304 is cheap). */
const PARTNER_CACHE = 'private, no-cache';
const CHANGES_PAGE = 100;

/** `/newsml/...`: NewsML-G2 for wire partners, by API key only. */
export function registerPartnerRoutes(app: Hono<AppEnv>, s: Services): void {
  app.use('/newsml/*', async (c, next) => {
    const partner = findPartner(s.partnerKeys, bearerToken(c.req.header('authorization')));
    if (!partner) {
      return problemResponse(c, 401, 'Unauthorized', 'A partner API key is required: Authorization: Bearer KEY.', {}, { 'www-authenticate': 'Bearer realm="rojname partners"' });
    }
    c.set('partner', partner);
    await next();
  });

  app.get(`/newsml/${langParam(s)}/latest.xml`, async (c) => {
    const language = c.req.param('lang')!;
    const now = s.clock();
    const stories = await s.store.listLatest({ language, limit: FEED_SIZE, now, includeEmbargoed: true });
    const items = stories.map((v) => localizeItem(v, s.localize));
    const xml = NEWSML_FORMATS.message.render({ sent: now.toISOString(), transmitId: `${language}-${now.getTime()}`, items });
    // `sent` changes on every call, so the validator names the items, not the bytes.
    const tag = createHash('sha256').update(items.map((i) => `${i.newsmlGuid}@${i.itemVersion}`).join('\n')).digest('base64url').slice(0, 27);
    const lastChange = await s.store.lastChange(language);
    return sendRendered(c, makeRendered(xml, `${NEWSML_FORMATS.message.mediaType}; charset=utf-8`, language, new Date(lastChange ? lastChange.at : 0), `"${tag}"`), PARTNER_CACHE);
  });

  app.get('/newsml/items/:id/:file{[^/]+\\.xml}', async (c) => {
    const id = c.req.param('id')!;
    const language = c.req.param('file')!.slice(0, -4);
    if (!s.languages.has(language)) return unknownLanguage(c, s, language);
    const versionParam = c.req.query('version');
    let itemVersion: number | undefined;
    if (versionParam !== undefined) {
      itemVersion = Number(versionParam);
      if (!Number.isInteger(itemVersion) || itemVersion < 1) {
        return problemResponse(c, 400, 'Bad version', 'version must be a positive integer', { errors: [{ pointer: '?version', message: 'must be a positive integer' }] });
      }
    }
    const version = await s.store.getStoryVersion(id, language, itemVersion);
    if (!version || !version.article.localizations[language]) {
      return problemResponse(c, 404, 'Not found', itemVersion ? `story "${id}" has no ${language} version ${itemVersion}` : `story "${id}" has no ${language} version`);
    }
    const xml = NEWSML_FORMATS.item.render(localizeItem(version, s.localize));
    return sendRendered(c, makeRendered(xml, `${NEWSML_FORMATS.item.mediaType}; charset=utf-8`, language, new Date(version.changedAt)), PARTNER_CACHE);
  });

  app.get('/newsml/packages/:file{[^/]+\\.xml}', async (c) => {
    const id = c.req.param('file')!.slice(0, -4);
    const article = await s.store.get(id);
    if (!article) return problemResponse(c, 404, 'Not found', `no story "${id}"`);
    const xml = NEWSML_FORMATS.package.render(localizePackage(article, await s.store.languageStates(id), s.localize));
    return sendRendered(c, makeRendered(xml, `${NEWSML_FORMATS.package.mediaType}; charset=utf-8`, undefined, new Date(article.versionCreated)), PARTNER_CACHE);
  });

  app.get('/newsml/changes', async (c) => {
    const since = c.req.query('since') ?? '0';
    if (!/^\d{1,15}$/.test(since)) {
      return problemResponse(c, 400, 'Bad cursor', `"${since}" is not a cursor from this feed`, { errors: [{ pointer: '?since', message: 'must be a cursor returned as nextCursor' }] });
    }
    const rows = await s.store.changes(Number(since), CHANGES_PAGE + 1);
    const body = changesFormat.render({ baseUrl: s.baseUrl, changes: rows.slice(0, CHANGES_PAGE), since, hasMore: rows.length > CHANGES_PAGE });
    return c.body(body, 200, { 'content-type': `${changesFormat.mediaType}; charset=utf-8`, 'cache-control': PARTNER_CACHE });
  });
}

function unknownLanguage(c: Context, s: Services, language: string): Response {
  return problemResponse(c, 404, 'Not found', `Unknown language "${language}". Supported: ${s.languages.tags.join(', ')}.`, { supportedLanguages: s.languages.tags });
}

import type { IncomingMessage } from 'node:http';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { changesFormat } from '../../formats/changes.js';
import { WAITS_PER_PARTNER } from '../../partners/long-poll.js';
import { changeViewOf, PartnerDirectory, partnersFromKeys, type Partner } from '../../partners/partner.js';
import { rateLimitHeaders, RequestQuota } from '../../partners/quota.js';
import { PARTNER_MESSAGE, PARTNER_NINJS } from '../../publish/publisher.js';
import type { Deferred, Missing } from '../../publish/stories.js';
import type { ChangeFilter } from '../../store/store.js';
import type { AppEnv } from '../app.js';
import { bearerToken } from '../auth.js';
import type { Services } from '../deps.js';
import { problemResponse } from '../problem.js';
import { sendRendered } from '../send.js';

/** Partner responses are for one partner only; they revalidate every time (a 304 is cheap). */
const PARTNER_CACHE = 'private, no-cache';
const CHANGES_PAGE = 100;
/** The longest a long-poll of the change feed may wait (`?wait=`), in seconds. */
const MOST_WAIT_SECONDS = 30;

/** Who is asking, and the quota headers every response to them carries. */
export interface PartnerRequest {
  partner: Partner;
  headers: Record<string, string>;
}

/**
 * `/newsml/...` (NewsML-G2) and `/ninjs/...` (ninjs 3.1) for wire partners, by API key only. Each
 * partner sees only its languages (any other is answered as unknown) and, unless it is entitled to
 * embargoed items, no item before its embargo lifts; every request counts against its quota.
 */
export function registerPartnerRoutes(app: Hono<AppEnv>, s: Services): void {
  const directory = new PartnerDirectory([...(s.partners ?? []), ...partnersFromKeys(s.partnerKeys, s.languages.tags)]);
  const quota = new RequestQuota({ clock: s.clock, store: s.store, ...(s.quotaSyncIntervalMs ? { syncIntervalMs: s.quotaSyncIntervalMs } : {}) });
  // Set by requirePartner, which every partner route runs behind.
  const who = (c: Context<AppEnv>): PartnerRequest => c.get('partnerRequest')!;

  const requirePartner: MiddlewareHandler<AppEnv> = async (c, next) => {
    const partner = directory.find(bearerToken(c.req.header('authorization')));
    if (!partner) {
      return problemResponse(c, 401, 'Unauthorized', 'A partner API key is required: Authorization: Bearer KEY.', {}, { 'www-authenticate': 'Bearer realm="rojname partners"' });
    }
    c.set('partner', partner.name);
    const decision = quota.take(partner.name, partner.requestsPerMinute);
    const headers = rateLimitHeaders(decision);
    if (!decision.allowed) {
      const detail = `The quota of ${decision.limit} requests a minute is used up; the next window starts in ${decision.resetSeconds} s.`;
      return problemResponse(c, 429, 'Too many requests', detail, { requestsPerMinute: decision.limit }, { ...headers, 'retry-after': String(decision.resetSeconds) });
    }
    // `/{tag}/latest.*` of a language the partner does not have (or nobody has): as if it did not exist.
    const latest = /^\/(?:newsml\/([^/]+)\/latest\.xml|ninjs\/([^/]+)\/latest\.json)$/.exec(c.req.path);
    const tag = latest?.[1] ?? latest?.[2];
    if (tag !== undefined && !partner.languages.includes(tag)) return withHeaders(unknownLanguage(c, partner, tag), headers);
    c.set('partnerRequest', { partner, headers });
    await next();
    // Responses built without them (a 404 of no route, a 405) get them here; published bytes carry them
    // already (sendRendered, which every partner route passes them to, marks its responses), and their
    // plain header record is left as it is: reading `c.res.headers` would turn it into a Headers object.
    if (!c.get('requestIdSent')) withHeaders(c.res, headers);
  };
  app.use('/newsml/*', requirePartner);
  app.use('/ninjs/*', requirePartner);

  app.get('/newsml/account', async (c) => {
    const { partner, headers } = who(c);
    // From the store, so every replica tells the same; no row yet: no `serve` has delivered to it.
    const state = partner.webhook ? await s.store.webhooks.state(partner.name, changeViewOf(partner, s.languages.tags)) : undefined;
    const body = {
      name: partner.name,
      languages: partner.languages,
      embargoed: partner.embargoed,
      requestsPerMinute: partner.requestsPerMinute,
      webhook: partner.webhook
        ? { url: partner.webhook.url, pending: state?.pending ?? 0, lastDelivery: state?.lastAttemptAt ?? null, lastStatus: state?.lastStatus ?? null, failures: state?.failures ?? 0 }
        : null,
    };
    return c.body(`${JSON.stringify(body, null, 2)}\n`, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-store', ...headers });
  });

  for (const language of s.languages.tags) {
    app.get(`/newsml/${language}/latest.xml`, async (c) => {
      const { partner, headers } = who(c);
      const message = await s.publisher.getPartner(language, PARTNER_MESSAGE, partner.embargoed);
      if (!message) return problemResponse(c, 404, 'Not found', `no ${language} items yet`, {}, headers);
      return sendRendered(c, message, PARTNER_CACHE, headers);
    });
  }

  app.get('/newsml/items/:id/:file{[^/]+\\.xml}', async (c) => {
    const { partner, headers } = who(c);
    const id = c.req.param('id')!;
    const language = c.req.param('file')!.slice(0, -4);
    if (!partner.languages.includes(language)) return unknownLanguage(c, partner, language, headers);
    const itemVersion = parseItemVersion(c, headers);
    if (itemVersion instanceof Response) return itemVersion;
    return sendStory(c, await s.publisher.stories.newsItem(id, language, itemVersion, partner.embargoed), headers);
  });

  app.get('/newsml/packages/:file{[^/]+\\.xml}', async (c) => {
    const { partner, headers } = who(c);
    return sendStory(c, await s.publisher.stories.packageItem(c.req.param('file')!.slice(0, -4), partner), headers);
  });

  // ninjs 3.1: the newsMessage's items as `{"items": [...]}`, published with it; one item at any version.
  // Static paths per language, as for latest.xml (RegExpRouter; an unknown language is the 404 that lists them).
  for (const language of s.languages.tags) {
    app.get(`/ninjs/${language}/latest.json`, async (c) => {
      const { partner, headers } = who(c);
      const latest = await s.publisher.getPartner(language, PARTNER_NINJS, partner.embargoed);
      if (!latest) return problemResponse(c, 404, 'Not found', `no ${language} items yet`, {}, headers);
      return sendRendered(c, latest, PARTNER_CACHE, headers);
    });
  }

  app.get('/ninjs/items/:id/:file{[^/]+\\.json}', async (c) => {
    const { partner, headers } = who(c);
    const id = c.req.param('id');
    const language = c.req.param('file').slice(0, -5);
    if (!partner.languages.includes(language)) return unknownLanguage(c, partner, language, headers);
    const itemVersion = parseItemVersion(c, headers);
    if (itemVersion instanceof Response) return itemVersion;
    return sendStory(c, await s.publisher.stories.ninjsItem(id, language, itemVersion, partner.embargoed), headers);
  });

  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '/ninjs/*', (c) => problemResponse(c, 405, 'Method not allowed', 'Allowed: GET, HEAD.', {}, { allow: 'GET, HEAD' }));

  app.get('/newsml/changes', async (c) => {
    const { partner, headers } = who(c);
    const since = c.req.query('since') ?? '0';
    const waitParam = c.req.query('wait');
    const wait = waitParam === undefined ? undefined : parseWait(waitParam);
    if (wait === null) {
      const detail = `wait must be a whole number of seconds from 1 to ${MOST_WAIT_SECONDS}, not "${waitParam}"`;
      return problemResponse(c, 400, 'Bad wait', detail, { errors: [{ pointer: '?wait', message: `must be a whole number of seconds from 1 to ${MOST_WAIT_SECONDS}` }] }, headers);
    }
    // The head is read first and the page read up to it, so the page and its cursor agree.
    const head = await s.store.headSeq();
    // Cursors are opaque: a partner keeps the `nextCursor` it was given and never computes one. One
    // that is malformed, or newer than the newest change, would silently skip changes: refused.
    const badCursor = (why: string) =>
      problemResponse(c, 400, 'Bad cursor', `"${since}" ${why}; the newest cursor is "${head}"`, { errors: [{ pointer: '?since', message: 'must be a cursor returned as nextCursor' }], newestCursor: String(head) }, headers);
    if (!/^(0|[1-9]\d{0,14})$/.test(since)) return badCursor('is not a cursor from this feed');
    if (Number(since) > head) return badCursor('is newer than the newest change');
    // The partner's own view: its languages, and (unless it sees embargoed items) each lift in
    // place of the changes made under embargo. An entry it does not see now it never sees (the
    // view does not depend on the clock; lifts are appended), so the cursor may pass it.
    const view = changeViewOf(partner, s.languages.tags);
    const read = async (upTo: number) => ({ upTo, rows: await s.store.changes(Number(since), CHANGES_PAGE + 1, { ...view, upTo } satisfies ChangeFilter) });
    let page = await read(head);
    if (wait !== undefined && page.rows.length === 0) {
      // Long-poll: wait for a change this partner may see, or `wait` seconds.
      const deadline = Date.now() + wait * 1000;
      const slot = s.changeWaits.take(partner.name, deadline);
      if ('retryAfterSeconds' in slot) {
        const detail = `${WAITS_PER_PARTNER} requests of this partner are waiting already; the first of them is answered within ${slot.retryAfterSeconds} s.`;
        return problemResponse(c, 429, 'Too many waiting requests', detail, { waitingLimit: WAITS_PER_PARTNER }, { ...headers, 'retry-after': String(slot.retryAfterSeconds) });
      }
      const restoreTimeout = holdSocket(c, wait);
      try {
        // Read again now that the slot watches: a commit since the first read is not missed.
        page = await read(await s.store.headSeq());
        // A client that goes away aborts the request's signal: the wait ends and the slot frees.
        while (page.rows.length === 0 && (await slot.changed(deadline, c.req.raw.signal))) page = await read(await s.store.headSeq());
      } finally {
        slot.release();
        restoreTimeout();
      }
    }
    const { rows, upTo } = page;
    const body = changesFormat.render({ baseUrl: s.baseUrl, changes: rows.slice(0, CHANGES_PAGE), since, hasMore: rows.length > CHANGES_PAGE, through: String(upTo) });
    return c.body(body, 200, { 'content-type': `${changesFormat.mediaType}; charset=utf-8`, 'cache-control': PARTNER_CACHE, ...headers });
  });
}

function sendStory(c: Context, doc: Deferred | Missing, headers: Record<string, string>): Response | Promise<Response> {
  if ('missing' in doc) return problemResponse(c, 404, 'Not found', doc.detail, {}, headers);
  return sendRendered(c, doc, PARTNER_CACHE, headers);
}

/** `?wait=S`: whole seconds from 1 to 30; null for anything else. */
function parseWait(value: string): number | null {
  if (!/^[1-9]\d?$/.test(value)) return null;
  const seconds = Number(value);
  return seconds <= MOST_WAIT_SECONDS ? seconds : null;
}

/**
 * A long-poll is silent for up to `wait` seconds, longer than the server lets a connection idle
 * (src/http/server.ts): its socket gets the wait and some more, and its own timeout back after.
 * Only where the node server hands over the socket (`c.env.incoming`).
 */
function holdSocket(c: Context, waitSeconds: number): () => void {
  const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket;
  if (!socket) return () => {};
  const before = socket.timeout ?? 0;
  socket.setTimeout(Math.max(before, (waitSeconds + 5) * 1000));
  return () => void socket.setTimeout(before);
}

/** `?version=N`: a positive integer, absent for the latest; a 400 problem otherwise. */
function parseItemVersion(c: Context, headers: Record<string, string>): number | undefined | Response {
  const param = c.req.query('version');
  if (param === undefined) return undefined;
  const itemVersion = Number(param);
  if (Number.isInteger(itemVersion) && itemVersion >= 1) return itemVersion;
  return problemResponse(c, 400, 'Bad version', 'version must be a positive integer', { errors: [{ pointer: '?version', message: 'must be a positive integer' }] }, headers);
}

/** A language the registry lacks and one the partner is not entitled to are answered alike, naming only the partner's. */
function unknownLanguage(c: Context, partner: Partner, language: string, headers: Record<string, string> = {}): Response {
  return problemResponse(c, 404, 'Not found', `Unknown language "${language}". Supported: ${partner.languages.join(', ')}.`, { supportedLanguages: partner.languages }, headers);
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
}

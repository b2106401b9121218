import type { Context } from 'hono';
import type { Deferred, Rendered } from '../publish/rendered.js';

type Encoding = 'br' | 'gzip' | 'identity';

/**
 * Answers with a published body: HEAD, 304 on a matching `If-None-Match` (or, without one,
 * `If-Modified-Since`), decided from the validators alone, before a deferred body is rendered;
 * brotli or gzip bytes compressed once at publish time (per-story documents: when first rendered),
 * never per request.
 */
export function sendRendered(c: Context, r: Rendered | Deferred, cacheControl: string, extraHeaders?: Record<string, string>): Response {
  const accept = c.req.header('accept-encoding');
  const now = Date.now();
  if (notModified(c, r, now)) {
    // RFC 9110 §15.4.5: a 304 carries the validators and caching headers the 200 would have.
    const encoding = 'render' in r ? chooseEncoding(accept) : pickEncoding(accept, r);
    return plainResponse(null, 304, headersFor(c, r, encoding, cacheControl, now, extraHeaders));
  }
  const full = 'render' in r ? r.render() : r;
  return respond(c, full, pickEncoding(accept, full), cacheControl, now, extraHeaders);
}

/** Answers `status` with a published error page (never a 304: an error has no validators to match). */
export function sendErrorPage(c: Context, r: Rendered, status: 404 | 410 | 500, cacheControl: string): Response {
  return respond(c, r, pickEncoding(c.req.header('accept-encoding'), r), cacheControl, Date.now(), undefined, status);
}

function respond(c: Context, r: Rendered, encoding: Encoding, cacheControl: string, now: number, extraHeaders?: Record<string, string>, status: 200 | 404 | 410 | 500 = 200): Response {
  const headers = headersFor(c, r, encoding, cacheControl, now, extraHeaders);
  const body = encoding === 'br' ? r.br! : encoding === 'gzip' ? r.gzip! : r.body;
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  if (c.req.method === 'HEAD') return plainResponse(null, status, headers);
  // Node Buffers are Uint8Arrays over a plain ArrayBuffer: sent as they are, without a copy.
  return plainResponse(body as Uint8Array<ArrayBuffer>, status, headers);
}

/**
 * A Response over a plain header record, made directly rather than through `c.body`: Hono's
 * `c.body` copies more than one header into a `Headers` object (each name and value validated,
 * then sorted again when written), while @hono/node-server writes a plain record straight to the
 * socket. Nothing reads these headers before they are sent but the request-id middleware, which
 * `requestIdSent` tells to leave them alone.
 */
function plainResponse(body: Uint8Array<ArrayBuffer> | null, status: number, headers: Record<string, string>): Response {
  return new Response(body, { status, headers });
}

function headersFor(c: Context, r: Rendered | Deferred, encoding: Encoding, cacheControl: string, now: number, extraHeaders?: Record<string, string>): Record<string, string> {
  c.set('requestIdSent', true);
  return {
    'content-type': r.contentType,
    ...(r.contentLanguage ? { 'content-language': r.contentLanguage } : {}),
    'cache-control': cacheControl,
    vary: 'Accept-Encoding',
    etag: encoding === 'identity' ? r.etag : `${r.etag.slice(0, -1)}-${encoding}${'compression' in r && r.compression === 'fast' ? '.1' : ''}"`,
    'last-modified': lastModifiedHeader(r, now),
    'x-request-id': c.get('requestId') as string,
    ...extraHeaders,
  };
}

/** RFC 9110 §8.8.2.1: Last-Modified is never later than the response's Date. */
function lastModifiedHeader(r: Rendered | Deferred, now: number): string {
  const ms = r.lastModified.getTime();
  if (ms > now) return new Date(now).toUTCString();
  const cached = httpDates.get(r.lastModified);
  if (cached) return cached;
  const text = r.lastModified.toUTCString();
  httpDates.set(r.lastModified, text);
  return text;
}

/** HTTP-date of each published Last-Modified, written once. */
const httpDates = new WeakMap<Date, string>();

function notModified(c: Context, r: Rendered | Deferred, now: number): boolean {
  const inm = c.req.header('if-none-match');
  if (inm !== undefined) return etagMatches(inm, r.etag);
  const ims = c.req.header('if-modified-since');
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds.
  return !Number.isNaN(since) && Math.floor(Math.min(r.lastModified.getTime(), now) / 1000) * 1000 <= since;
}

/** `Accept-Encoding` values seen, and the encoding each picks: clients send a handful of distinct ones. */
const chosen = new Map<string, Encoding>();
const MAX_CHOSEN = 256;

/** The encoding a client prefers among ours, whether or not the bytes exist yet. */
function chooseEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  let encoding = chosen.get(header);
  if (encoding === undefined) {
    encoding = parseAcceptEncoding(header);
    // Bounded: arbitrary values cannot grow it past MAX_CHOSEN.
    if (chosen.size >= MAX_CHOSEN) chosen.clear();
    chosen.set(header, encoding);
  }
  return encoding;
}

function parseAcceptEncoding(header: string): Encoding {
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name!, qParam ? Number(qParam.slice(2)) : 1);
  }
  const weight = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/** Picks brotli, then gzip, by the client's `Accept-Encoding` q-values, among the bytes there are. */
function pickEncoding(header: string | undefined, r: Rendered): Encoding {
  if (!r.gzip || !r.br) return 'identity';
  return chooseEncoding(header);
}

/**
 * `If-None-Match` against a quoted entity tag: weak comparison (RFC 9110 §13.1.2), also matching
 * our per-encoding variants (`"tag-br"`) of the same representation.
 */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  // The usual case, a client sending back the tag it was given: no parsing.
  if (ifNoneMatch === etag) return true;
  const base = etag.slice(1, -1);
  for (const tag of ifNoneMatch.split(',')) {
    let t = tag.trim();
    if (t.startsWith('W/')) t = t.slice(2);
    if (t.startsWith('"')) t = t.slice(1);
    if (t.endsWith('"')) t = t.slice(0, -1);
    if (t === '*' || t === base || t.startsWith(`${base}-`)) return true;
  }
  return false;
}

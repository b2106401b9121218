import type { Context } from 'hono';
import type { Rendered } from '../publish/rendered.js';

/**
 * Answers with a published body: HEAD, 304 on a matching `If-None-Match` (or, without one,
 * `If-Modified-Since`), and brotli or gzip bytes compressed at publish time, never per request.
 */
export function sendRendered(c: Context, r: Rendered, cacheControl: string): Response {
  const encoding = pickEncoding(c.req.header('accept-encoding'), r);
  const etag = encoding === 'identity' ? r.etag : `${r.etag.slice(0, -1)}-${encoding}"`;
  const headers: Record<string, string> = {
    'content-type': r.contentType,
    ...(r.contentLanguage ? { 'content-language': r.contentLanguage } : {}),
    'cache-control': cacheControl,
    vary: 'Accept-Encoding',
    etag,
    'last-modified': r.lastModified.toUTCString(),
  };
  if (notModified(c, r)) return c.body(null, 304, headers);
  const body = encoding === 'br' ? r.br! : encoding === 'gzip' ? r.gzip! : r.body;
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  // Node Buffers are Uint8Arrays over a plain ArrayBuffer: sent as they are, without a copy.
  return c.body(body as Uint8Array<ArrayBuffer>, 200, headers);
}

function notModified(c: Context, r: Rendered): boolean {
  const inm = c.req.header('if-none-match');
  if (inm !== undefined) return etagMatches(inm, r.etag);
  const ims = c.req.header('if-modified-since');
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds.
  return !Number.isNaN(since) && Math.floor(r.lastModified.getTime() / 1000) * 1000 <= since;
}

/** Picks brotli, then gzip, by the client's `Accept-Encoding` q-values. */
function pickEncoding(header: string | undefined, r: Rendered): 'br' | 'gzip' | 'identity' {
  if (!header || !r.gzip || !r.br) return 'identity';
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

/**
 * `If-None-Match` against a quoted entity tag: weak comparison (RFC 9110 §13.1.2), also matching
 * our per-encoding variants (`"tag-br"`) of the same representation.
 */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const base = etag.slice(1, -1);
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return t === '*' || t === base || t.startsWith(`${base}-`);
  });
}

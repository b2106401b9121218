import { describe, expect, it } from 'vitest';
import { ADMIN, admin, makeHarness, newStory, PARTNER_KEY, partner, SAMPLE_ID } from '../http/harness.js';
import { dumpStore } from './helpers.js';

/**
 * Issue 8, item 2, in process: hostile requests to every route each get the right 4xx, as
 * problem+json on API, partner and feed routes and as HTML on pages; afterwards the stories and
 * the change log are exactly as they were, and the service still answers. (What only a socket can
 * send, and slow clients, are in sockets.test.ts and slow-clients.test.ts.)
 */

interface Hostile {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  status: number;
  /** What the answer is: problem+json, an HTML page, or a body of the route's own type. */
  type?: 'problem' | 'html' | 'ok';
  /** Headers the answer must carry. */
  has?: Record<string, string | RegExp>;
}

const LONG = 'a'.repeat(100_000);
const LOOKALIKE = SAMPLE_ID.replace('a', '\u0430'); // Cyrillic а
const FULLWIDTH = SAMPLE_ID.replace('nato', 'ｎａｔｏ');
const json = (extra: Record<string, string> = {}) => admin({ 'content-type': 'application/json', ...extra });
const text = (extra: Record<string, string> = {}) => admin({ 'content-type': 'text/plain; charset=utf-8', ...extra });
const IMPORT_Q = 'lang=en&published=2021-02-18T19%3A30%3A00%2B03%3A00&providerUri=https%3A%2F%2Fwww.kurdistan24.net%2F';
const COPY = 'Headline\n\nERBIL (Kurdistan 24) – Body.\n\nEditing by Jane Doe\n';
const ITEM = `/newsml/items/${SAMPLE_ID}/en.xml`;
const UNAUTHORIZED = { 'www-authenticate': /^Bearer realm="rojname (editors|partners)"$/ };
const ETAGS = Array.from({ length: 10_000 }, (_, i) => `"tag-${i}"`).join(', ');

const HOSTILE: Hostile[] = [
  // Ids and paths: traversal, NUL, encoded dots, overlong, look-alike, broken percent-encoding.
  { name: 'API id with ../ encoded', path: '/api/articles/..%2f..%2fetc%2fpasswd', headers: admin(), status: 404, type: 'problem' },
  { name: 'API id %00', path: '/api/articles/%00', headers: admin(), status: 404, type: 'problem' },
  { name: 'API id %2e%2e', path: '/api/articles/%2e%2e', headers: admin(), status: 404, type: 'problem' },
  { name: 'API id of 100,000 characters', path: `/api/articles/${LONG}`, headers: admin(), status: 404, type: 'problem' },
  { name: 'API id with a Cyrillic look-alike', path: `/api/articles/${encodeURIComponent(LOOKALIKE)}`, headers: admin(), status: 404, type: 'problem' },
  { name: 'API id in fullwidth letters', path: `/api/articles/${encodeURIComponent(FULLWIDTH)}`, headers: admin(), status: 404, type: 'problem' },
  { name: 'API id with broken percent-encoding', path: '/api/articles/%E0%A4%A', headers: admin(), status: 404, type: 'problem' },
  { name: 'API id with CR LF encoded (header injection)', path: '/api/articles/x%0d%0aSet-Cookie:%20a=b', headers: admin(), status: 404, type: 'problem' },
  { name: 'page id with ../ encoded', path: '/en/articles/..%2f..%2fpackage.json', status: 404, type: 'html' },
  { name: 'page id %00', path: '/en/articles/%00', status: 404, type: 'html' },
  { name: 'page id of 100,000 characters', path: `/en/articles/${LONG}`, status: 404, type: 'html' },
  { name: 'page id with a look-alike', path: `/en/articles/${encodeURIComponent(LOOKALIKE)}`, status: 404, type: 'html' },
  { name: 'page id with CR LF encoded', path: '/en/articles/x%0d%0aLocation:%20https://evil.example/', status: 404, type: 'html' },
  { name: 'media ../ encoded', path: '/media/..%2f..%2fpackage.json', status: 404, type: 'problem' },
  { name: 'media %2e%2e', path: '/media/%2e%2e%2f%2e%2e%2fsrc%2fconfig.ts', status: 404, type: 'html' },
  { name: 'media backslashes', path: '/media/..%5c..%5cpackage.jpg', status: 404, type: 'html' },
  { name: 'media name with %00', path: '/media/nato-mission-iraq.jpg%00.png', status: 404, type: 'html' },
  { name: 'media dot file', path: '/media/.htaccess', status: 404, type: 'html' },
  { name: 'media that does not exist', path: '/media/missing.jpg', status: 404, type: 'problem' },
  { name: 'newsml item id %2e%2e', path: '/newsml/items/%2e%2e/en.xml', headers: partner(), status: 404, type: 'problem' },
  { name: 'newsml item overlong id', path: `/newsml/items/${LONG}/en.xml`, headers: partner(), status: 404, type: 'problem' },
  { name: 'newsml package %00', path: '/newsml/packages/%00.xml', headers: partner(), status: 404, type: 'problem' },
  { name: 'newsml package look-alike', path: `/newsml/packages/${encodeURIComponent(LOOKALIKE)}.xml`, headers: partner(), status: 404, type: 'problem' },
  // Languages.
  { name: 'unknown language feed', path: '/xx/rss.xml', status: 404, type: 'problem' },
  { name: 'upper-case language', path: '/EN/atom.xml', status: 404, type: 'problem' },
  { name: 'region subtag', path: '/en-US/feed.json', status: 404, type: 'problem' },
  { name: 'macrolanguage ku', path: '/ku/rss.xml', status: 404, type: 'problem' },
  { name: 'ku-Arab as a path', path: '/ku-Arab/rss.xml', status: 404, type: 'problem' },
  { name: 'unknown language page', path: '/xx/', status: 404, type: 'html' },
  { name: 'unknown language article', path: `/de/articles/${SAMPLE_ID}`, status: 404, type: 'html' },
  { name: 'unknown language partner message', path: '/newsml/xx/latest.xml', headers: partner(), status: 404, type: 'problem' },
  { name: 'unknown language item', path: `/newsml/items/${SAMPLE_ID}/xx.xml`, headers: partner(), status: 404, type: 'problem' },
  { name: 'language %00', path: '/en%00/rss.xml', status: 404, type: 'problem' },
  // Query strings.
  { name: 'version 0', path: `${ITEM}?version=0`, headers: partner(), status: 400, type: 'problem' },
  { name: 'version -1', path: `${ITEM}?version=-1`, headers: partner(), status: 400, type: 'problem' },
  { name: 'version 1.5', path: `${ITEM}?version=1.5`, headers: partner(), status: 400, type: 'problem' },
  { name: 'version abc', path: `${ITEM}?version=abc`, headers: partner(), status: 400, type: 'problem' },
  { name: 'version 1e400', path: `${ITEM}?version=1e400`, headers: partner(), status: 400, type: 'problem' },
  { name: 'version empty', path: `${ITEM}?version=`, headers: partner(), status: 400, type: 'problem' },
  { name: 'version 20 digits (no such version)', path: `${ITEM}?version=99999999999999999999`, headers: partner(), status: 404, type: 'problem' },
  { name: 'since -1', path: '/newsml/changes?since=-1', headers: partner(), status: 400, type: 'problem' },
  { name: 'since abc', path: '/newsml/changes?since=abc', headers: partner(), status: 400, type: 'problem' },
  { name: 'since 1e3', path: '/newsml/changes?since=1e3', headers: partner(), status: 400, type: 'problem' },
  { name: 'since 16 digits', path: '/newsml/changes?since=1234567890123456', headers: partner(), status: 400, type: 'problem' },
  { name: 'since %00', path: '/newsml/changes?since=%00', headers: partner(), status: 400, type: 'problem' },
  { name: 'since 0x10', path: '/newsml/changes?since=0x10', headers: partner(), status: 400, type: 'problem' },
  // Methods.
  { name: 'POST to a feed', method: 'POST', path: '/en/rss.xml', body: 'x', status: 405, type: 'problem', has: { allow: 'GET, HEAD' } },
  // (Answered as problem+json today, though the README says pages answer errors in HTML.)
  { name: 'DELETE a page', method: 'DELETE', path: '/en/', status: 405, has: { allow: 'GET, HEAD' } },
  { name: 'PUT media', method: 'PUT', path: '/media/nato-mission-iraq.jpg', body: 'x', status: 405, has: { allow: 'GET, HEAD' } },
  { name: 'PATCH a story', method: 'PATCH', path: `/api/articles/${SAMPLE_ID}`, headers: json(), body: '{}', status: 405, type: 'problem', has: { allow: 'GET, HEAD, PUT, DELETE' } },
  { name: 'PUT the collection', method: 'PUT', path: '/api/articles', headers: json(), body: '{}', status: 405, type: 'problem', has: { allow: 'GET, HEAD, POST' } },
  { name: 'GET the importer', path: '/api/import', headers: admin(), status: 405, type: 'problem', has: { allow: 'POST' } },
  { name: 'OPTIONS the collection', method: 'OPTIONS', path: '/api/articles', headers: admin(), status: 405, type: 'problem' },
  { name: 'POST to a partner route', method: 'POST', path: '/newsml/changes', headers: partner(), body: 'x', status: 405, type: 'problem' },
  // Authorization.
  { name: 'API without Authorization', path: `/api/articles/${SAMPLE_ID}`, status: 401, type: 'problem', has: UNAUTHORIZED },
  { name: 'API with Basic credentials', path: `/api/articles/${SAMPLE_ID}`, headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN}`).toString('base64')}` }, status: 401, type: 'problem', has: UNAUTHORIZED },
  { name: 'API with another scheme', path: `/api/articles/${SAMPLE_ID}`, headers: { authorization: `Token ${ADMIN}` }, status: 401, type: 'problem' },
  { name: 'API with an empty bearer', path: `/api/articles/${SAMPLE_ID}`, headers: { authorization: 'Bearer ' }, status: 401, type: 'problem' },
  { name: 'API with the token and one more character', path: `/api/articles/${SAMPLE_ID}`, headers: { authorization: `Bearer ${ADMIN}x` }, status: 401, type: 'problem' },
  { name: 'API with the token less its last character', path: `/api/articles/${SAMPLE_ID}`, headers: { authorization: `Bearer ${ADMIN.slice(0, -1)}` }, status: 401, type: 'problem' },
  { name: 'API with the token in another case', path: `/api/articles/${SAMPLE_ID}`, headers: { authorization: `Bearer ${ADMIN.toUpperCase()}` }, status: 401, type: 'problem' },
  { name: 'API with the token twice', path: `/api/articles/${SAMPLE_ID}`, headers: { authorization: `Bearer ${ADMIN} ${ADMIN}` }, status: 401, type: 'problem' },
  { name: 'API with a 1 MB token', path: `/api/articles/${SAMPLE_ID}`, headers: { authorization: `Bearer ${'k'.repeat(1_000_000)}` }, status: 401, type: 'problem' },
  { name: 'API with the token in the query', path: `/api/articles/${SAMPLE_ID}?access_token=${ADMIN}`, status: 401, type: 'problem' },
  { name: 'API with the token as ?token=', path: `/api/articles/${SAMPLE_ID}?token=${ADMIN}&authorization=Bearer%20${ADMIN}`, status: 401, type: 'problem' },
  { name: 'API with a partner key', path: `/api/articles/${SAMPLE_ID}`, headers: partner(), status: 401, type: 'problem' },
  { name: 'API with two Authorization values', path: `/api/articles/${SAMPLE_ID}`, headers: { authorization: `Bearer wrong, Bearer ${ADMIN}` }, status: 401, type: 'problem' },
  { name: 'API with a lower-case scheme (schemes are case-insensitive)', path: `/api/articles/${SAMPLE_ID}`, headers: { authorization: `bearer ${ADMIN}` }, status: 200, type: 'ok' },
  { name: 'partner route without a key', path: '/newsml/en/latest.xml', status: 401, type: 'problem', has: UNAUTHORIZED },
  { name: 'partner route with the admin token', path: '/newsml/changes', headers: admin(), status: 401, type: 'problem' },
  { name: 'partner route with a near-miss key', path: '/newsml/changes', headers: { authorization: `Bearer ${PARTNER_KEY.slice(0, -1)}!` }, status: 401, type: 'problem' },
  { name: 'partner route with the key in the query', path: `/newsml/changes?key=${PARTNER_KEY}&api_key=${PARTNER_KEY}`, status: 401, type: 'problem' },
  { name: 'partner route with the key as a name', path: '/newsml/changes', headers: { authorization: 'Bearer afp' }, status: 401, type: 'problem' },
  { name: 'partner route with an overlong key', path: '/newsml/changes', headers: { authorization: `Bearer ${PARTNER_KEY.repeat(50_000)}` }, status: 401, type: 'problem' },
  // Bodies and content types.
  { name: 'POST without a content type', method: 'POST', path: '/api/articles', headers: admin(), body: '{}', status: 415, type: 'problem' },
  { name: 'POST as text/plain', method: 'POST', path: '/api/articles', headers: admin({ 'content-type': 'text/plain' }), body: '{}', status: 415, type: 'problem' },
  { name: 'POST as form data', method: 'POST', path: '/api/articles', headers: admin({ 'content-type': 'application/x-www-form-urlencoded' }), body: 'id=x', status: 415, type: 'problem' },
  { name: 'POST as a JSON look-alike type', method: 'POST', path: '/api/articles', headers: admin({ 'content-type': 'application/json-patch+json' }), body: '[]', status: 415, type: 'problem' },
  { name: 'POST as application/jsonx', method: 'POST', path: '/api/articles', headers: admin({ 'content-type': 'application/jsonx' }), body: '{}', status: 415, type: 'problem' },
  { name: 'POST truncated JSON', method: 'POST', path: '/api/articles', headers: json(), body: '{"id": "x", "pubStatus": ', status: 400, type: 'problem' },
  { name: 'POST JSON with trailing garbage', method: 'POST', path: '/api/articles', headers: json(), body: '{} {}', status: 400, type: 'problem' },
  { name: 'POST an empty body', method: 'POST', path: '/api/articles', headers: json(), body: '', status: 400, type: 'problem' },
  { name: 'POST JSON with comments', method: 'POST', path: '/api/articles', headers: json(), body: '{/* x */}', status: 400, type: 'problem' },
  { name: 'POST bytes that are not UTF-8', method: 'POST', path: '/api/articles', headers: json(), body: new Uint8Array([0xff, 0xfe, 0x7b, 0x7d, 0xc3, 0x28]), status: 400, type: 'problem' },
  { name: 'POST JSON in upper-case media type, invalid', method: 'POST', path: '/api/articles', headers: json({ 'content-type': 'APPLICATION/JSON; charset=UTF-8' }), body: '{"id":"Bad Id"}', status: 400, type: 'problem' },
  { name: 'POST an existing id', method: 'POST', path: '/api/articles', headers: json(), body: JSON.stringify(newStory(SAMPLE_ID, ['en'])), status: 409, type: 'problem' },
  { name: 'import as JSON', method: 'POST', path: `/api/import?${IMPORT_Q}`, headers: json(), body: COPY, status: 415, type: 'problem' },
  { name: 'import in Latin-1', method: 'POST', path: `/api/import?${IMPORT_Q}`, headers: text({ 'content-type': 'text/plain; charset=iso-8859-1' }), body: COPY, status: 415, type: 'problem' },
  // Bytes, not a string: `new Request` gives a string body a text/plain type of its own.
  { name: 'import without a content type', method: 'POST', path: `/api/import?${IMPORT_Q}`, headers: admin(), body: new TextEncoder().encode(COPY), status: 415, type: 'problem' },
  { name: 'import without its query', method: 'POST', path: '/api/import', headers: text(), body: COPY, status: 400, type: 'problem' },
  { name: 'import in an unknown language', method: 'POST', path: `/api/import?${IMPORT_Q.replace('lang=en', 'lang=xx')}`, headers: text(), body: COPY, status: 400, type: 'problem' },
  { name: 'import with lang=__proto__', method: 'POST', path: `/api/import?${IMPORT_Q.replace('lang=en', 'lang=__proto__')}`, headers: text(), body: COPY, status: 400, type: 'problem' },
  { name: 'import with a garbage date', method: 'POST', path: `/api/import?${IMPORT_Q.replace(/published=[^&]+/, 'published=yesterday')}`, headers: text(), body: COPY, status: 400, type: 'problem' },
  { name: 'import with a javascript: provider', method: 'POST', path: `/api/import?${IMPORT_Q.replace(/providerUri=[^&]+/, 'providerUri=javascript%3Aalert(1)')}`, headers: text(), body: COPY, status: 400, type: 'problem' },
  { name: 'import with id ../', method: 'POST', path: `/api/import?${IMPORT_Q}&id=..%2F..%2Fetc`, headers: text(), body: COPY, status: 400, type: 'problem' },
  { name: 'import with CR LF in the id', method: 'POST', path: `/api/import?${IMPORT_Q}&id=x%0D%0ALocation%3A%20https%3A%2F%2Fevil.example%2F`, headers: text(), body: COPY, status: 400, type: 'problem' },
  { name: 'import with 1,000 subjects', method: 'POST', path: `/api/import?${IMPORT_Q}${'&subject=medtop%3A16000000'.repeat(1000)}`, headers: text(), body: COPY, status: 400, type: 'problem' },
  { name: 'import of an empty body', method: 'POST', path: `/api/import?${IMPORT_Q}`, headers: text(), body: '', status: 400, type: 'problem' },
  // Preconditions.
  { name: 'PUT without If-Match', method: 'PUT', path: `/api/articles/${SAMPLE_ID}`, headers: json(), body: '{}', status: 428, type: 'problem' },
  { name: 'PUT with If-Match: *', method: 'PUT', path: `/api/articles/${SAMPLE_ID}`, headers: json({ 'if-match': '*' }), body: '{}', status: 412, type: 'problem' },
  { name: 'PUT with If-Match garbage', method: 'PUT', path: `/api/articles/${SAMPLE_ID}`, headers: json({ 'if-match': '"abc"' }), body: '{}', status: 412, type: 'problem' },
  { name: 'PUT with an If-Match list', method: 'PUT', path: `/api/articles/${SAMPLE_ID}`, headers: json({ 'if-match': '"1", "2"' }), body: '{}', status: 412, type: 'problem' },
  { name: 'PUT with a stale If-Match', method: 'PUT', path: `/api/articles/${SAMPLE_ID}`, headers: json({ 'if-match': '"0"' }), body: '{}', status: 412, type: 'problem' },
  { name: 'PUT with a 30-digit If-Match', method: 'PUT', path: `/api/articles/${SAMPLE_ID}`, headers: json({ 'if-match': `"${'9'.repeat(30)}"` }), body: '{}', status: 412, type: 'problem' },
  { name: 'PUT with another story id in the body', method: 'PUT', path: `/api/articles/${SAMPLE_ID}`, headers: json({ 'if-match': '"1"' }), body: JSON.stringify(newStory('another-id', ['en'])), status: 400, type: 'problem' },
  { name: 'PUT a story that does not exist', method: 'PUT', path: '/api/articles/no-such-story', headers: json({ 'if-match': '"1"' }), body: '{}', status: 404, type: 'problem' },
  { name: 'DELETE with If-Match garbage', method: 'DELETE', path: `/api/articles/${SAMPLE_ID}`, headers: admin({ 'if-match': 'garbage' }), status: 412, type: 'problem' },
  { name: 'DELETE with a stale If-Match', method: 'DELETE', path: `/api/articles/${SAMPLE_ID}`, headers: admin({ 'if-match': '"0"' }), status: 412, type: 'problem' },
  { name: 'DELETE a story that does not exist', method: 'DELETE', path: '/api/articles/no-such-story', headers: admin(), status: 404, type: 'problem' },
  // Conditional and other request headers with garbage: ignored, answered in full.
  { name: 'If-None-Match garbage', path: '/en/rss.xml', headers: { 'if-none-match': 'garbage, "", W/' }, status: 200, type: 'ok' },
  { name: 'If-None-Match with 10,000 tags', path: '/en/atom.xml', headers: { 'if-none-match': ETAGS }, status: 200, type: 'ok' },
  { name: 'If-None-Match with 10,000 tags on the API', path: `/api/articles/${SAMPLE_ID}`, headers: admin({ 'if-none-match': ETAGS }), status: 200, type: 'ok' },
  { name: 'If-None-Match with 10,000 tags on a partner route', path: '/newsml/en/latest.xml', headers: partner({ 'if-none-match': ETAGS }), status: 200, type: 'ok' },
  { name: 'If-Modified-Since garbage', path: '/en/feed.json', headers: { 'if-modified-since': 'yesterday at noon' }, status: 200, type: 'ok' },
  { name: 'If-Modified-Since 0', path: '/ar/rss.xml', headers: { 'if-modified-since': '0' }, status: 200, type: 'ok' },
  { name: 'If-Modified-Since of 100,000 characters', path: '/ckb/rss.xml', headers: { 'if-modified-since': LONG }, status: 200, type: 'ok' },
  { name: 'Accept-Encoding garbage', path: '/kmr/rss.xml', headers: { 'accept-encoding': 'br;q=abc, gzip;q=, ;;;, *;q=-1' }, status: 200, type: 'ok' },
  { name: 'Range on a feed', path: '/en/rss.xml', headers: { range: 'bytes=-1,0-,5-1' }, status: 200, type: 'ok' },
];

describe('hostile requests, in process', () => {
  it(`get the right 4xx, and change nothing (${HOSTILE.length} kinds)`, async () => {
    const h = await makeHarness();
    await h.store.create(newStory('second-story', ['en', 'ar']));
    const before = await dumpStore(h.store);
    const failures: string[] = [];
    for (const x of HOSTILE) {
      const res = await h.app.request(x.path, { method: x.method ?? 'GET', headers: x.headers ?? {}, ...(x.body !== undefined ? { body: x.body } : {}) });
      const body = await res.text();
      const type = res.headers.get('content-type') ?? '';
      const problems: string[] = [];
      if (res.status !== x.status) problems.push(`status ${res.status}, not ${x.status}`);
      if (x.type === 'problem' && type !== 'application/problem+json; charset=utf-8') problems.push(`type ${type}, not problem+json`);
      if (x.type === 'problem' && (JSON.parse(body) as { status?: number }).status !== res.status) problems.push('problem status differs');
      if (x.type === 'html' && !type.startsWith('text/html')) problems.push(`type ${type}, not HTML`);
      for (const [name, value] of Object.entries(x.has ?? {})) {
        const got = res.headers.get(name) ?? '';
        if (typeof value === 'string' ? got !== value : !value.test(got)) problems.push(`${name}: ${got}`);
      }
      // Nothing from the request reaches a response header.
      if (res.headers.get('set-cookie') !== null || /evil/.test(res.headers.get('location') ?? '')) problems.push('header injected');
      if (problems.length) failures.push(`${x.name}: ${problems.join('; ')} — ${body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(HOSTILE.length).toBeGreaterThanOrEqual(80);
    expect(await dumpStore(h.store)).toEqual(before);
    // One log record per request, each a single line naming the path as sent.
    const records = h.logs.map((l) => JSON.parse(l) as { msg: string; path?: string }).filter((r) => r.msg === 'request');
    expect(records).toHaveLength(HOSTILE.length);
    expect(h.logs.every((l) => !/[\r\n]/.test(l))).toBe(true);
    expect((await h.app.request('/en/rss.xml')).status).toBe(200);
  }, 60_000);

  it('answers an oversized body with 413 problem+json, on both write routes, and stores nothing', async () => {
    const h = await makeHarness({ maxBodyBytes: 1000 });
    const before = await dumpStore(h.store);
    const big = 'x'.repeat(2000);
    for (const [path, headers] of [['/api/articles', json()], [`/api/import?${IMPORT_Q}`, text()]] as const) {
      const res = await h.app.request(path, { method: 'POST', headers, body: big });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
    expect(await dumpStore(h.store)).toEqual(before);
  });
});

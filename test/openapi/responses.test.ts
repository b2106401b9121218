import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { buildOpenApiDocument } from '../../src/openapi/document.js';
import type { OpenApi } from '../../src/openapi/types.js';
import { sha256Hex, type PartnerEntry } from '../../src/partners/partner.js';
import { openRuntime, seedSample } from '../../src/runtime.js';
import { Contract } from './contract.js';

/*
 * Real responses of every documented operation, checked against the document (./contract.ts):
 * each operation's test makes a fresh service and requests it until it has seen every status the
 * document gives the operation (its successes, 304s and problems), so a status documented but
 * never answered, or answered but not documented, or a body or header unlike its documentation,
 * fails here.
 */

const ADMIN = 'admin-token-for-openapi';
const SAMPLE = '2021-02-18-nato-iraq-mission-eightfold';
const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const BODY_LIMIT = 64 * 1024;
const KEYS = { all: 'all-key-1', en: 'en-key-2', tiny: 'tiny-key-3' } as const;
const PARTNERS: PartnerEntry[] = [
  { name: 'all', keySha256: sha256Hex(KEYS.all), languages: defaultLanguages.tags, embargoed: true, requestsPerMinute: 600, webhook: { url: 'https://hooks.example/rojname', secret: `whsec_${Buffer.alloc(24, 7).toString('base64')}` } },
  { name: 'en', keySha256: sha256Hex(KEYS.en), languages: ['en'], embargoed: false, requestsPerMinute: 600, webhook: null },
  // One request a minute: the second is a 429.
  { name: 'tiny', keySha256: sha256Hex(KEYS.tiny), languages: defaultLanguages.tags, embargoed: true, requestsPerMinute: 1, webhook: null },
];
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const WIRE_COPY = readFileSync(new URL('../../content/sample/en.txt', import.meta.url), 'utf8');

const translator = createTranslator(defaultLanguages);
const doc = buildOpenApiDocument(defaultLanguages.tags);
const contract = new Contract(doc);
const opened: { stop(): void }[] = [];
afterEach(() => opened.splice(0).forEach((s) => s.stop()));

async function service(options: { adminToken?: string | undefined } = { adminToken: ADMIN }) {
  const runtime = openRuntime(':memory:', () => new Date(T0));
  await seedSample(runtime.store);
  const app = createApp({ ...runtime, translator, baseUrl: 'https://rojname.example', ...(options.adminToken ? { adminToken: options.adminToken } : {}), partners: PARTNERS, partnerKeys: new Map(), log: () => {}, maxBodyBytes: BODY_LIMIT });
  opened.push({ stop: () => (app.services.changeWaits.close(), app.services.publisher.stop()) });
  return app;
}

type App = Awaited<ReturnType<typeof service>>;
interface Call {
  (method: string, path: string, status: number, init?: { headers?: Record<string, string>; body?: string | Buffer }): Promise<Response>;
  /** The same, against another service (the editors' API turned off, say). */
  on(app: App): Call;
}

const partner = (who: keyof typeof KEYS, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${KEYS[who]}`, ...extra });
const admin = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${ADMIN}`, ...extra });
const json = (value: unknown) => JSON.stringify(value);
const storyInput = async (app: App) => {
  const res = await app.request(`/api/articles/${SAMPLE}`, { headers: admin() });
  return (await res.json()) as Record<string, unknown>;
};
const newStory = async (app: App, id: string) => ({ ...(await storyInput(app)), id });

/** Each documented operation, as `METHOD /template`, and how to make it answer every status it documents. */
const RUNS: Record<string, (call: Call, app: App) => Promise<void>> = {
  'GET /newsml/account': async (call) => {
    const all = await (await call('GET', '/newsml/account', 200, { headers: partner('all') })).json();
    expect(all).toMatchObject({ name: 'all', embargoed: true, webhook: { url: 'https://hooks.example/rojname', pending: 0, failures: 0 } });
    expect(await (await call('GET', '/newsml/account', 200, { headers: partner('en') })).json()).toMatchObject({ name: 'en', languages: ['en'], webhook: null });
    await call('GET', '/newsml/account', 401);
    await call('GET', '/newsml/account', 200, { headers: partner('tiny') });
    await call('GET', '/newsml/account', 429, { headers: partner('tiny') });
  },
  'GET /newsml/{lang}/latest.xml': (call) => published(call, '/newsml/ckb/latest.xml', ['/newsml/fr/latest.xml', 'all'], ['/newsml/ar/latest.xml', 'en']),
  'GET /newsml/items/{id}/{lang}.xml': async (call) => {
    await published(call, `/newsml/items/${SAMPLE}/ar.xml`, [`/newsml/items/no-such-story/ar.xml`, 'all'], [`/newsml/items/${SAMPLE}/ckb.xml`, 'en']);
    await call('GET', `/newsml/items/${SAMPLE}/ar.xml?version=1`, 200, { headers: partner('all') });
    await call('GET', `/newsml/items/${SAMPLE}/ar.xml?version=first`, 400, { headers: partner('all') });
  },
  'GET /newsml/packages/{id}.xml': (call) => published(call, `/newsml/packages/${SAMPLE}.xml`, ['/newsml/packages/no-such-story.xml', 'all']),
  'GET /ninjs/{lang}/latest.json': (call) => published(call, '/ninjs/kmr/latest.json', ['/ninjs/fr/latest.json', 'all'], ['/ninjs/kmr/latest.json', 'en']),
  'GET /ninjs/items/{id}/{lang}.json': async (call) => {
    await published(call, `/ninjs/items/${SAMPLE}/en.json`, [`/ninjs/items/${SAMPLE}/xx.json`, 'all'], [`/ninjs/items/${SAMPLE}/ar.json`, 'en']);
    await call('GET', `/ninjs/items/${SAMPLE}/en.json?version=0`, 400, { headers: partner('all') });
  },
  'GET /newsml/changes': async (call) => {
    const page = (await (await call('GET', '/newsml/changes', 200, { headers: partner('all') })).json()) as { changes: unknown[]; nextCursor: string };
    expect(page.changes.length).toBeGreaterThan(0);
    // A long-poll with nothing after the cursor: answered empty after one second.
    const waited = (await (await call('GET', `/newsml/changes?since=${page.nextCursor}&wait=1`, 200, { headers: partner('all') })).json()) as { changes: unknown[] };
    expect(waited.changes).toEqual([]);
    expect(await (await call('GET', '/newsml/changes?since=999999', 400, { headers: partner('all') })).json()).toMatchObject({ newestCursor: page.nextCursor });
    await call('GET', '/newsml/changes?wait=31', 400, { headers: partner('all') });
    await call('GET', '/newsml/changes', 401);
    // Four long-polls wait; a fifth is refused until one is answered.
    const waits = Array.from({ length: 4 }, () => call('GET', `/newsml/changes?since=${page.nextCursor}&wait=1`, 200, { headers: partner('all') }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await (await call('GET', `/newsml/changes?since=${page.nextCursor}&wait=1`, 429, { headers: partner('all') })).json()).toMatchObject({ waitingLimit: 4 });
    await Promise.all(waits);
  },
  'GET /api/articles': async (call) => {
    const list = (await (await call('GET', '/api/articles?limit=1', 200, { headers: admin() })).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toEqual([SAMPLE]);
    await call('GET', '/api/articles?language=en&status=usable&since=2021-01-01T00:00:00Z', 200, { headers: admin() });
    expect(await (await call('GET', '/api/articles?limt=5', 400, { headers: admin() })).json()).toMatchObject({ errors: [{ pointer: '?limt' }] });
    await call('GET', '/api/articles', 401);
    await call.on(await service({ adminToken: undefined }))('GET', '/api/articles', 503, { headers: admin() });
  },
  'POST /api/articles': async (call, app) => {
    const story = await newStory(app, 'openapi-new-story');
    await call('POST', '/api/articles', 201, { headers: admin({ 'content-type': 'application/json' }), body: json(story) });
    await call('POST', '/api/articles', 409, { headers: admin({ 'content-type': 'application/json' }), body: json(story) });
    await call('POST', '/api/articles', 400, { headers: admin({ 'content-type': 'application/json' }), body: json({ ...story, id: 'Bad Id' }) });
    await call('POST', '/api/articles', 415, { headers: admin({ 'content-type': 'text/plain' }), body: json(story) });
    await call('POST', '/api/articles', 413, { headers: admin({ 'content-type': 'application/json', 'content-length': String(BODY_LIMIT + 1) }), body: 'x'.repeat(BODY_LIMIT + 1) });
    await call('POST', '/api/articles', 401, { headers: { 'content-type': 'application/json' }, body: json(story) });
    await call.on(await service({ adminToken: undefined }))('POST', '/api/articles', 503, { body: json(story) });
  },
  'GET /api/articles/{id}': async (call) => {
    const res = await call('GET', `/api/articles/${SAMPLE}`, 200, { headers: admin() });
    await call('GET', `/api/articles/${SAMPLE}`, 304, { headers: admin({ 'if-none-match': res.headers.get('etag')! }) });
    await call('GET', '/api/articles/no-such-story', 404, { headers: admin() });
    await call('GET', `/api/articles/${SAMPLE}`, 401);
    await call.on(await service({ adminToken: undefined }))('GET', `/api/articles/${SAMPLE}`, 503);
  },
  'PUT /api/articles/{id}': async (call, app) => {
    const story = await storyInput(app);
    const put = (status: number, headers: Record<string, string>, body: unknown = story, id = SAMPLE) => call('PUT', `/api/articles/${id}`, status, { headers: admin({ 'content-type': 'application/json', ...headers }), body: typeof body === 'string' ? body : json(body) });
    await put(200, { 'if-match': '"1"' });
    const stale = await put(412, { 'if-match': '"1"' });
    expect(await stale.json()).toMatchObject({ currentVersion: 2 });
    await put(412, { 'if-match': 'version one' });
    await put(428, {});
    await put(400, { 'if-match': '"2"' }, { ...story, pubStatus: 'live' });
    await put(404, { 'if-match': '"1"' }, { ...story, id: 'no-such-story' }, 'no-such-story');
    await put(415, { 'if-match': '"2"', 'content-type': 'text/plain' });
    await put(413, { 'if-match': '"2"', 'content-length': String(BODY_LIMIT + 1) }, 'x'.repeat(BODY_LIMIT + 1));
    await call('DELETE', `/api/articles/${SAMPLE}`, 200, { headers: admin() });
    await put(409, { 'if-match': '"3"' });
    await call('PUT', `/api/articles/${SAMPLE}`, 401, { headers: { 'if-match': '"3"' } });
    await call.on(await service({ adminToken: undefined }))('PUT', `/api/articles/${SAMPLE}`, 503);
  },
  'DELETE /api/articles/{id}': async (call) => {
    await call('DELETE', `/api/articles/${SAMPLE}`, 412, { headers: admin({ 'if-match': '"7"' }) });
    await call('DELETE', `/api/articles/${SAMPLE}`, 412, { headers: admin({ 'if-match': 'seven' }) });
    const killed = await (await call('DELETE', `/api/articles/${SAMPLE}`, 200, { headers: admin({ 'if-match': '"1"' }) })).json();
    expect(killed).toEqual({ id: SAMPLE, version: 2, pubStatus: 'canceled' });
    await call('DELETE', '/api/articles/no-such-story', 404, { headers: admin() });
    await call('DELETE', `/api/articles/${SAMPLE}`, 401);
    await call.on(await service({ adminToken: undefined }))('DELETE', `/api/articles/${SAMPLE}`, 503);
  },
  'GET /api/articles/{id}/versions': async (call) => {
    expect(await (await call('GET', `/api/articles/${SAMPLE}/versions`, 200, { headers: admin() })).json()).toMatchObject({ versions: [{ version: 1 }] });
    await call('GET', '/api/articles/no-such-story/versions', 404, { headers: admin() });
    await call('GET', `/api/articles/${SAMPLE}/versions`, 401);
    await call.on(await service({ adminToken: undefined }))('GET', `/api/articles/${SAMPLE}/versions`, 503);
  },
  'GET /api/translations': async (call) => {
    await call('GET', '/api/translations', 200, { headers: admin() });
    await call('GET', '/api/translations?status=current', 200, { headers: admin() });
    await call('GET', '/api/translations?status=old', 400, { headers: admin() });
    await call('GET', '/api/translations', 401);
    await call.on(await service({ adminToken: undefined }))('GET', '/api/translations', 503);
  },
  'POST /api/import': async (call) => {
    const url = '/api/import?lang=en&published=2021-02-18T19:30:00%2B03:00&providerUri=https://www.kurdistan24.net/&id=openapi-import&subject=medtop:16000000';
    const text = admin({ 'content-type': 'text/plain; charset=utf-8' });
    expect(await (await call('POST', url, 201, { headers: text, body: WIRE_COPY })).json()).toMatchObject({ id: 'openapi-import', version: 1, pubStatus: 'usable' });
    await call('POST', url, 409, { headers: text, body: WIRE_COPY });
    await call('POST', '/api/import?lang=en', 400, { headers: text, body: WIRE_COPY });
    await call('POST', url, 415, { headers: admin({ 'content-type': 'text/plain; charset=latin1' }), body: WIRE_COPY });
    await call('POST', url, 413, { headers: { ...text, 'content-length': String(BODY_LIMIT + 1) }, body: 'x'.repeat(BODY_LIMIT + 1) });
    await call('POST', url, 401, { body: WIRE_COPY });
    await call.on(await service({ adminToken: undefined }))('POST', url, 503, { body: WIRE_COPY });
  },
  'POST /api/media': async (call, app) => {
    const png = admin({ 'content-type': 'image/png' });
    const receipt = (await (await call('POST', '/api/media', 201, { headers: png, body: PNG })).json()) as { url: string };
    expect(await (await call('POST', '/api/media', 200, { headers: png, body: PNG })).json()).toEqual(receipt);
    // The picture is then served where the receipt says, byte for byte.
    expect(Buffer.from(await (await app.request(receipt.url)).arrayBuffer()).equals(PNG)).toBe(true);
    await call('POST', '/api/media', 400, { headers: png, body: Buffer.from('not a picture at all') });
    await call('POST', '/api/media', 415, { headers: admin({ 'content-type': 'text/plain' }), body: PNG });
    await call('POST', '/api/media', 413, { headers: { ...png, 'content-length': String(BODY_LIMIT + 1) }, body: Buffer.alloc(BODY_LIMIT + 1) });
    await call('POST', '/api/media', 401, { headers: { 'content-type': 'image/png' }, body: PNG });
    await call.on(await service({ adminToken: undefined }))('POST', '/api/media', 503, { body: PNG });
    expect(receipt.url).toMatch(/^\/media\/[0-9a-f]{64}\.png$/);
  },
  'GET /openapi.json': async (call) => {
    const res = await call('GET', '/openapi.json', 200);
    expect(Buffer.from(await res.clone().arrayBuffer()).equals(readFileSync(new URL('../../schemas/openapi.json', import.meta.url)))).toBe(true);
    await call('GET', '/openapi.json', 304, { headers: { 'if-none-match': res.headers.get('etag')! } });
    await call('GET', '/openapi.json', 200, { headers: { 'accept-encoding': 'br' } });
  },
};

/** A published partner document: 200, 304 on its ETag, compressed, a 404 for each `missing` (path, partner), 401, 429. */
async function published(call: Call, path: string, ...missing: [string, keyof typeof KEYS][]): Promise<void> {
  const res = await call('GET', path, 200, { headers: partner('all') });
  await call('GET', path, 304, { headers: partner('all', { 'if-none-match': res.headers.get('etag')! }) });
  await call('GET', path, 200, { headers: partner('all', { 'accept-encoding': 'gzip' }) });
  for (const [where, who] of missing) await call('GET', where, 404, { headers: partner(who) });
  await call('GET', path, 401);
  await call('GET', path, 401, { headers: { authorization: 'Bearer not-a-key' } });
  await call('GET', path, 200, { headers: partner('tiny') });
  await call('GET', path, 429, { headers: partner('tiny') });
}

/** Every refused method of a documented path: 405 with Allow (and the API's own 401 before it). */
async function refusals(call: Call, template: string, item: OpenApi.PathItem, path: string): Promise<void> {
  for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
    const op = item[method];
    if (!op?.operationId.endsWith('NotAllowed')) continue;
    const auth = template.startsWith('/api/') ? admin() : template.startsWith('/openapi') ? {} : partner('all');
    const res = await call(method.toUpperCase(), path, 405, { headers: auth, ...(method === 'get' ? {} : { body: '{}' }) });
    expect(res.headers.get('allow')).toMatch(/^(GET, HEAD|POST)/);
    if (op.responses['401']) await call(method.toUpperCase(), path, 401, method === 'get' ? {} : { body: '{}' });
    if (op.responses['503']) await call.on(await service({ adminToken: undefined }))(method.toUpperCase(), path, 503, method === 'get' ? {} : { body: '{}' });
    if (op.responses['429']) {
      // One request a minute (on a service of its own per method): the first is answered 405, the second 429.
      const fresh = call.on(await service());
      await fresh(method.toUpperCase(), path, 405, { headers: partner('tiny'), body: '{}' });
      await fresh(method.toUpperCase(), path, 429, { headers: partner('tiny'), body: '{}' });
    }
  }
}

/** A real path under each template, for the refused methods. */
const EXAMPLES: Record<string, string> = {
  '/newsml/{lang}/latest.xml': '/newsml/en/latest.xml',
  '/newsml/items/{id}/{lang}.xml': `/newsml/items/${SAMPLE}/en.xml`,
  '/newsml/packages/{id}.xml': `/newsml/packages/${SAMPLE}.xml`,
  '/ninjs/{lang}/latest.json': '/ninjs/en/latest.json',
  '/ninjs/items/{id}/{lang}.json': `/ninjs/items/${SAMPLE}/en.json`,
  '/api/articles/{id}': `/api/articles/${SAMPLE}`,
  '/api/articles/{id}/versions': `/api/articles/${SAMPLE}/versions`,
};

/** The statuses the document gives one operation. */
function documentedStatuses(template: string, method: string): string[] {
  return Object.keys(doc.paths[template]![method as OpenApi.Method]!.responses).sort();
}

function makeCall(app: App, seen: Map<string, Set<string>>): Call {
  const call = async (method: string, path: string, status: number, init: { headers?: Record<string, string>; body?: string | Buffer } = {}) => {
    const res = await app.request(path, { method, ...(init.headers ? { headers: init.headers } : {}), ...(init.body !== undefined ? { body: init.body as BodyInit } : {}) });
    const body = res.clone();
    expect(res.status, `${method} ${path}: ${await body.clone().text()}`).toBe(status);
    expect(await contract.check(method, path, body), `${method} ${path} → ${status}`).toEqual([]);
    const key = `${method} ${contract.templateOf(path.split('?')[0]!)}`;
    if (!seen.has(key)) seen.set(key, new Set());
    seen.get(key)!.add(String(status));
    return res;
  };
  return Object.assign(call, { on: (other: App) => makeCall(other, seen) });
}

describe('real responses match the OpenAPI document', () => {
  it.each(Object.keys(RUNS))('%s answers every documented status, as documented', async (key) => {
    const [method, template] = key.split(' ') as [string, string];
    const app = await service();
    const seen = new Map<string, Set<string>>();
    await RUNS[key]!(makeCall(app, seen), app);
    expect([...(seen.get(key) ?? [])].sort()).toEqual(documentedStatuses(template, method.toLowerCase()));
  });

  const refusing = Object.entries(doc.paths).filter(([, item]) => Object.values(item).some((op) => typeof op === 'object' && op !== null && 'operationId' in op && String(op.operationId).endsWith('NotAllowed')));
  it.each(refusing.map(([template]) => template))('%s refuses the methods it documents as refused', async (template) => {
    const item = doc.paths[template]!;
    const app = await service();
    const seen = new Map<string, Set<string>>();
    await refusals(makeCall(app, seen), template, item, EXAMPLES[template] ?? template);
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      if (!item[method]?.operationId.endsWith('NotAllowed')) continue;
      expect([...(seen.get(`${method.toUpperCase()} ${template}`) ?? [])].sort(), `${method} ${template}`).toEqual(documentedStatuses(template, method));
    }
  });

  it('has a run for every documented operation that is not a refusal', () => {
    const operations = Object.entries(doc.paths).flatMap(([template, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const).filter((m) => item[m] && !item[m]!.operationId.endsWith('NotAllowed')).map((m) => `${m.toUpperCase()} ${template}`),
    );
    expect(operations.sort()).toEqual(Object.keys(RUNS).sort());
  });
});

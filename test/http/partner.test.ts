import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { NINJS_FORMATS } from '../../src/formats/registry.js';
import type { ArticleStore } from '../../src/store/store.js';
import { checkNewsml, checkNinjs, checkNinjsLatest } from '../helpers/official.js';
import { admin, makeHarness, newStory, partner, PARTNER_KEY, SAMPLE_ID, T0 } from './harness.js';

const json = (body: unknown) => ({ method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(body) });

describe('partner authentication', () => {
  it.each([
    ['no key', {}],
    ['an unknown key', { authorization: 'Bearer not-a-key' }],
    ['a malformed header', { authorization: PARTNER_KEY }],
  ])('answers 401 to %s, as problem+json with a challenge', async (_name, headers) => {
    const { app } = await makeHarness();
    const res = await app.request('/newsml/en/latest.xml', { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="rojname partners"');
  });
  it('answers 401 to everyone when no partner keys are configured', async () => {
    const { app } = await makeHarness({ partnerKeys: new Map() });
    expect((await app.request('/newsml/en/latest.xml', { headers: partner() })).status).toBe(401);
  });
  it('logs the partner name, never the key', async () => {
    const { app, logs } = await makeHarness();
    await app.request('/newsml/en/latest.xml', { headers: partner() });
    expect(JSON.parse(logs.at(-1)!)).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/newsml/en/latest.xml', status: 200, partner: 'afp' });
    expect(logs.join('\n')).not.toContain(PARTNER_KEY);
  });
});

describe('NewsML-G2 routes', () => {
  it('GET /newsml/{lang}/latest.xml is a valid newsMessage, private', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/newsml/ckb/latest.xml', { headers: partner() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.iptc.g2.newsmessage+xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const xml = await res.text();
    expect(xml).toContain(`guid="urn:newsml:rojname.example:20260301:${SAMPLE_ID}:ckb"`);
    expect(await checkNewsml(xml)).toMatchObject({ valid: true });
  });
  it('answers 304 to a partner revalidating an unchanged message', async () => {
    const { app } = await makeHarness();
    const first = await app.request('/newsml/en/latest.xml', { headers: partner() });
    const again = await app.request('/newsml/en/latest.xml', { headers: partner({ 'if-none-match': first.headers.get('etag')! }) });
    expect(again.status).toBe(304);
  });
  it('carries embargoed stories to partners, with the embargo', async () => {
    const h = await makeHarness();
    const embargo = '2026-03-01T12:00:00.000Z';
    await h.app.request('/api/articles', json(newStory('under-embargo', ['en'], { embargoedUntil: embargo })));
    const xml = await (await h.app.request('/newsml/en/latest.xml', { headers: partner() })).text();
    expect(xml).toContain('under-embargo');
    expect(xml).toContain(`<embargoed>${embargo}</embargoed>`);
    expect(await (await h.app.request('/en/rss.xml')).text()).not.toContain('under-embargo');
  });
  it('GET /newsml/items/{id}/{lang}.xml gives the latest version, ?version=N an earlier one', async () => {
    const h = await makeHarness();
    const article = await (await h.app.request(`/api/articles/${SAMPLE_ID}`, { headers: admin() })).json();
    article.localizations.ar.headline = 'عنوان مصحح';
    h.setNow(T0 + 1000);
    const put = await h.app.request(`/api/articles/${SAMPLE_ID}`, { method: 'PUT', headers: admin({ 'content-type': 'application/json', 'if-match': '"1"' }), body: JSON.stringify({ ...article, signal: 'correction', edNote: 'Corrected the headline.' }) });
    expect(put.status).toBe(200);
    const latest = await h.app.request(`/newsml/items/${SAMPLE_ID}/ar.xml`, { headers: partner() });
    expect(latest.headers.get('content-type')).toBe('application/vnd.iptc.g2.newsitem+xml; charset=utf-8');
    const xml = await latest.text();
    expect(xml).toMatch(/version="2"/);
    expect(xml).toContain('<signal qcode="sig:correction"/>');
    expect(xml).toContain('عنوان مصحح');
    const v1 = await (await h.app.request(`/newsml/items/${SAMPLE_ID}/ar.xml?version=1`, { headers: partner() })).text();
    expect(v1).toMatch(/version="1"/);
    expect(v1).toContain('الناتو يعلن زيادة عدد قواته في العراق ثمانية أضعاف');
    // English did not change: its item is still version 1.
    expect(await (await h.app.request(`/newsml/items/${SAMPLE_ID}/en.xml`, { headers: partner() })).text()).toMatch(/version="1"/);
    expect(await checkNewsml(xml)).toMatchObject({ valid: true });
  });
  it.each([
    [`/newsml/items/${SAMPLE_ID}/en.xml?version=9`, 404],
    [`/newsml/items/${SAMPLE_ID}/en.xml?version=zero`, 400],
    [`/newsml/items/${SAMPLE_ID}/de.xml`, 404],
    ['/newsml/items/nope/en.xml', 404],
    ['/newsml/packages/nope.xml', 404],
    ['/newsml/de/latest.xml', 404],
  ])('GET %s → %i problem+json', async (path, status) => {
    const { app } = await makeHarness();
    const res = await app.request(path, { headers: partner() });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });
  it('GET /newsml/packages/{id}.xml groups all four language versions', async () => {
    const { app } = await makeHarness();
    const res = await app.request(`/newsml/packages/${SAMPLE_ID}.xml`, { headers: partner() });
    expect(res.headers.get('content-type')).toBe('application/vnd.iptc.g2.packageitem+xml; charset=utf-8');
    const xml = await res.text();
    for (const lang of ['en', 'ckb', 'kmr', 'ar']) expect(xml).toContain(`residref="urn:newsml:rojname.example:20260301:${SAMPLE_ID}:${lang}"`);
    expect(await checkNewsml(xml)).toMatchObject({ valid: true });
  });
});

describe('GET /newsml/changes', () => {
  it('follows a story through create, update and kill with a cursor, each change once', async () => {
    const h = await makeHarness();
    const page = async (since?: string) => (await h.app.request(`/newsml/changes${since ? `?since=${since}` : ''}`, { headers: partner() })).json();
    const first = await page();
    expect(first.changes.map((c: { language: string }) => c.language)).toEqual(['en', 'ar', 'ckb', 'kmr']);
    expect(first.hasMore).toBe(false);

    h.setNow(T0 + 1000);
    await h.app.request('/api/articles', json(newStory('fresh', ['en', 'ckb'])));
    h.setNow(T0 + 2000);
    const story = await (await h.app.request('/api/articles/fresh', { headers: admin() })).json();
    story.localizations.ckb.headline = 'سەردێڕی نوێ';
    await h.app.request('/api/articles/fresh', { method: 'PUT', headers: admin({ 'content-type': 'application/json', 'if-match': '"1"' }), body: JSON.stringify(story) });
    h.setNow(T0 + 3000);
    await h.app.request('/api/articles/fresh', { method: 'DELETE', headers: admin() });

    const second = await page(first.nextCursor);
    expect(second.changes.map((c: { language: string; kind: string; version: number; pubStatus: string }) => [c.language, c.kind, c.version, c.pubStatus])).toEqual([
      ['en', 'new', 1, 'usable'],
      ['ckb', 'new', 1, 'usable'],
      ['ckb', 'update', 2, 'usable'],
      ['en', 'kill', 2, 'canceled'],
      ['ckb', 'kill', 3, 'canceled'],
    ]);
    expect(second.changes[0]).toMatchObject({ storyId: 'fresh', time: new Date(T0 + 1000).toISOString(), url: 'https://rojname.example/newsml/items/fresh/en.xml?version=1' });
    const third = await page(second.nextCursor);
    expect(third).toEqual({ changes: [], nextCursor: second.nextCursor, hasMore: false });
  });
  it('pages a long history and says more follows', async () => {
    const h = await makeHarness();
    for (let i = 0; i < 30; i++) await h.app.request('/api/articles', json(newStory(`s-${i}`, ['en', 'ckb', 'kmr', 'ar'])));
    const first = await (await h.app.request('/newsml/changes', { headers: partner() })).json();
    expect(first.changes).toHaveLength(100);
    expect(first.hasMore).toBe(true);
    const second = await (await h.app.request(`/newsml/changes?since=${first.nextCursor}`, { headers: partner() })).json();
    expect(second.changes).toHaveLength(24);
    expect(second.hasMore).toBe(false);
  });
  it('refuses a cursor it did not hand out, naming the newest cursor', async () => {
    const { app } = await makeHarness();
    for (const since of ['abc', '-1', '01', '1e3', '9999999999999999']) {
      const res = await app.request(`/newsml/changes?since=${since}`, { headers: partner() });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = await res.json();
      expect(body.errors).toEqual([{ pointer: '?since', message: 'must be a cursor returned as nextCursor' }]);
      // The sample story logged one change per language.
      expect(body.newestCursor).toBe('4');
    }
  });
  it('refuses a cursor newer than the newest change, so a wrong cursor never skips changes', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/newsml/changes?since=999', { headers: partner() });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ title: 'Bad cursor', newestCursor: '4', detail: '"999" is newer than the newest change; the newest cursor is "4"' });
    // The newest cursor itself is fine: nothing new yet.
    expect(await (await app.request('/newsml/changes?since=4', { headers: partner() })).json()).toEqual({ changes: [], nextCursor: '4', hasMore: false });
  });
});

describe('ninjs routes', () => {
  type NinjsItem = { uri: string; version: string; pubStatus: string; edNote?: string; embargoedUntil?: string; headlines: { value: string }[]; bodies?: unknown[] };
  const JSON_TYPE = 'application/json; charset=utf-8';
  const guids = (xml: string) => [...xml.matchAll(/<newsItem guid="([^"]+)"/g)].map((m) => m[1]);

  it.each(['/ninjs/en/latest.json', `/ninjs/items/${SAMPLE_ID}/en.json`])('GET %s answers 401 without a partner key', async (path) => {
    const { app } = await makeHarness();
    for (const headers of [{}, { authorization: 'Bearer not-a-key' }] as Record<string, string>[]) {
      const res = await app.request(path, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="rojname partners"');
    }
  });
  it('GET /ninjs/{lang}/latest.json is {"items": [...]} of official ninjs, private, with validators', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/ninjs/ckb/latest.json', { headers: partner() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('content-language')).toBe('ckb');
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(res.headers.get('last-modified')).toBe(new Date(T0).toUTCString());
    const text = await res.text();
    expect(checkNinjsLatest(text)).toEqual({ valid: true, errors: [] });
    expect((JSON.parse(text) as { items: NinjsItem[] }).items.map((i) => [i.uri, i.version])).toEqual([[`urn:newsml:rojname.example:20260301:${SAMPLE_ID}:ckb`, '1']]);
  });
  it('answers 304 to a partner revalidating, and brotli to one that asks for it', async () => {
    const { app } = await makeHarness();
    for (const path of ['/ninjs/ar/latest.json', `/ninjs/items/${SAMPLE_ID}/ar.json`]) {
      const first = await app.request(path, { headers: partner() });
      const body = await first.text();
      const again = await app.request(path, { headers: partner({ 'if-none-match': first.headers.get('etag')! }) });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
      const br = await app.request(path, { headers: partner({ 'accept-encoding': 'br' }) });
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(br.headers.get('vary')).toBe('Accept-Encoding');
      expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString('utf8')).toBe(body);
      expect((await app.request(path, { headers: partner({ 'accept-encoding': 'br', 'if-none-match': br.headers.get('etag')! }) })).status).toBe(304);
    }
  });
  it("latest.json holds exactly the newsMessage's items, in its order, embargoed ones with embargoedUntil", async () => {
    const h = await makeHarness();
    const embargo = '2026-03-01T12:00:00.000Z';
    h.setNow(T0 + 1000);
    await h.app.request('/api/articles', json(newStory('older', ['en', 'ar'], { published: '2026-02-27T12:00:00Z' })));
    h.setNow(T0 + 2000);
    await h.app.request('/api/articles', json(newStory('under-embargo', ['en'], { embargoedUntil: embargo, published: '2026-03-01T08:00:00Z' })));
    const xml = await (await h.app.request('/newsml/en/latest.xml', { headers: partner() })).text();
    const text = await (await h.app.request('/ninjs/en/latest.json', { headers: partner() })).text();
    const { items } = JSON.parse(text) as { items: NinjsItem[] };
    expect(items.map((i) => i.uri)).toEqual(guids(xml));
    expect(items).toHaveLength(3);
    expect(items.find((i) => i.uri.endsWith(':under-embargo:en'))!.embargoedUntil).toBe(embargo);
    expect(items.filter((i) => i.embargoedUntil)).toHaveLength(1);
    expect(checkNinjsLatest(text)).toEqual({ valid: true, errors: [] });
    expect(await (await h.app.request('/en/feed.json')).text()).not.toContain('under-embargo');
  });
  it('GET /ninjs/items/{id}/{lang}.json gives the latest version with its edNote, ?version=N an earlier one', async () => {
    const h = await makeHarness();
    const article = await (await h.app.request(`/api/articles/${SAMPLE_ID}`, { headers: admin() })).json();
    article.localizations.ar.headline = 'عنوان مصحح';
    h.setNow(T0 + 1000);
    const put = await h.app.request(`/api/articles/${SAMPLE_ID}`, { method: 'PUT', headers: admin({ 'content-type': 'application/json', 'if-match': '"1"' }), body: JSON.stringify({ ...article, signal: 'correction', edNote: 'Corrected the headline.' }) });
    expect(put.status).toBe(200);
    const latest = await h.app.request(`/ninjs/items/${SAMPLE_ID}/ar.json`, { headers: partner() });
    expect(latest.headers.get('content-type')).toBe(JSON_TYPE);
    const text = await latest.text();
    expect(checkNinjs(text)).toEqual({ valid: true, errors: [] });
    expect(JSON.parse(text)).toMatchObject({ version: '2', pubStatus: 'usable', edNote: 'Corrected the headline.', headlines: [{ value: 'عنوان مصحح' }] });
    const v1 = JSON.parse(await (await h.app.request(`/ninjs/items/${SAMPLE_ID}/ar.json?version=1`, { headers: partner() })).text()) as NinjsItem;
    expect([v1.version, v1.edNote, v1.headlines[0]!.value]).toEqual(['1', undefined, 'الناتو يعلن زيادة عدد قواته في العراق ثمانية أضعاف']);
    // The newsMessage and latest.json show the same version.
    const { items } = JSON.parse(await (await h.app.request('/ninjs/ar/latest.json', { headers: partner() })).text()) as { items: NinjsItem[] };
    expect(items.map((i) => i.version)).toEqual(['2']);
    // English did not change: its item is still version 1.
    expect((JSON.parse(await (await h.app.request(`/ninjs/items/${SAMPLE_ID}/en.json`, { headers: partner() })).text()) as NinjsItem).version).toBe('1');
  });
  it('serves a kill as canceled with its edNote and no body; it leaves latest.json as it leaves the newsMessage', async () => {
    const h = await makeHarness();
    h.setNow(T0 + 1000);
    expect((await h.app.request(`/api/articles/${SAMPLE_ID}`, { method: 'DELETE', headers: admin() })).status).toBeLessThan(300);
    const item = JSON.parse(await (await h.app.request(`/ninjs/items/${SAMPLE_ID}/kmr.json`, { headers: partner() })).text()) as NinjsItem;
    expect(item).toMatchObject({ version: '2', pubStatus: 'canceled', edNote: expect.any(String) });
    expect(item.bodies).toBeUndefined();
    expect(checkNinjs(await (await h.app.request(`/ninjs/items/${SAMPLE_ID}/kmr.json`, { headers: partner() })).text())).toEqual({ valid: true, errors: [] });
    // The sample was kmr's only story: both latest documents are gone, alike.
    expect((await h.app.request('/newsml/kmr/latest.xml', { headers: partner() })).status).toBe(404);
    expect((await h.app.request('/ninjs/kmr/latest.json', { headers: partner() })).status).toBe(404);
  });
  it.each([
    [`/ninjs/items/${SAMPLE_ID}/en.json?version=9`, 404],
    [`/ninjs/items/${SAMPLE_ID}/en.json?version=zero`, 400],
    ['/ninjs/items/nope/en.json', 404],
    ['/ninjs/nope', 404],
  ])('GET %s → %i problem+json', async (path, status) => {
    const { app } = await makeHarness();
    const res = await app.request(path, { headers: partner() });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });
  it.each(['/ninjs/de/latest.json', `/ninjs/items/${SAMPLE_ID}/de.json`])('GET %s → 404 listing the languages', async (path) => {
    const { app } = await makeHarness();
    const res = await app.request(path, { headers: partner() });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await res.json()).toMatchObject({ detail: 'Unknown language "de". Supported: en, ckb, kmr, ar.', supportedLanguages: ['en', 'ckb', 'kmr', 'ar'] });
  });
  it('answers 405 to writes', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/ninjs/en/latest.json', { method: 'POST', headers: partner() });
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });
  it('publishes latest.json once per change, and answers from memory: no store query, nothing rendered per request', async () => {
    const h = await makeHarness();
    await h.app.services.publisher.start();
    await h.app.request(`/ninjs/items/${SAMPLE_ID}/ckb.json`, { headers: partner() });
    const render = vi.spyOn(NINJS_FORMATS.latest, 'renderBytes');
    const item = vi.spyOn(NINJS_FORMATS.item, 'render');
    const calls = countStoreCalls(h.store);
    try {
      for (const path of ['/ninjs/ckb/latest.json', `/ninjs/items/${SAMPLE_ID}/ckb.json`]) {
        const first = await h.app.request(path, { headers: partner({ 'accept-encoding': 'gzip' }) });
        expect(first.headers.get('content-encoding')).toBe('gzip');
        expect((await h.app.request(path, { headers: partner({ 'if-none-match': first.headers.get('etag')! }) })).status).toBe(304);
      }
      expect([calls(), render.mock.calls.length, item.mock.calls.length]).toEqual([0, 0, 0]);
      h.setNow(T0 + 1000);
      await h.app.request('/api/articles', json(newStory('fresh', ['ckb'])));
      for (let i = 0; i < 3; i++) expect(await (await h.app.request('/ninjs/ckb/latest.json', { headers: partner() })).text()).toContain(':fresh:ckb');
      expect(render.mock.calls.length).toBe(1);
    } finally {
      render.mockRestore();
      item.mockRestore();
    }
  });
});

/** Counts every call to the store's methods from now on. */
function countStoreCalls(store: ArticleStore): () => number {
  const methods = ['get', 'history', 'listLatest', 'getStoryVersion', 'nextEmbargo', 'lastRemoval', 'languageStates', 'changes', 'lastChange'] as const;
  const spies = methods.map((m) => vi.spyOn(store, m));
  return () => spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
}

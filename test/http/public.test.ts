import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { rssFormat } from '../../src/formats/rss/index.js';
import { admin, makeHarness, newStory, SAMPLE_ID, T0 } from './harness.js';

const FEEDS = [
  ['rss.xml', 'application/rss+xml; charset=utf-8'],
  ['atom.xml', 'application/atom+xml; charset=utf-8'],
  ['feed.json', 'application/feed+json; charset=utf-8'],
] as const;

describe('pages', () => {
  it('GET / lists every language by its endonym', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    for (const name of ['English', 'کوردی (سۆرانی)', 'Kurmancî', 'العربية']) expect(html).toContain(name);
  });
  it('GET /ckb/ is a right-to-left page with autodiscovery links', async () => {
    const { app } = await makeHarness();
    const html = await (await app.request('/ckb/')).text();
    expect(html).toContain('<html lang="ckb" dir="rtl"');
    expect(html).toContain('type="application/rss+xml"');
    expect(html).toContain('href="https://rojname.example/ckb/atom.xml"');
    expect(html).toContain('ناتۆ ژمارەی هێزەکانی لە عێراق هەشت هێندە زیاد دەکات');
  });
  it('GET /ckb redirects to /ckb/', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/ckb');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/ckb/');
  });
  it('GET /ar/articles/{id} is the permalink page', async () => {
    const { app } = await makeHarness();
    const res = await app.request(`/ar/articles/${SAMPLE_ID}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="ar" dir="rtl"');
    expect(html).toContain('الناتو يعلن زيادة عدد قواته في العراق ثمانية أضعاف');
    expect(res.headers.get('content-language')).toBe('ar');
  });
  it('answers an unknown story with an HTML 404', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/en/articles/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });
  it('answers an unknown language with a 404 listing the supported ones', async () => {
    const { app } = await makeHarness();
    const page = await app.request('/de/');
    expect(page.status).toBe(404);
    // The English 404 page; its language switcher links every supported language's home.
    const html = await page.text();
    expect(html).toContain('<h1>Page not found</h1>');
    const homes = [...html.matchAll(/<li><a href="https:\/\/rojname\.example\/([a-z]+)\/" hreflang="\1"/g)].map((m) => m[1]);
    expect(homes).toEqual(['en', 'ckb', 'kmr', 'ar']);
    const feed = await app.request('/de/rss.xml');
    expect(feed.status).toBe(404);
    expect(feed.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await feed.json()).toMatchObject({ status: 404, supportedLanguages: ['en', 'ckb', 'kmr', 'ar'] });
  });
  it('answers a wrong method on a feed with 405 and Allow', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/en/rss.xml', { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe.each(FEEDS)('GET /{lang}/%s', (file, type) => {
  it('has the exact media type, language, caching and validators', async () => {
    const { app } = await makeHarness();
    const res = await app.request(`/kmr/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-language')).toBe('kmr');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=60, stale-if-error=86400');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(res.headers.get('last-modified')).toBe(new Date(T0).toUTCString());
    expect(await res.text()).toContain('NATO hejmara hêzên xwe yên li Iraqê heşt qat zêde dike');
  });
  it('sends brotli and gzip bytes that decode to the same body', async () => {
    const { app } = await makeHarness();
    const plain = Buffer.from(await (await app.request(`/ar/${file}`)).arrayBuffer());
    const br = await app.request(`/ar/${file}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer()))).toEqual(plain);
    const gz = await app.request(`/ar/${file}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer()))).toEqual(plain);
  });
  it('answers HEAD with the headers and no body', async () => {
    const { app } = await makeHarness();
    const get = await app.request(`/en/${file}`);
    const head = await app.request(`/en/${file}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-length')).toBe(String((await get.arrayBuffer()).byteLength));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
  it('answers 304 to If-None-Match and to If-Modified-Since', async () => {
    const { app } = await makeHarness();
    const first = await app.request(`/en/${file}`);
    const etag = first.headers.get('etag')!;
    const inm = await app.request(`/en/${file}`, { headers: { 'if-none-match': etag } });
    expect(inm.status).toBe(304);
    expect(await inm.text()).toBe('');
    const ims = await app.request(`/en/${file}`, { headers: { 'if-modified-since': first.headers.get('last-modified')! } });
    expect(ims.status).toBe(304);
    const stale = await app.request(`/en/${file}`, { headers: { 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
  });
});

describe('freshness', () => {
  it('keeps ETag and Last-Modified across a restart with the same data (304 still fires)', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'rojname-')), 'r.db');
    const h = await makeHarness({ dbPath });
    const first = await h.app.request('/ckb/atom.xml');
    const again = await h.restart().request('/ckb/atom.xml', { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('last-modified')).toBe(first.headers.get('last-modified'));
  });
  it('changes only the feeds of the languages a write touches', async () => {
    const h = await makeHarness();
    const etags = async () => Object.fromEntries(await Promise.all(['en', 'ckb', 'kmr', 'ar'].map(async (l) => [l, (await h.app.request(`/${l}/rss.xml`)).headers.get('etag')])));
    const before = await etags();
    h.setNow(T0 + 60_000);
    const res = await h.app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(newStory('only-en-ckb', ['en', 'ckb'])) });
    expect(res.status).toBe(201);
    const after = await etags();
    expect(after.en).not.toBe(before.en);
    expect(after.ckb).not.toBe(before.ckb);
    expect(after.kmr).toBe(before.kmr);
    expect(after.ar).toBe(before.ar);
  });
  it('never moves Last-Modified backwards: a kill is a change', async () => {
    const h = await makeHarness();
    const before = (await h.app.request('/en/rss.xml')).headers.get('last-modified')!;
    h.setNow(T0 + 120_000);
    expect((await h.app.request(`/api/articles/${SAMPLE_ID}`, { method: 'DELETE', headers: admin() })).status).toBe(200);
    const after = await h.app.request('/en/rss.xml');
    expect(Date.parse(after.headers.get('last-modified')!)).toBe(T0 + 120_000);
    expect(Date.parse(after.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(before));
    expect(await after.text()).not.toContain(SAMPLE_ID);
    expect((await h.app.request(`/en/articles/${SAMPLE_ID}`)).status).toBe(410);
  });
  it('keeps an embargoed story out of feeds and pages until its time, then shows it', async () => {
    const h = await makeHarness();
    const embargo = new Date(T0 + 3_600_000).toISOString();
    await h.app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(newStory('embargoed-story', ['en'], { embargoedUntil: embargo })) });
    expect(await (await h.app.request('/en/feed.json')).text()).not.toContain('embargoed-story');
    expect((await h.app.request('/en/articles/embargoed-story')).status).toBe(404);
    h.setNow(T0 + 3_600_000);
    const feed = await h.app.request('/en/feed.json');
    expect(await feed.text()).toContain('embargoed-story');
    expect(feed.headers.get('last-modified')).toBe(new Date(T0 + 3_600_000).toUTCString());
    expect((await h.app.request('/en/articles/embargoed-story')).status).toBe(200);
  });
  it('renders a language set once per change, not per request', async () => {
    const h = await makeHarness();
    const render = vi.spyOn(rssFormat, 'renderBytes');
    for (let i = 0; i < 5; i++) await h.app.request('/en/rss.xml');
    await h.app.request('/en/atom.xml');
    await h.app.request('/ar/rss.xml');
    expect(render.mock.calls.map(([feed]) => feed.language.tag)).toEqual(['en', 'ar']);
    h.setNow(T0 + 60_000);
    await h.app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(newStory('one-more', ['en'])) });
    await h.app.request('/en/rss.xml');
    await h.app.request('/ar/rss.xml');
    expect(render.mock.calls.map(([feed]) => feed.language.tag)).toEqual(['en', 'ar', 'en']);
    render.mockRestore();
  });
});

describe('GET /media/{file}', () => {
  it('serves the pictures feeds point at, with validators', async () => {
    const { app } = await makeHarness();
    const res = await app.request('/media/nato-mission-iraq.jpg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect((await res.arrayBuffer()).byteLength).toBe(readFileSync(new URL('../../content/media/nato-mission-iraq.jpg', import.meta.url)).length);
    const again = await app.request('/media/nato-mission-iraq.jpg', { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
  it.each(['/media/missing.jpg', '/media/..%2Fpackage.json', '/media/../package.json'])('answers %s with 404', async (path) => {
    const { app } = await makeHarness();
    expect((await app.request(path)).status).toBe(404);
  });
});

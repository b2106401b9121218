import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { renderRobotsTxt } from '../../src/formats/sitemap/robots.js';
import { checkIco, FAVICON_PATH } from '../../src/publish/sitemaps.js';
import { admin, makeHarness, newStory, SAMPLE_ID, T0, type Harness } from '../http/harness.js';
import { indexEntries, locs, urlEntries, xsdErrors } from './helpers.js';

const BASE = 'https://rojname.example';
const LANGS = ['en', 'ckb', 'kmr', 'ar'];
const DAY = 86_400_000;

async function post(h: Harness, story: unknown): Promise<void> {
  const res = await h.app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(story) });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function text(h: Harness, path: string): Promise<string> {
  const res = await h.app.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

describe('GET /robots.txt', () => {
  it('allows everything public, disallows the APIs and names the sitemap index by its absolute URL', async () => {
    const h = await makeHarness();
    const res = await h.app.request('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const expected = [
      "# rojname: every public page, feed and file may be crawled; the editors' and partners' APIs may not.",
      'User-agent: *',
      'Allow: /',
      'Disallow: /api/',
      'Disallow: /newsml/',
      'Disallow: /ninjs/',
      '',
      'Sitemap: https://rojname.example/sitemap.xml',
      '',
    ].join('\n');
    expect(await res.text()).toBe(expected);
  });
  it('carries the base URL’s path in every rule (crawlers match from the host’s root)', () => {
    const value = renderRobotsTxt('https://static.example.org/news/');
    expect(value).toContain('Allow: /news/\nDisallow: /news/api/\nDisallow: /news/newsml/\nDisallow: /news/ninjs/\n');
    expect(value).toContain('Sitemap: https://static.example.org/news/sitemap.xml\n');
  });
});

describe('GET /favicon.ico', () => {
  it('is the committed ICO file, as image/x-icon, cached long, with validators', async () => {
    const h = await makeHarness();
    const res = await h.app.request('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    expect(res.headers.get('cache-control')).toBe('public, max-age=2592000');
    expect(res.headers.get('content-encoding')).toBeNull();
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(readFileSync(FAVICON_PATH))).toBe(true);
    const again = await h.app.request('/favicon.ico', { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
  it('holds a 16×16 and a 32×32 image in the site’s colours (navy ground, white R, gold bar)', () => {
    const ico = readFileSync(FAVICON_PATH);
    expect(checkIco(ico)).toBeUndefined();
    expect(ico.length).toBeLessThan(8_192);
    const images = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ({ size: ico[6 + 16 * i]!, bits: ico.readUInt16LE(6 + 16 * i + 6), offset: ico.readUInt32LE(6 + 16 * i + 12) }));
    expect(images.map(({ size, bits }) => [size, bits])).toEqual([[16, 32], [32, 32]]);
    const big = images[1]!;
    // A BMP image: a 40-byte header, then BGRA rows bottom-up.
    const pixel = (x: number, y: number) => {
      const at = big.offset + 40 + ((31 - y) * 32 + x) * 4;
      return [ico[at + 2]!, ico[at + 1]!, ico[at]!];
    };
    const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 24);
    const all = Array.from({ length: 32 * 32 }, (_, i) => pixel(i % 32, Math.floor(i / 32)));
    expect(near(pixel(0, 0), [11, 61, 110])).toBe(true);
    expect(all.some((p) => near(p, [255, 255, 255]))).toBe(true);
    expect(all.some((p) => near(p, [242, 183, 5]))).toBe(true);
  });
  it('refuses bytes that are not an ICO file', () => {
    expect(checkIco(readFileSync(new URL('../../content/media/rojname-logo.png', import.meta.url)))).toBe('no ICO header');
  });
});

describe('GET /sitemap.xml', () => {
  it('is a sitemaps.org index of the home pages’ sitemap and one per language, each of which resolves and is valid', async () => {
    const h = await makeHarness();
    const res = await h.app.request('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const index = await res.text();
    expect(xsdErrors(index, 'sitemapindex')).toEqual([]);
    const expected = [`${BASE}/sitemap-home.xml`, ...LANGS.map((l) => `${BASE}/sitemap-${l}-1.xml`)];
    expect(locs(index)).toEqual(expected);
    for (const loc of expected) {
      const file = await text(h, loc.slice(BASE.length));
      expect(xsdErrors(file, 'urlset'), loc).toEqual([]);
    }
  });
  it('lists each language version of a story with its lastmod and every version as an hreflang alternate, itself included', async () => {
    const h = await makeHarness();
    for (const lang of LANGS) {
      const value = urlEntries(await text(h, `/sitemap-${lang}-1.xml`));
      const expected = [
        {
          loc: `${BASE}/${lang}/articles/${SAMPLE_ID}`,
          lastmod: new Date(T0).toISOString(),
          alternates: LANGS.map((l) => [l, `${BASE}/${l}/articles/${SAMPLE_ID}`]),
        },
      ];
      expect(value).toEqual(expected);
    }
  });
  it('lists the language home pages with each other as alternates', async () => {
    const h = await makeHarness();
    const value = urlEntries(await text(h, '/sitemap-home.xml'));
    const alternates = LANGS.map((l) => [l, `${BASE}/${l}/`]);
    expect(value).toEqual(LANGS.map((l) => ({ loc: `${BASE}/${l}/`, lastmod: new Date(T0).toISOString(), alternates })));
  });
  it('names only the versions a story has: none for a story in one language, both for one in two', async () => {
    const h = await makeHarness();
    h.setNow(T0 + 60_000);
    await post(h, newStory('only-english', ['en']));
    await post(h, newStory('two-versions', ['kmr', 'ar']));
    const en = urlEntries(await text(h, '/sitemap-en-1.xml')).find((u) => u.loc.endsWith('/only-english'));
    expect(en).toEqual({ loc: `${BASE}/en/articles/only-english`, lastmod: new Date(T0 + 60_000).toISOString(), alternates: [] });
    const ar = urlEntries(await text(h, '/sitemap-ar-1.xml')).find((u) => u.loc.endsWith('/two-versions'));
    expect(ar?.alternates).toEqual([
      ['kmr', `${BASE}/kmr/articles/two-versions`],
      ['ar', `${BASE}/ar/articles/two-versions`],
    ]);
    expect(await text(h, '/sitemap-ckb-1.xml')).not.toContain('two-versions');
    expect(xsdErrors(await text(h, '/sitemap-en-1.xml'), 'urlset')).toEqual([]);
  });
  it('serves published bytes: ETag, 304, HEAD, brotli and gzip of the same body', async () => {
    const h = await makeHarness();
    const plain = await h.app.request('/sitemap-home.xml');
    const body = Buffer.from(await plain.arrayBuffer());
    const etag = plain.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(plain.headers.get('last-modified')).toBe(new Date(T0).toUTCString());
    expect(plain.headers.get('cache-control')).toBe('public, max-age=300');
    const br = await h.app.request('/sitemap-home.xml', { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).equals(body)).toBe(true);
    const gz = await h.app.request('/sitemap-home.xml', { headers: { 'accept-encoding': 'gzip' } });
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).equals(body)).toBe(true);
    expect((await h.app.request('/sitemap-home.xml', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await h.app.request('/sitemap.xml', { headers: { 'if-modified-since': new Date(T0).toUTCString() } })).status).toBe(304);
    const head = await h.app.request('/sitemap-home.xml', { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([200, String(body.length), '']);
    expect((await h.app.request('/sitemap.xml', { method: 'POST' })).status).toBe(405);
    expect((await h.app.request('/sitemap-en-1.xml', { method: 'DELETE' })).headers.get('allow')).toBe('GET, HEAD');
    expect((await h.app.request('/sitemap-nonsense')).status).toBe(404);
    expect((await h.app.request('/sitemap-en-2.xml')).status).toBe(404);
    expect((await h.app.request('/sitemap-xx-1.xml')).status).toBe(404);
  });
  it('answers from memory: no store read on the request path once published', async () => {
    const h = await makeHarness();
    await h.app.request('/sitemap.xml');
    const spies = (['listPublished', 'getStoryVersion', 'lastRemoval', 'nextEmbargo', 'listLatest', 'get'] as const).map((m) => vi.spyOn(h.store, m));
    for (let i = 0; i < 5; i++) for (const path of ['/sitemap.xml', '/sitemap-home.xml', '/sitemap-ar-1.xml', '/news-sitemap.xml', '/robots.txt']) await h.app.request(path);
    expect(spies.map((s) => s.mock.calls.length)).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('shows a write to the next request, with no wait (read-your-writes)', async () => {
    const h = await makeHarness();
    await h.app.request('/sitemap-en-1.xml');
    h.setNow(T0 + 60_000);
    await post(h, newStory('just-written', ['en']));
    expect(await text(h, '/sitemap-en-1.xml')).toContain(`${BASE}/en/articles/just-written`);
    expect(indexEntries(await text(h, '/sitemap.xml')).get(`${BASE}/sitemap-en-1.xml`)).toBe(new Date(T0 + 60_000).toISOString());
  });
});

describe('what the sitemaps leave out', () => {
  it('never lists a withheld or embargoed story; lists an embargoed one from the instant its embargo lifts', async () => {
    const h = await makeHarness();
    await h.app.request('/sitemap.xml');
    const lift = T0 + 3_600_000;
    await post(h, newStory('held-back', ['en'], { pubStatus: 'withheld' }));
    await post(h, newStory('under-embargo', ['en', 'ar'], { embargoedUntil: new Date(lift).toISOString() }));
    const all = async () => (await Promise.all(['/sitemap.xml', '/sitemap-home.xml', ...LANGS.map((l) => `/sitemap-${l}-1.xml`), '/news-sitemap.xml'].map(async (p) => (await h.app.request(p)).text()))).join('\n');
    expect(await all()).not.toMatch(/held-back|under-embargo/);
    h.setNow(lift - 1);
    expect(await all()).not.toMatch(/held-back|under-embargo/);
    h.setNow(lift);
    const en = await h.app.request('/sitemap-en-1.xml');
    expect(urlEntries(await en.text()).find((u) => u.loc.endsWith('/under-embargo'))).toEqual({
      loc: `${BASE}/en/articles/under-embargo`,
      lastmod: new Date(lift).toISOString(),
      alternates: [
        ['en', `${BASE}/en/articles/under-embargo`],
        ['ar', `${BASE}/ar/articles/under-embargo`],
      ],
    });
    expect(en.headers.get('last-modified')).toBe(new Date(lift).toUTCString());
    expect(indexEntries(await text(h, '/sitemap.xml')).get(`${BASE}/sitemap-ar-1.xml`)).toBe(new Date(lift).toISOString());
    expect(await text(h, '/news-sitemap.xml')).toContain(`${BASE}/ar/articles/under-embargo`);
    expect(await all()).not.toContain('held-back');
  });
  it('drops a killed story from every language; a language left without stories leaves the index', async () => {
    const h = await makeHarness();
    await post(h, newStory('stays', ['en'], { published: '2025-01-01T00:00:00Z' }));
    await h.app.request('/sitemap.xml');
    h.setNow(T0 + 120_000);
    expect((await h.app.request(`/api/articles/${SAMPLE_ID}`, { method: 'DELETE', headers: admin() })).status).toBe(200);
    const index = await text(h, '/sitemap.xml');
    expect(locs(index)).toEqual([`${BASE}/sitemap-home.xml`, `${BASE}/sitemap-en-1.xml`]);
    // A kill leaves no page to date it: the language's files are dated by it.
    expect(indexEntries(index).get(`${BASE}/sitemap-en-1.xml`)).toBe(new Date(T0 + 120_000).toISOString());
    expect(locs(await text(h, '/sitemap-en-1.xml'))).toEqual([`${BASE}/en/articles/stays`]);
    for (const lang of ['ckb', 'kmr', 'ar']) expect((await h.app.request(`/sitemap-${lang}-1.xml`)).status).toBe(404);
    expect(xsdErrors(index, 'sitemapindex')).toEqual([]);
  });
});

describe('GET /news-sitemap.xml', () => {
  /** A story published at `published` in `languages`, with a headline full of markup-like text. */
  function recent(id: string, languages: string[], published: number) {
    const story = newStory(id, languages, { published: new Date(published).toISOString() });
    for (const lang of languages) story.localizations[lang]!.headline = `Turnout < 40% & "rising" in ${lang} <b>${id}</b> 🎉`;
    return story;
  }

  it('lists every language’s stories of the last two days, newest first, with publication, date and exact title', async () => {
    const h = await makeHarness();
    await post(h, recent('older-news', ['en', 'ckb'], T0 - 30 * 3_600_000));
    await post(h, recent('newer-news', ['ar'], T0 - 3_600_000));
    const res = await h.app.request('/news-sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await res.text();
    expect(xsdErrors(xml, 'urlset')).toEqual([]);
    const entries = [...xml.matchAll(/<url>\s*<loc>([^<]+)<\/loc>\s*<news:news>\s*<news:publication>\s*<news:name>([^<]+)<\/news:name>\s*<news:language>([^<]+)<\/news:language>\s*<\/news:publication>\s*<news:publication_date>([^<]+)<\/news:publication_date>\s*<news:title>([^<]+)<\/news:title>/g)].map((m) => m.slice(1));
    const title = (lang: string, id: string) => `Turnout &lt; 40% &amp; "rising" in ${lang} &lt;b&gt;${id}&lt;/b&gt; 🎉`;
    expect(entries).toEqual([
      [`${BASE}/ar/articles/newer-news`, 'روجنامه', 'ar', new Date(T0 - 3_600_000).toISOString(), title('ar', 'newer-news')],
      [`${BASE}/en/articles/older-news`, 'Rojname', 'en', new Date(T0 - 30 * 3_600_000).toISOString(), title('en', 'older-news')],
      [`${BASE}/ckb/articles/older-news`, expect.any(String), 'ckb', new Date(T0 - 30 * 3_600_000).toISOString(), title('ckb', 'older-news')],
    ]);
    expect(locs(await text(h, '/sitemap.xml'))).toContain(`${BASE}/news-sitemap.xml`);
  });
  it('drops a story the instant it turns two days old, with no change to the store; empty, it is a 404 and leaves the index', async () => {
    const h = await makeHarness();
    const published = T0 - DAY;
    await post(h, recent('aging', ['en'], published));
    expect(await text(h, '/news-sitemap.xml')).toContain('/en/articles/aging');
    h.setNow(published + 2 * DAY - 1);
    expect(await text(h, '/news-sitemap.xml')).toContain('/en/articles/aging');
    h.setNow(published + 2 * DAY);
    const gone = await h.app.request('/news-sitemap.xml');
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ status: 404, detail: 'No story was published in the last two days.' });
    expect(locs(await text(h, '/sitemap.xml'))).not.toContain(`${BASE}/news-sitemap.xml`);
    // Still in its language's sitemap: only the news sitemap has the two-day rule.
    expect(await text(h, '/sitemap-en-1.xml')).toContain('/en/articles/aging');
  });
});

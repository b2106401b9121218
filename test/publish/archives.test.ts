import { describe, expect, it } from 'vitest';
import { checkAtom, checkJsonFeed } from '../helpers/official.js';
import { admin, makeHarness, newStory, T0, type Harness } from '../http/harness.js';

/** Issue 9 item 5: RFC 5005 §4 monthly archives in Atom and JSON Feed, per language. */

const BASE = 'https://rojname.example';

/** A story in English published at `published` (the harness's `newStory`). */
const story = (id: string, published: string, extra: Record<string, unknown> = {}) => newStory(id, ['en'], { published, ...extra });

async function post(h: Harness, body: unknown): Promise<void> {
  const res = await h.app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(201);
}

const entryIds = (atom: string) => [...atom.matchAll(/<entry>\s*<id>[^<]*:([^:<]+)\/en<\/id>/g)].map((m) => m[1]);
const links = (atom: string) => Object.fromEntries([...atom.matchAll(/<link href="([^"]+)" rel="(current|prev-archive|next-archive|self)"/g)].map((m) => [m[2], m[1]]));

async function threeMonths(): Promise<Harness> {
  const h = await makeHarness();
  // T0 is 2026-03-01T09:00Z: January and February stories, and March (the current month).
  await post(h, story('jan-a', '2026-01-05T10:00:00Z'));
  await post(h, story('jan-b', '2026-01-31T23:59:59.999Z'));
  await post(h, story('feb-a', '2026-02-01T00:00:00Z'));
  await post(h, story('feb-b', '2026-02-14T12:00:00+03:00'));
  await post(h, story('mar-a', '2026-03-01T08:00:00Z'));
  return h;
}

describe('monthly archives (RFC 5005 §4)', () => {
  it('hold every usable story of their UTC month, chained prev/next/current, in Atom and JSON Feed', async () => {
    const h = await threeMonths();
    const feb = await h.app.request('/en/archive/2026/02/atom.xml');
    expect(feb.status).toBe(200);
    expect(feb.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const atom = await feb.text();
    expect(atom).toContain('xmlns:fh="http://purl.org/syndication/history/1.0"');
    expect(atom).toMatch(/<fh:archive\/>/);
    expect(entryIds(atom)).toEqual(['feb-b', 'feb-a']);
    expect(links(atom)).toEqual({
      self: `${BASE}/en/archive/2026/02/atom.xml`,
      current: `${BASE}/en/atom.xml`,
      'prev-archive': `${BASE}/en/archive/2026/01/atom.xml`,
      'next-archive': `${BASE}/en/archive/2026/03/atom.xml`,
    });
    expect(atom).toContain('<title type="text">Rojname — News in English: archive for February 2026</title>');
    expect((await checkAtom(atom)).errors).toEqual([]);
    // Archives are not subscription feeds: no hub links, and no tombstones of their own.
    expect(atom).not.toContain('rel="hub"');

    const jan = await (await h.app.request('/en/archive/2026/01/atom.xml')).text();
    expect(entryIds(jan)).toEqual(['jan-b', 'jan-a']);
    // The sample story (2021-02-18) has its own archive, the oldest; months without stories are skipped.
    expect(links(jan)['prev-archive']).toBe(`${BASE}/en/archive/2021/02/atom.xml`);
    const oldest = links(await (await h.app.request('/en/archive/2021/02/atom.xml')).text());
    expect(oldest['prev-archive']).toBeUndefined();
    expect(oldest['next-archive']).toBe(`${BASE}/en/archive/2026/01/atom.xml`);
    const march = await (await h.app.request('/en/archive/2026/03/atom.xml')).text();
    expect(entryIds(march)).toEqual(['mar-a']);
    expect(links(march)['next-archive']).toBeUndefined();

    // JSON Feed: newest to oldest through next_url, starting at the subscription feed.
    const chain: string[] = [];
    let url: string | undefined = `${BASE}/en/feed.json`;
    while (url) {
      const res = await h.app.request(url.slice(BASE.length));
      expect(res.status, url).toBe(200);
      const text = await res.text();
      expect(checkJsonFeed(text).errors, url).toEqual([]);
      const doc = JSON.parse(text) as { feed_url: string; next_url?: string; items: { id: string }[] };
      expect(doc.feed_url).toBe(url);
      chain.push(`${url.slice(BASE.length)} ${doc.items.map((i) => i.id.split(':').at(-1)!.replace('/en', '')).join(',')}`);
      url = doc.next_url;
    }
    expect(chain).toEqual([
      '/en/feed.json mar-a,feb-b,feb-a,jan-b,jan-a,2021-02-18-nato-iraq-mission-eightfold',
      '/en/archive/2026/03/feed.json mar-a',
      '/en/archive/2026/02/feed.json feb-b,feb-a',
      '/en/archive/2026/01/feed.json jan-b,jan-a',
      '/en/archive/2021/02/feed.json 2021-02-18-nato-iraq-mission-eightfold',
    ]);
    // The subscription Atom feed links the newest archive.
    expect(links(await (await h.app.request('/en/atom.xml')).text())['prev-archive']).toBe(`${BASE}/en/archive/2026/03/atom.xml`);
  });

  it('answers 404 for a month without stories in that language', async () => {
    const h = await threeMonths();
    for (const path of ['/en/archive/2025/12/atom.xml', '/ckb/archive/2026/02/feed.json', '/en/archive/2026/13/atom.xml']) {
      const res = await h.app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('changes only when one of its stories changes: other months keep their bytes and ETag', async () => {
    const h = await threeMonths();
    const get = async (path: string) => {
      const res = await h.app.request(path);
      return { etag: res.headers.get('etag'), body: await res.text() };
    };
    const janBefore = await get('/en/archive/2026/01/atom.xml');
    const febBefore = await get('/en/archive/2026/02/atom.xml');
    const janJsonBefore = await get('/en/archive/2026/01/feed.json');
    h.setNow(T0 + 60_000);
    const feb = (await h.store.get('feb-a'))!;
    feb.localizations.en!.headline = 'Corrected headline of feb-a';
    const res = await h.app.request('/api/articles/feb-a', { method: 'PUT', headers: admin({ 'content-type': 'application/json', 'if-match': `"${feb.version}"` }), body: JSON.stringify(feb) });
    expect(res.status).toBe(200);
    const febAfter = await get('/en/archive/2026/02/atom.xml');
    expect(febAfter.body).toContain('Corrected headline of feb-a');
    expect(febAfter.etag).not.toBe(febBefore.etag);
    expect(await get('/en/archive/2026/01/atom.xml')).toEqual(janBefore);
    expect(await get('/en/archive/2026/01/feed.json')).toEqual(janJsonBefore);

    // A kill takes the story out of its month.
    await h.app.request('/api/articles/feb-b', { method: 'DELETE', headers: admin() });
    expect(entryIds((await get('/en/archive/2026/02/atom.xml')).body)).toEqual(['feb-a']);
    expect(await get('/en/archive/2026/01/atom.xml')).toEqual(janBefore);
  });

  it('opens a new month when its first story arrives, relinking its neighbours', async () => {
    const h = await threeMonths();
    expect(links(await (await h.app.request('/en/archive/2026/01/atom.xml')).text())['next-archive']).toBe(`${BASE}/en/archive/2026/02/atom.xml`);
    await post(h, story('dec-a', '2025-12-24T12:00:00Z'));
    const jan = await (await h.app.request('/en/archive/2026/01/atom.xml')).text();
    expect(links(jan)['prev-archive']).toBe(`${BASE}/en/archive/2025/12/atom.xml`);
    const dec = await (await h.app.request('/en/archive/2025/12/atom.xml')).text();
    expect(links(dec)).toMatchObject({ 'next-archive': `${BASE}/en/archive/2026/01/atom.xml`, 'prev-archive': `${BASE}/en/archive/2021/02/atom.xml` });
  });

  it('leaves an embargoed story out of its month until the embargo lifts', async () => {
    const h = await threeMonths();
    await post(h, story('mar-embargoed', '2026-03-01T08:30:00Z', { embargoedUntil: new Date(T0 + 3_600_000).toISOString() }));
    expect(entryIds(await (await h.app.request('/en/archive/2026/03/atom.xml')).text())).toEqual(['mar-a']);
    h.setNow(T0 + 3_600_000);
    expect(entryIds(await (await h.app.request('/en/archive/2026/03/atom.xml')).text())).toEqual(['mar-embargoed', 'mar-a']);
  });

  it('titles each archive with the month as readers of the language write it', async () => {
    const h = await makeHarness();
    const ckb = await (await h.app.request('/ckb/archive/2021/02/atom.xml')).text();
    expect(ckb).toMatch(/<title type="text">[^<]*ئەرشیفی [^<]*٢٠٢١[^<]*<\/title>/);
    const ar = await (await h.app.request('/ar/archive/2021/02/feed.json')).json() as { title: string };
    expect(ar.title).toMatch(/أرشيف .*٢٠٢١$/);
  });
});

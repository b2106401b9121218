import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADMIN, ALICE, as, BOB, makeDesk, picture, SAMPLE_ID, story, T0 } from './harness.js';

const PNG = readFileSync(new URL('../media/fixtures/opaque-37x21.png', import.meta.url));
const WEBP = readFileSync(new URL('../media/fixtures/lossless-37x21.webp', import.meta.url));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const json = (token: string, extra: Record<string, string> = {}) => as(token, { 'content-type': 'application/json', ...extra });

type Desk = Awaited<ReturnType<typeof makeDesk>>;
const post = (d: Desk, body: unknown, token = ALICE) => d.app.request('/api/articles', { method: 'POST', headers: json(token), body: JSON.stringify(body) });
const upload = (d: Desk, body: Buffer, type = 'image/png', token = ALICE) => d.app.request('/api/media', { method: 'POST', headers: as(token, { 'content-type': type }), body: new Uint8Array(body) });
const list = async (d: Desk, query = '') => {
  const res = await d.app.request(`/api/articles${query}`, { headers: as(ALICE) });
  return { status: res.status, body: await res.json() };
};

describe('GET /api/articles', () => {
  it('lists every story newest change first, each language with its headline, version and status', async () => {
    const d = await makeDesk();
    d.setNow(T0 + 60_000);
    await post(d, story('second', ['en', 'ckb']));
    d.setNow(T0 + 120_000);
    await post(d, story('third', ['kmr']));
    const { status, body } = await list(d);
    expect(status).toBe(200);
    expect(body.items.map((i: { id: string }) => i.id)).toEqual(['third', 'second', SAMPLE_ID]);
    expect(body.items[1]).toEqual({
      id: 'second',
      version: 1,
      pubStatus: 'usable',
      updated: '2026-03-01T09:01:00.000Z',
      languages: {
        ckb: { headline: 'Headline second ckb', itemVersion: 1, pubStatus: 'usable' },
        en: { headline: 'Headline second en', itemVersion: 1, pubStatus: 'usable' },
      },
    });
    expect(body.nextCursor).toBeNull();
  });
  it('moves a story up when it changes, with its new version and the language version that moved', async () => {
    const d = await makeDesk();
    d.setNow(T0 + 60_000);
    await post(d, story('newer', ['en']));
    d.setNow(T0 + 120_000);
    const sample = await (await d.app.request(`/api/articles/${SAMPLE_ID}`, { headers: as(ALICE) })).json();
    sample.localizations.ar.headline = 'عنوان جديد';
    expect((await d.app.request(`/api/articles/${SAMPLE_ID}`, { method: 'PUT', headers: json(ALICE, { 'if-match': '"1"' }), body: JSON.stringify(sample) })).status).toBe(200);
    const { body } = await list(d);
    expect(body.items.map((i: { id: string }) => i.id)).toEqual([SAMPLE_ID, 'newer']);
    expect(body.items[0]).toMatchObject({ version: 2, updated: '2026-03-01T09:02:00.000Z' });
    expect(body.items[0].languages.ar).toEqual({ headline: 'عنوان جديد', itemVersion: 2, pubStatus: 'usable' });
    expect(body.items[0].languages.en).toMatchObject({ itemVersion: 1 });
  });
  it('filters by language, status and last change (at or after), alone and together', async () => {
    const d = await makeDesk();
    d.setNow(T0 + 60_000);
    await post(d, story('ckb-only', ['ckb']));
    d.setNow(T0 + 120_000);
    await post(d, story('held', ['en', 'ckb'], { pubStatus: 'withheld' }));
    d.setNow(T0 + 180_000);
    await post(d, story('killed', ['ar']));
    await d.app.request('/api/articles/killed', { method: 'DELETE', headers: as(ALICE) });
    const ids = async (q: string) => (await list(d, q)).body.items.map((i: { id: string }) => i.id);
    expect(await ids('?language=ckb')).toEqual(['held', 'ckb-only', SAMPLE_ID]);
    expect(await ids('?status=withheld')).toEqual(['held']);
    expect(await ids('?status=canceled')).toEqual(['killed']);
    expect(await ids('?language=ckb&status=usable')).toEqual(['ckb-only', SAMPLE_ID]);
    expect(await ids('?language=kmr&status=withheld')).toEqual([]);
    expect(await ids('?since=2026-03-01T12:02:00%2B03:00')).toEqual(['killed', 'held']);
    expect(await ids('?since=2026-03-01T09:02:00.001Z')).toEqual(['killed']);
    expect(await ids('?since=2026-03-01T09:00:00Z&language=ckb&status=usable')).toEqual(['ckb-only', SAMPLE_ID]);
  });
  it('pages with an opaque cursor: every story once, in order, and no cursor after the last page', async () => {
    const d = await makeDesk();
    for (let i = 0; i < 6; i++) {
      d.setNow(T0 + (i + 1) * 1000);
      await post(d, story(`story-${i}`, ['en']));
    }
    const seen: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await list(d, `?limit=3&language=en${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([['story-5', 'story-4', 'story-3'], ['story-2', 'story-1', 'story-0'], [SAMPLE_ID]]);
  });
  it('answers 50 stories by default, and at most 200', async () => {
    const d = await makeDesk();
    for (let i = 0; i < 60; i++) await d.store.create(story(`bulk-${String(i).padStart(2, '0')}`, ['en']));
    const first = await list(d);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect((await list(d, '?limit=200')).body.items).toHaveLength(61);
  });
  it('lists every problem of a bad request in one 400, naming each parameter', async () => {
    const d = await makeDesk();
    const res = await d.app.request('/api/articles?limit=500&status=live&language=de&since=yesterday&cursor=bm90LWEtY3Vyc29y&lang=en', { headers: as(ALICE) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect((await res.json()).errors).toEqual([
      { pointer: '?lang', message: '?lang is not a parameter of this route: did you mean ?language?' },
      { pointer: '?limit', message: '?limit must be a whole number from 1 to 200 (default 50), not "500"' },
      { pointer: '?status', message: '?status must be one of usable, withheld, canceled, not "live"' },
      { pointer: '?language', message: '?language must be a language of this service (en, ckb, kmr, ar), not "de"' },
      { pointer: '?since', message: '?since must be a date and time with an offset (RFC 3339), e.g. 2021-02-18T19:30:00+03:00, not "yesterday"' },
      { pointer: '?cursor', message: '?cursor is not a cursor this list returned (pass its nextCursor as it is)' },
    ]);
  });
  it.each([
    ['?limit=0', '?limit'],
    ['?limit=1.5', '?limit'],
    ['?limit=2&limit=3', '?limit'],
    ['?since=2026-03-01T09:00:00', '?since'],
    ['?cursor=%%%', '?cursor'],
  ])('refuses %s, naming %s', async (query, pointer) => {
    const d = await makeDesk();
    const { status, body } = await list(d, query);
    expect(status).toBe(400);
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([pointer]);
  });
  it('is for editors only, and takes GET, HEAD and POST', async () => {
    const d = await makeDesk();
    expect((await d.app.request('/api/articles')).status).toBe(401);
    const res = await d.app.request('/api/articles', { method: 'PATCH', headers: as(ALICE) });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
  });
});

describe('GET /api/articles/{id}/versions', () => {
  it('lists every version oldest first, with who wrote it: each editor by name, null for the seed', async () => {
    const d = await makeDesk();
    d.setNow(T0 + 1000);
    const got = await (await d.app.request(`/api/articles/${SAMPLE_ID}`, { headers: as(ALICE) })).json();
    const { kmr: _dropped, ...rest } = got.localizations;
    rest.en.correction = 'An earlier version gave the wrong number of troops.';
    await d.app.request(`/api/articles/${SAMPLE_ID}`, { method: 'PUT', headers: json(ALICE, { 'if-match': '"1"' }), body: JSON.stringify({ ...got, signal: 'correction', localizations: rest }) });
    d.setNow(T0 + 2000);
    await d.app.request(`/api/articles/${SAMPLE_ID}`, { method: 'DELETE', headers: as(BOB) });
    const res = await d.app.request(`/api/articles/${SAMPLE_ID}/versions`, { headers: as(ADMIN) });
    expect(res.status).toBe(200);
    const { versions } = await res.json();
    expect(versions).toEqual([
      { version: 1, versionCreated: '2026-03-01T09:00:00.000Z', pubStatus: 'usable', signal: null, editor: null, languages: ['ar', 'ckb', 'en', 'kmr'] },
      { version: 2, versionCreated: '2026-03-01T09:00:01.000Z', pubStatus: 'usable', signal: 'correction', editor: 'alice', languages: ['ar', 'ckb', 'en'] },
      { version: 3, versionCreated: '2026-03-01T09:00:02.000Z', pubStatus: 'canceled', signal: null, editor: 'bob', languages: ['ar', 'ckb', 'en'] },
    ]);
  });
  it('records ROJNAME_ADMIN_TOKEN as the editor "admin"', async () => {
    const d = await makeDesk();
    await post(d, story('by-admin', ['en']), ADMIN);
    expect((await (await d.app.request('/api/articles/by-admin/versions', { headers: as(ALICE) })).json()).versions.map((v: { editor: string }) => v.editor)).toEqual(['admin']);
  });
  it('answers 404 for a story that does not exist, and 405 to other methods', async () => {
    const d = await makeDesk();
    const missing = await d.app.request('/api/articles/nope/versions', { headers: as(ALICE) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ detail: 'no story "nope"' });
    const post = await d.app.request(`/api/articles/${SAMPLE_ID}/versions`, { method: 'POST', headers: as(ALICE) });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe("named editors' tokens", () => {
  it("puts the editor's name in each request's log line, never a token", async () => {
    const d = await makeDesk();
    await post(d, story('logged', ['en']), BOB);
    await d.app.request('/api/articles/logged', { method: 'DELETE', headers: as(ALICE) });
    await d.app.request('/api/articles', { headers: as('not-a-token') });
    const requests = d.logs.filter((l) => l.msg === 'request').map((l) => [l.method, l.path, l.status, l.editor]);
    expect(requests).toEqual([
      ['POST', '/api/articles', 201, 'bob'],
      ['DELETE', '/api/articles/logged', 200, 'alice'],
      ['GET', '/api/articles', 401, undefined],
    ]);
    const text = JSON.stringify(d.logs);
    for (const token of [ALICE, BOB, ADMIN]) expect(text).not.toContain(token);
  });
  it('refuses a token no editor has, and a prefix of a real one', async () => {
    const d = await makeDesk();
    for (const token of ['nobody', ALICE.slice(0, -1), `${ALICE}x`]) {
      expect((await d.app.request(`/api/articles/${SAMPLE_ID}`, { headers: as(token) })).status).toBe(401);
    }
  });
});

describe('POST /api/media and GET /media/{file}', () => {
  it('keeps the picture in the store: 201 with its URL, type, size in bytes and pixels, and SHA-256', async () => {
    const d = await makeDesk();
    const res = await upload(d, PNG);
    expect(res.status).toBe(201);
    const url = `/media/${sha(PNG)}.png`;
    expect(res.headers.get('location')).toBe(url);
    expect(await res.json()).toEqual({ url, type: 'image/png', bytes: PNG.length, width: 37, height: 21, sha256: sha(PNG) });
    expect(await d.store.getMedia(sha(PNG))).toMatchObject({ type: 'image/png', width: 37, height: 21 });
  });
  it('gives the same bytes the same URL (200 the second time, nothing new)', async () => {
    const d = await makeDesk();
    const first = await (await upload(d, WEBP, 'image/webp')).json();
    const again = await upload(d, WEBP, 'image/webp', BOB);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(first).toMatchObject({ url: `/media/${sha(WEBP)}.webp`, type: 'image/webp', width: 37, height: 21 });
  });
  it('serves it byte for byte: its type, ETag = SHA-256, cached as immutable, 304 on revalidation, HEAD', async () => {
    const d = await makeDesk();
    const { url } = await (await upload(d, PNG)).json();
    const res = await d.app.request(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('etag')).toBe(`"${sha(PNG)}"`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-length')).toBe(String(PNG.length));
    const revalidated = await d.app.request(url, { headers: { 'if-none-match': `"${sha(PNG)}"` } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(`"${sha(PNG)}"`);
    expect(await revalidated.text()).toBe('');
    const head = await d.app.request(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(PNG.length));
  });
  it('answers 404 for a hash it does not have, and for its picture under another extension', async () => {
    const d = await makeDesk();
    await upload(d, PNG);
    expect((await d.app.request(`/media/${sha(PNG)}.jpg`)).status).toBe(404);
    expect((await d.app.request(`/media/${'0'.repeat(64)}.png`)).status).toBe(404);
  });
  it('still serves the files shipped in content/media', async () => {
    const d = await makeDesk();
    const res = await d.app.request('/media/nato-mission-iraq.jpg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(new URL('../../content/media/nato-mission-iraq.jpg', import.meta.url)))).toBe(true);
  });
  it('checks the declared type against the bytes, and refuses what is not a picture, naming the body', async () => {
    const d = await makeDesk();
    const cases: [Buffer, string, string][] = [
      [PNG, 'image/jpeg', 'the body is a PNG image, not image/jpeg as its Content-Type says'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png', 'the body is not a JPEG, PNG or WebP image (its first bytes are none of theirs)'],
      [PNG.subarray(0, 20), 'image/png', 'the body is a PNG image without its IHDR header (truncated or damaged)'],
      [Buffer.alloc(0), 'image/webp', 'the body is empty'],
    ];
    for (const [body, type, message] of cases) {
      const res = await upload(d, body, type);
      expect(res.status, message).toBe(400);
      expect((await res.json()).errors).toEqual([{ pointer: '', message }]);
    }
    expect((await d.app.request(`/media/${sha(PNG)}.png`)).status).toBe(404);
  });
  it('answers 415 to another Content-Type, 401 without a token, 405 to other methods', async () => {
    const d = await makeDesk();
    const gif = await upload(d, PNG, 'image/gif');
    expect(gif.status).toBe(415);
    expect((await gif.json()).detail).toBe("Send the picture's bytes as the body, with Content-Type image/jpeg, image/png, image/webp.");
    expect((await d.app.request('/api/media', { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(PNG) })).status).toBe(401);
    expect((await d.app.request('/api/media', { headers: as(ALICE) })).headers.get('allow')).toBe('POST');
  });
  it('answers 413 above 20 MiB, before reading the body, and keeps nothing', async () => {
    const d = await makeDesk();
    const big = Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024)]);
    const res = await upload(d, big);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413, limitBytes: 20 * 1024 * 1024, title: 'Picture too large' });
    expect(await d.store.getMedia(sha(big))).toBeUndefined();
  });
});

describe('pictures a story may show', () => {
  it('refuses a /media/ picture that does not exist, naming the image, and stores nothing', async () => {
    const d = await makeDesk();
    const res = await post(d, story('no-picture', ['en'], { images: [picture('/media/holiday.jpg', 'image/jpeg', 800, 600)] }));
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([
      { pointer: '/images/0/url', message: '"/media/holiday.jpg" is not a picture this service has: upload it first (POST /api/media, or rojname media add FILE) and use the URL it returns' },
    ]);
    expect((await d.app.request('/api/articles/no-picture', { headers: as(ALICE) })).status).toBe(404);
  });
  it('takes an uploaded picture at its own size, in every feed as an absolute URL; another size is refused', async () => {
    const d = await makeDesk();
    const { url } = await (await upload(d, PNG)).json();
    const wrong = await post(d, story('sized', ['en'], { images: [picture(url, 'image/png', 370, 210)] }));
    expect((await wrong.json()).errors).toEqual([
      { pointer: '/images/0/width', message: `must be 37, the width of ${url} (37×21), not 370` },
      { pointer: '/images/0/height', message: `must be 21, the height of ${url} (37×21), not 210` },
    ]);
    expect((await post(d, story('sized', ['en'], { images: [picture(url, 'image/png', 37, 21)] }))).status).toBe(201);
    expect(await (await d.app.request('/en/feed.json')).text()).toContain(`https://rojname.example${url}`);
  });
  it('takes an absolute picture URL elsewhere with the size given, and a shipped file at its size', async () => {
    const d = await makeDesk();
    const res = await post(d, story('elsewhere', ['en'], { images: [picture('https://images.example/a.jpg', 'image/jpeg', 640, 480), picture('/media/rojname-logo.png', 'image/png', 144, 144)] }));
    expect(res.status).toBe(201);
  });
  it('checks a PUT too, but never a picture the story already had', async () => {
    const d = await makeDesk();
    const got = await (await d.app.request(`/api/articles/${SAMPLE_ID}`, { headers: as(ALICE) })).json();
    const put = (body: unknown, version: number) => d.app.request(`/api/articles/${SAMPLE_ID}`, { method: 'PUT', headers: json(ALICE, { 'if-match': `"${version}"` }), body: JSON.stringify(body) });
    const moved = await put({ ...got, images: [{ ...got.images[0], url: '/media/missing.jpg' }] }, 1);
    expect((await moved.json()).errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/images/0/url']);
    expect((await put({ ...got, edNote: 'Text only.' }, 1)).status).toBe(200);
  });
});

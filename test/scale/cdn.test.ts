import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PurgeTiming } from '../../src/cdn/purge.js';
import { ConfigError, describeConfig, readConfig } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/i18n.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { openRuntime, seedSample } from '../../src/runtime.js';
import { ADMIN, newStory, SAMPLE_ID, T0 } from '../http/harness.js';
import { waitFor } from './processes.js';

const translator = createTranslator(defaultLanguages);
const FEED_CACHE = 'public, max-age=300, stale-while-revalidate=60, stale-if-error=86400';
const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=60, stale-if-error=86400';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function makeApp(options: { purgeUrl?: string; token?: string; timing?: Partial<PurgeTiming> } = {}) {
  const runtime = openRuntime(':memory:', () => new Date(T0));
  await seedSample(runtime.store);
  // A story under a Media Topic, published in February 2026: a topic feed and a monthly archive.
  await runtime.store.create(newStory('cdn-a', ['en', 'ar']));
  const logs: string[] = [];
  const app = createApp({
    ...runtime,
    translator,
    baseUrl: 'https://rojname.example',
    adminToken: ADMIN,
    partnerKeys: new Map(),
    log: (r) => logs.push(JSON.stringify(r)),
    ...(options.purgeUrl ? { purge: { url: options.purgeUrl, ...(options.token ? { token: options.token } : {}) }, purgeTiming: { gatherMs: 10, ...options.timing } } : {}),
  });
  cleanups.push(async () => {
    app.services.purger?.stop();
    app.services.publisher.stop();
    await runtime.store.close();
  });
  return { app, store: runtime.store, logs };
}

interface Received {
  at: number;
  authorization: string | undefined;
  contentType: string | undefined;
  body: { keys: string[] };
}

/** A purge receiver on loopback: records each POST, answers with `answer(n)` (the n-th request, from 0), or holds it while `hold(n)`. */
async function startReceiver(answer: (n: number) => number = () => 204, hold?: (n: number) => Promise<void>) {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const n = received.length;
      received.push({ at: Date.now(), authorization: req.headers.authorization, contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { keys: string[] } });
      await hold?.(n);
      res.writeHead(answer(n)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge`, received, server };
}

/** The keys an edit of `cdn-a` in English makes stale (see src/cdn/keys.ts). */
const EDIT_KEYS = ['archive:en/2026-02', 'feed:en/atom.xml', 'feed:en/feed.json', 'feed:en/rss.xml', 'home', 'page:en', 'sitemaps', 'story:cdn-a', 'topic:en/11000000'];

async function editEnglish(app: Awaited<ReturnType<typeof makeApp>>['app'], headline: string) {
  const got = await app.request('/api/articles/cdn-a', { headers: { authorization: `Bearer ${ADMIN}` } });
  const story = (await got.json()) as { localizations: Record<string, { headline: string }> };
  story.localizations.en!.headline = headline;
  const res = await app.request('/api/articles/cdn-a', { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'if-match': got.headers.get('etag')! }, body: JSON.stringify(story) });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('CDN-ready responses', () => {
  it.each([
    ['/en/rss.xml', 'lang:en feed:en/rss.xml', FEED_CACHE],
    ['/ar/atom.xml', 'lang:ar feed:ar/atom.xml', FEED_CACHE],
    ['/ckb/feed.json', 'lang:ckb feed:ckb/feed.json', FEED_CACHE],
    ['/kmr/', 'lang:kmr page:kmr', PAGE_CACHE],
    ['/', 'home', PAGE_CACHE],
    [`/en/articles/${SAMPLE_ID}`, `lang:en story:${SAMPLE_ID}`, PAGE_CACHE],
    ['/en/topics/11000000/rss.xml', 'lang:en topic:en/11000000', FEED_CACHE],
    ['/ar/archive/2026/02/atom.xml', 'lang:ar archive:ar/2026-02', FEED_CACHE],
    ['/media/rojname-logo.png', 'media media:rojname-logo.png', 'public, max-age=86400'],
    ['/sitemap.xml', 'sitemaps', 'public, max-age=300'],
    ['/robots.txt', 'site', 'public, max-age=3600'],
  ])('GET %s names what it depends on in Surrogate-Key and Cache-Tag, on the 200 and the 304', async (path, keys, cacheControl) => {
    const { app } = await makeApp();
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('surrogate-key')).toBe(keys);
    expect(res.headers.get('cache-tag')).toBe(keys.replaceAll(' ', ','));
    expect(res.headers.get('cache-control')).toBe(cacheControl);
    const again = await app.request(path, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('surrogate-key')).toBe(keys);
    expect(again.headers.get('cache-tag')).toBe(keys.replaceAll(' ', ','));
  });

  it.each(['/en/articles/no-such-story', '/en/topics/99999999/rss.xml', '/en/archive/1999/01/atom.xml', '/media/nothing.png', '/xx/rss.xml'])('an error (GET %s) carries no keys', async (path) => {
    const { app } = await makeApp();
    const res = await app.request(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('surrogate-key')).toBeNull();
    expect(res.headers.get('cache-tag')).toBeNull();
  });
});

describe('ROJNAME_PURGE_URL', () => {
  it("POSTs each change's keys as JSON with the bearer token, and the write never waits for the receiver", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // The receiver holds its first answer until the test releases it.
    const receiver = await startReceiver(() => 204, (n) => (n === 0 ? held : Promise.resolve()));
    const { app } = await makeApp({ purgeUrl: receiver.url, token: 'purge-secret' });
    const started = Date.now();
    await editEnglish(app, 'A first edit');
    await waitFor('the first purge', async () => receiver.received.length === 1);
    // The write was answered while the purge is still held.
    await editEnglish(app, 'A second edit, while the first purge is unanswered');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ authorization: 'Bearer purge-secret', contentType: 'application/json', body: { keys: EDIT_KEYS } });
    expect(receiver.received[0]!.at - started).toBeLessThan(1000);
    release();
    // The keys of the second edit go out once the first POST is answered: one request at a time.
    await waitFor('the second purge', async () => receiver.received.length === 2);
    expect(receiver.received[1]!.body).toEqual({ keys: EDIT_KEYS });
    await waitFor('both purges answered', async () => app.services.purger!.sent === 2);
  });

  it('retries a failing receiver with doubling waits, then delivers the same keys', async () => {
    // 503, a connection dropped mid-request, 500, then 204.
    const receiver = await startReceiver((n) => [503, 204, 500, 204][n] ?? 204, async (n) => {
      if (n === 1) receiver.server.closeAllConnections();
    });
    const { app, logs } = await makeApp({ purgeUrl: receiver.url, timing: { firstRetryMs: 100, maxRetryMs: 1000 } });
    await editEnglish(app, 'An edit the receiver refuses at first');
    await waitFor('the delivered purge', async () => app.services.purger!.sent === 1);
    expect(receiver.received.map((r) => r.body.keys)).toEqual([EDIT_KEYS, EDIT_KEYS, EDIT_KEYS, EDIT_KEYS]);
    const gaps = receiver.received.slice(1).map((r, i) => r.at - receiver.received[i]!.at);
    // 100, 200, 400 ms (each at least its wait; the machine may add some).
    expect(gaps[0]).toBeGreaterThanOrEqual(95);
    expect(gaps[1]).toBeGreaterThanOrEqual(195);
    expect(gaps[2]).toBeGreaterThanOrEqual(395);
    expect(logs.filter((l) => l.includes('"msg":"purge refused"')).map((l) => JSON.parse(l).status)).toEqual([503, 500]);
    expect(logs.filter((l) => l.includes('"msg":"purge failed"'))).toHaveLength(1);
    // The token never reaches the log.
    expect(logs.join('\n')).not.toContain('Bearer');
  });

  it('a kill purges the story and every language it had', async () => {
    const receiver = await startReceiver();
    const { app, store } = await makeApp({ purgeUrl: receiver.url });
    await store.kill('cdn-a');
    await waitFor('the purge of the kill', async () => receiver.received.length >= 1);
    await waitFor('every key of the kill', async () => new Set(receiver.received.flatMap((r) => r.body.keys)).has('feed:ar/rss.xml') && new Set(receiver.received.flatMap((r) => r.body.keys)).has('feed:en/rss.xml'));
    const keys = new Set(receiver.received.flatMap((r) => r.body.keys));
    for (const key of ['story:cdn-a', 'page:en', 'page:ar', 'topic:en/11000000', 'topic:ar/11000000', 'archive:en/2026-02', 'archive:ar/2026-02']) expect(keys.has(key), key).toBe(true);
    expect(keys.has('feed:ckb/rss.xml')).toBe(false);
    expect(app.services.purger).toBeDefined();
  });
});

describe('ROJNAME_PURGE_URL and ROJNAME_PURGE_TOKEN', () => {
  it('are read together; the start-up line names the URL without its query or credentials, never the token', () => {
    const config = readConfig({ ROJNAME_PURGE_URL: 'https://user:pw@purger.internal/purge?key=s3cret', ROJNAME_PURGE_TOKEN: 'tok-123' });
    expect(config.purge).toEqual({ url: 'https://user:pw@purger.internal/purge?key=s3cret', token: 'tok-123' });
    const line = describeConfig(config);
    expect(line).toContain('CDN purges: POST https://purger.internal/purge (with ROJNAME_PURGE_TOKEN)\n');
    for (const secret of ['s3cret', 'tok-123', 'pw@']) expect(line).not.toContain(secret);
    expect(readConfig({}).purge).toBeUndefined();
  });
  it('refuse a URL that is not http(s), and a token without a URL', () => {
    expect(() => readConfig({ ROJNAME_PURGE_URL: 'ftp://purger/' })).toThrow(new ConfigError('ROJNAME_PURGE_URL must be an absolute http(s) URL, e.g. https://purger.internal/purge'));
    expect(() => readConfig({ ROJNAME_PURGE_TOKEN: 'x' })).toThrow(new ConfigError('ROJNAME_PURGE_TOKEN is set but ROJNAME_PURGE_URL is not: set the URL the purges go to'));
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { NEWSML_FORMATS } from '../../src/formats/registry.js';
import type { Clock } from '../../src/store/store.js';
import { eventually, newStory, postgresBackend, SAMPLE_ID, sqliteBackend, startServer, testClock, WEBHOOK, type TestServer } from '../partners/harness.js';

/**
 * Entitlements, quotas and the account, route by route, on the real service over loopback, on
 * each store. Partners (test/partners/harness.ts): afp sees everything; ap sees en and ar and no
 * embargoed items; tiny sees ckb, five requests a minute.
 */

type ChangeEntry = { cursor: string; storyId: string; language: string; kind: string; version: number; url: string };
type ChangesPage = { changes: ChangeEntry[]; nextCursor: string; hasMore: boolean };

describe.each([sqliteBackend(), postgresBackend()])('partners on the $name store', (backend) => {
  const servers: TestServer[] = [];
  let clock: Clock;
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  beforeEach(async () => {
    await backend.reset();
    clock = testClock();
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const start = async (options: { seed?: boolean; quotaSyncIntervalMs?: number } = {}) => {
    const server = await startServer(backend, clock, options);
    servers.push(server);
    return server;
  };
  const changes = async (s: TestServer, who: 'afp' | 'ap' | 'tiny', since?: string): Promise<ChangesPage> => (await s.get(`/newsml/changes${since ? `?since=${since}` : ''}`, who)).json();

  describe('languages', () => {
    it.each([
      '/newsml/ckb/latest.xml',
      '/ninjs/kmr/latest.json',
      `/newsml/items/${SAMPLE_ID}/ckb.xml`,
      `/newsml/items/${SAMPLE_ID}/ckb.xml?version=1`,
      `/ninjs/items/${SAMPLE_ID}/kmr.json`,
      '/newsml/de/latest.xml',
      `/ninjs/items/${SAMPLE_ID}/de.json`,
    ])('GET %s: a language the partner lacks is unknown, and the 404 lists only its own', async (path) => {
      const s = await start();
      const res = await s.get(path, 'ap');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      const lang = /\/(\w+)(?:\/latest)?\.(?:xml|json)/.exec(path.replace(SAMPLE_ID, ''))![1];
      expect(await res.json()).toMatchObject({ status: 404, detail: `Unknown language "${lang}". Supported: en, ar.`, supportedLanguages: ['en', 'ar'] });
      // afp has every language: the same registry languages are there for it.
      if (!path.includes('/de')) expect((await s.get(path, 'afp')).status).toBe(200);
    });
    it('serves the languages it has', async () => {
      const s = await start();
      for (const path of ['/newsml/en/latest.xml', '/ninjs/ar/latest.json', `/newsml/items/${SAMPLE_ID}/ar.xml`, `/ninjs/items/${SAMPLE_ID}/en.json?version=1`]) {
        const res = await s.get(path, 'ap');
        expect(res.status, path).toBe(200);
        expect(await res.text()).toContain(SAMPLE_ID);
      }
    });
    it('lists only the entitled language versions in a package, under the same package guid', async () => {
      const s = await start();
      const ap = await (await s.get(`/newsml/packages/${SAMPLE_ID}.xml`, 'ap')).text();
      const afp = await (await s.get(`/newsml/packages/${SAMPLE_ID}.xml`, 'afp')).text();
      const refs = (xml: string) => [...xml.matchAll(/residref="[^"]+:(\w+)"/g)].map((m) => m[1]).sort();
      expect(refs(ap)).toEqual(['ar', 'en']);
      expect(refs(afp)).toEqual(['ar', 'ckb', 'en', 'kmr']);
      const guid = (xml: string) => /<packageItem[^>]* guid="([^"]+)"/.exec(xml)?.[1];
      expect(guid(ap)).toBe(guid(afp));
      // A story with none of its languages is not there at all.
      await s.post(newStory('ckb-only', ['ckb']));
      const res = await s.get('/newsml/packages/ckb-only.xml', 'ap');
      expect([res.status, (await res.json()).detail]).toEqual([404, 'no story "ckb-only"']);
      expect((await s.get('/newsml/packages/ckb-only.xml', 'tiny')).status).toBe(200);
    });
    it("keeps the change feed to the partner's languages, and its cursor moves past what it does not see", async () => {
      const s = await start();
      await s.post(newStory('sorani', ['ckb']));
      await s.post(newStory('english', ['en', 'kmr']));
      const tiny = await changes(s, 'tiny');
      expect(tiny.changes.map((c) => [c.storyId, c.language])).toEqual([[SAMPLE_ID, 'ckb'], ['sorani', 'ckb']]);
      // Read through the newest change (7): the partner never reads the others again.
      expect(tiny).toMatchObject({ nextCursor: '7', hasMore: false });
      const ap = await changes(s, 'ap');
      expect(ap.changes.map((c) => [c.storyId, c.language])).toEqual([[SAMPLE_ID, 'en'], [SAMPLE_ID, 'ar'], ['english', 'en']]);
      expect(await changes(s, 'ap', '7')).toEqual({ changes: [], nextCursor: '7', hasMore: false });
      // Its cursors are still checked against the whole log.
      const bad = await s.get('/newsml/changes?since=8', 'tiny');
      expect([bad.status, (await bad.json()).newestCursor]).toEqual([400, '7']);
    });
    it('pages the partner\'s own view 100 changes at a time', async () => {
      const s = await start();
      for (let i = 0; i < 120; i++) await s.post(newStory(`story-${i}`, i % 2 ? ['en', 'ckb'] : ['ckb']));
      const first = await changes(s, 'tiny');
      expect(first.changes).toHaveLength(100);
      expect(first.hasMore).toBe(true);
      const second = await changes(s, 'tiny', first.nextCursor);
      expect(second.changes).toHaveLength(21);
      expect(second.hasMore).toBe(false);
      expect(new Set([...first.changes, ...second.changes].map((c) => c.storyId)).size).toBe(121);
      expect([...first.changes, ...second.changes].every((c) => c.language === 'ckb')).toBe(true);
    });
  });

  describe('embargo', () => {
    it('hides an embargoed item from a partner without embargoed items until it lifts, then tells it once, after what it has seen', async () => {
      const s = await start();
      const lift = clock().getTime() + 1500;
      const seen = await changes(s, 'ap');
      expect(seen.nextCursor).toBe('4');
      await s.post(newStory('under', ['en', 'ar'], { embargoedUntil: new Date(lift).toISOString() }));
      await s.post(newStory('plain', ['en']));
      const paths = ['/newsml/items/under/en.xml', '/newsml/items/under/en.xml?version=1', '/ninjs/items/under/ar.json', '/ninjs/items/under/ar.json?version=1', '/newsml/packages/under.xml'];
      // Before the lift: as if it did not exist.
      for (const path of paths) {
        const res = await s.get(path, 'ap');
        expect(res.status, path).toBe(404);
        expect((await res.json()).detail, path).not.toContain('embargo');
        expect((await s.get(path, 'afp')).status, path).toBe(200);
      }
      const apXml = await (await s.get('/newsml/en/latest.xml', 'ap')).text();
      expect(apXml).toContain(':plain:en');
      expect(apXml).not.toContain('under');
      expect(await (await s.get('/ninjs/ar/latest.json', 'ap')).text()).not.toContain('under');
      expect(await (await s.get('/newsml/en/latest.xml', 'afp')).text()).toContain(':under:en');
      const before = await changes(s, 'ap', seen.nextCursor);
      expect(before.changes.map((c) => [c.storyId, c.kind])).toEqual([['plain', 'new']]);
      // afp saw it when it was written.
      expect((await changes(s, 'afp', '4')).changes.map((c) => [c.storyId, c.language, c.kind])).toEqual([['under', 'en', 'new'], ['under', 'ar', 'new'], ['plain', 'en', 'new']]);

      // The lift: recorded by the service itself, at the instant.
      await eventually(async () => (await changes(s, 'ap', before.nextCursor)).changes.length === 2);
      expect(clock().getTime()).toBeGreaterThanOrEqual(lift);
      const after = await changes(s, 'ap', before.nextCursor);
      expect(after.changes.map((c) => [c.storyId, c.language, c.kind, c.version, c.url])).toEqual([
        ['under', 'ar', 'embargo-lifted', 1, `${s.base}/newsml/items/under/ar.xml?version=1`],
        ['under', 'en', 'embargo-lifted', 1, `${s.base}/newsml/items/under/en.xml?version=1`],
      ]);
      expect(Number(after.changes[0]!.cursor)).toBeGreaterThan(Number(before.nextCursor));
      for (const path of paths) expect((await s.get(path, 'ap')).status, path).toBe(200);
      expect(await (await s.get('/newsml/en/latest.xml', 'ap')).text()).toContain(':under:en');
      expect(await (await s.get('/ninjs/ar/latest.json', 'ap')).text()).toContain(':under:ar');
      // afp already had it: its feed does not carry the lift.
      expect((await changes(s, 'afp', '7')).changes).toEqual([]);
    });
    it('publishes the variant without embargoed items once per change, and answers it from memory', async () => {
      const s = await start();
      const first = await s.get('/newsml/en/latest.xml', 'ap');
      const render = vi.spyOn(NEWSML_FORMATS.message, 'renderBytes');
      try {
        for (let i = 0; i < 5; i++) expect((await s.get('/newsml/en/latest.xml', 'ap', { 'if-none-match': first.headers.get('etag')! })).status).toBe(304);
        expect(render.mock.calls.length).toBe(0);
        await s.post(newStory('fresh', ['en']));
        await s.post(newStory('held-back', ['en'], { embargoedUntil: new Date(clock().getTime() + 3_600_000).toISOString() }));
        for (let i = 0; i < 3; i++) {
          const xml = await (await s.get('/newsml/en/latest.xml', 'ap')).text();
          expect(xml).toContain(':fresh:en');
          expect(xml).not.toContain('held-back');
        }
        // Once per change (two writes may share one render), never per request.
        expect(render.mock.calls.length).toBeGreaterThanOrEqual(1);
        expect(render.mock.calls.length).toBeLessThanOrEqual(2);
      } finally {
        render.mockRestore();
      }
    });
    it('records the lift once when two replicas watch the store', async () => {
      const a = await start();
      const b = await start({ seed: false });
      const lift = clock().getTime() + 800;
      await a.post(newStory('under', ['en'], { embargoedUntil: new Date(lift).toISOString() }));
      await eventually(async () => (await changes(b, 'ap', '5')).changes.length === 1);
      await new Promise((r) => setTimeout(r, 300));
      // One entry, whichever replica logged it; each replica serves it alike (its own base URL aside).
      const lifts = async (s: TestServer) => (await changes(s, 'ap', '0')).changes.filter((c) => c.kind === 'embargo-lifted').map((c) => [c.cursor, c.storyId, c.language, c.version]);
      expect(await lifts(a)).toEqual([['6', 'under', 'en', 1]]);
      expect(await lifts(b)).toEqual([['6', 'under', 'en', 1]]);
      expect((await a.store.changes(0, 100)).filter((c) => c.kind === 'embargo-lifted')).toHaveLength(1);
    });
  });

  describe('quotas', () => {
    const policy = '"minute";q=5;w=60';
    it('carries RateLimit on every partner response and answers 429 with Retry-After over the quota', async () => {
      const s = await start();
      const first = await s.get('/newsml/ckb/latest.xml', 'tiny');
      const etag = first.headers.get('etag')!;
      const responses = [first, await s.get('/newsml/ckb/latest.xml', 'tiny', { 'if-none-match': etag }), await s.get('/newsml/en/latest.xml', 'tiny'), await s.get('/newsml/changes?since=x', 'tiny'), await s.get('/newsml/account', 'tiny')];
      expect(responses.map((r) => r.status)).toEqual([200, 304, 404, 400, 200]);
      const reset = (r: Response) => Number(/;t=(\d+)$/.exec(r.headers.get('ratelimit')!)![1]);
      responses.forEach((r, i) => {
        expect(r.headers.get('ratelimit-policy')).toBe(policy);
        expect(r.headers.get('ratelimit')).toMatch(new RegExp(`^"minute";r=${4 - i};t=\\d+$`));
        expect(reset(r)).toBeGreaterThan(0);
        expect(reset(r)).toBeLessThanOrEqual(60);
      });
      const over = await s.get('/newsml/ckb/latest.xml', 'tiny');
      expect(over.status).toBe(429);
      expect(over.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(over.headers.get('ratelimit-policy')).toBe(policy);
      expect(over.headers.get('ratelimit')).toMatch(/^"minute";r=0;t=\d+$/);
      expect(over.headers.get('retry-after')).toBe(String(reset(over)));
      expect(await over.json()).toMatchObject({ status: 429, title: 'Too many requests', requestsPerMinute: 5 });
      // Other partners have their own quota.
      const afp = await s.get('/newsml/ckb/latest.xml', 'afp');
      expect([afp.status, afp.headers.get('ratelimit-policy'), afp.headers.get('ratelimit')]).toEqual([200, '"minute";q=600;w=60', expect.stringMatching(/^"minute";r=599;t=\d+$/)]);
      // Without a key: no partner, no quota headers.
      const anon = await fetch(`${s.base}/newsml/ckb/latest.xml`);
      expect([anon.status, anon.headers.get('ratelimit')]).toEqual([401, null]);
    });
    it('counts in memory: a burst of requests writes to the store at most once a sync interval', async () => {
      const s = await start({ quotaSyncIntervalMs: 1000 });
      const sync = vi.spyOn(s.store, 'syncRequestCounts');
      try {
        for (let i = 0; i < 50; i++) expect((await s.get('/newsml/account', 'afp')).status).toBe(200);
        // The first request's read of the others' counts, and at most one tick of the timer.
        expect(sync.mock.calls.length).toBeGreaterThanOrEqual(1);
        expect(sync.mock.calls.length).toBeLessThanOrEqual(2);
      } finally {
        sync.mockRestore();
      }
    });
    it('is one quota across replicas sharing the store: they converge within the sync interval', async () => {
      const a = await start({ quotaSyncIntervalMs: 100 });
      const b = await start({ seed: false, quotaSyncIntervalMs: 100 });
      for (let i = 0; i < 3; i++) expect((await a.get('/newsml/account', 'tiny')).status).toBe(200);
      // B's first request reads the others' counts; it is allowed either way (4 of 5).
      expect((await b.get('/newsml/account', 'tiny')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 400));
      const last = await b.get('/newsml/account', 'tiny');
      expect([last.status, last.headers.get('ratelimit')]).toEqual([200, expect.stringMatching(/^"minute";r=0;/)]);
      expect((await b.get('/newsml/account', 'tiny')).status).toBe(429);
      await new Promise((r) => setTimeout(r, 400));
      expect((await a.get('/newsml/account', 'tiny')).status).toBe(429);
    });
  });

  describe('GET /newsml/account', () => {
    it("tells each partner its own entitlements, and its webhook's state", async () => {
      const s = await start();
      const res = await s.get('/newsml/account', 'ap');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        name: 'ap',
        languages: ['en', 'ar'],
        embargoed: false,
        requestsPerMinute: 1000,
        webhook: { url: WEBHOOK.url, pending: 0, lastDelivery: null, lastStatus: null, failures: 0 },
      });
      // The secret never leaves the service.
      expect(text).not.toContain('whsec_');
      expect(await (await s.get('/newsml/account', 'afp')).json()).toEqual({ name: 'afp', languages: ['en', 'ckb', 'kmr', 'ar'], embargoed: true, requestsPerMinute: 600, webhook: null });
      expect((await fetch(`${s.base}/newsml/account`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    });
  });
});

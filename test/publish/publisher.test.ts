import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { NEWSML_FORMATS } from '../../src/formats/registry.js';
import { rssFormat } from '../../src/formats/rss/index.js';
import { StoryOutputs } from '../../src/publish/stories.js';
import { SqliteArticleStore } from '../../src/store/sqlite.js';
import type { ArticleStore } from '../../src/store/store.js';
import { makeContext } from '../fixtures/sample-view.js';
import { admin, makeHarness, newStory, partner, SAMPLE_ID, T0 } from '../http/harness.js';

const STORE_METHODS = ['create', 'update', 'kill', 'get', 'history', 'listLatest', 'getStoryVersion', 'nextEmbargo', 'lastRemoval', 'languageStates', 'changes', 'lastChange'] as const;

/** Counts every call to the store's methods from now on. */
function countStoreCalls(store: ArticleStore): () => number {
  const spies = STORE_METHODS.map((m) => vi.spyOn(store, m));
  return () => spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
}

/** Polls until `done()` holds; fails after 10 s. */
async function eventually(done: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 10_000;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const post = (body: unknown) => ({ method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(body) });

describe('the request path', () => {
  it('reads memory only: published sets and cached documents answer without a store query', async () => {
    const h = await makeHarness();
    await h.app.services.publisher.start();
    const page = `/en/articles/${SAMPLE_ID}`;
    await h.app.request(page);
    await h.app.request(`/newsml/items/${SAMPLE_ID}/ar.xml`, { headers: partner() });
    const calls = countStoreCalls(h.store);
    for (const path of ['/en/rss.xml', '/ckb/atom.xml', '/ar/feed.json', '/kmr/', page]) {
      const first = await h.app.request(path, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(first.status).toBe(200);
      expect((await h.app.request(path, { headers: { 'if-none-match': first.headers.get('etag')! } })).status).toBe(304);
    }
    for (const path of ['/newsml/en/latest.xml', `/newsml/items/${SAMPLE_ID}/ar.xml`]) {
      const first = await h.app.request(path, { headers: partner() });
      expect(first.status).toBe(200);
      expect((await h.app.request(path, { headers: partner({ 'if-none-match': first.headers.get('etag')! }) })).status).toBe(304);
    }
    expect(calls()).toBe(0);
  });
  it("serves a write at once: the next request after it waits for the write's publication", async () => {
    const h = await makeHarness();
    await h.app.request('/en/rss.xml');
    expect((await h.app.request('/api/articles', post(newStory('just-written', ['en'])))).status).toBe(201);
    expect(await (await h.app.request('/en/rss.xml')).text()).toContain('Headline just-written en');
  });
  it('serves within a second a write made by another process on the same store file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rojname-pub-')), 'r.db');
    const h = await makeHarness({ dbPath: path });
    await h.app.services.publisher.start();
    const other = new SqliteArticleStore({ path, checkArticle: createArticleChecker(defaultLanguages) });
    try {
      await other.create(newStory('written-elsewhere', ['ar']));
      await eventually(async () => (await (await h.app.request('/ar/rss.xml')).text()).includes('Headline written-elsewhere ar'));
    } finally {
      await other.close();
      await h.store.close();
    }
  });
});

describe('publication on change', () => {
  it('publishes a language\'s feeds, page and partner message after a write, unasked, and never per request', async () => {
    const h = await makeHarness();
    await h.app.services.publisher.start();
    const message = vi.spyOn(NEWSML_FORMATS.message, 'renderBytes');
    const rss = vi.spyOn(rssFormat, 'renderBytes');
    try {
      await h.store.create(newStory('unasked', ['ckb']));
      // No request: the publisher renders what the change touched on its own.
      await eventually(async () => message.mock.calls.length === 1 && rss.mock.calls.length === 1);
      expect(rss.mock.calls[0]![0].language.tag).toBe('ckb');
      for (let i = 0; i < 5; i++) {
        expect((await h.app.request('/ckb/rss.xml')).status).toBe(200);
        expect((await h.app.request('/newsml/ckb/latest.xml', { headers: partner() })).status).toBe(200);
      }
      expect([message.mock.calls.length, rss.mock.calls.length]).toEqual([1, 1]);
    } finally {
      message.mockRestore();
      rss.mockRestore();
    }
  });
});

describe('published bytes derive from the stored state', () => {
  it('the newsMessage has stable bytes and ETag for the same state, whatever the clock says', async () => {
    const h = await makeHarness();
    const first = await h.app.request('/newsml/en/latest.xml', { headers: partner() });
    const body = await first.text();
    h.setNow(T0 + 86_400_000);
    const restarted = h.restart();
    const again = await restarted.request('/newsml/en/latest.xml', { headers: partner() });
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await again.text()).toBe(body);
    // `sent` is the newest change the message shows, not the time of the request.
    const sample = await h.store.get(SAMPLE_ID);
    expect(body).toContain(`<sent>${sample!.versionCreated}</sent>`);
  });
  it('a newsMessage changes (bytes, ETag, sent) when one of its items does', async () => {
    const h = await makeHarness();
    const first = await h.app.request('/newsml/en/latest.xml', { headers: partner() });
    h.setNow(T0 + 60_000);
    await h.app.request('/api/articles', post(newStory('newer', ['en'])));
    const again = await h.app.request('/newsml/en/latest.xml', { headers: partner({ 'if-none-match': first.headers.get('etag')! }) });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(`<sent>${new Date(T0 + 60_000).toISOString()}</sent>`);
  });
});

describe('per-story documents', () => {
  it('answer a conditional request after a restart before anything is rendered', async () => {
    const h = await makeHarness();
    const page = `/ckb/articles/${SAMPLE_ID}`;
    const first = await h.app.request(page);
    const item = await h.app.request(`/newsml/items/${SAMPLE_ID}/en.xml?version=1`, { headers: partner() });
    const restarted = h.restart();
    expect((await restarted.request(page, { headers: { 'if-none-match': first.headers.get('etag')! } })).status).toBe(304);
    expect((await restarted.request(`/newsml/items/${SAMPLE_ID}/en.xml?version=1`, { headers: partner({ 'if-none-match': item.headers.get('etag')! }) })).status).toBe(304);
    // Looked up (two entries), rendered never: no bytes are held.
    expect(restarted.services.publisher.stories.size).toEqual({ entries: 2, bytes: 0 });
  });
  it('are dropped when their story changes', async () => {
    const h = await makeHarness();
    await h.app.request('/api/articles', post(newStory('will-change', ['en'])));
    const before = await h.app.request('/en/articles/will-change');
    expect(await before.text()).toContain('Headline will-change en');
    const story = await (await h.app.request('/api/articles/will-change', { headers: admin() })).json();
    story.localizations.en.headline = 'A better headline';
    await h.app.request('/api/articles/will-change', { method: 'PUT', headers: admin({ 'content-type': 'application/json', 'if-match': '"1"' }), body: JSON.stringify(story) });
    const after = await h.app.request('/en/articles/will-change', { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('A better headline');
  });
  it('are kept in a bounded cache, least recently used out first', async () => {
    const h = await makeHarness();
    for (const id of ['one', 'two', 'three']) await h.app.request('/api/articles', post(newStory(id, ['en'])));
    const stories = new StoryOutputs({ store: h.store, ctx: makeContext(), clock: () => new Date(T0), maxEntries: 2 });
    for (const id of ['one', 'two', 'one', 'three']) {
      const doc = await stories.articlePage(id, 'en');
      if ('missing' in doc) throw new Error(doc.detail);
      doc.render();
    }
    expect(stories.size.entries).toBe(2);
    const calls = countStoreCalls(h.store);
    await stories.articlePage('one', 'en');
    await stories.articlePage('three', 'en');
    expect(calls()).toBe(0);
    await stories.articlePage('two', 'en');
    expect(calls()).toBe(1);
  });
});

describe('compression', () => {
  it('is made once per publication, off the request path; both variants revalidate', async () => {
    const h = await makeHarness();
    const br = await h.app.request('/ar/rss.xml', { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    // First the quick compression (its own entity tag), later the best one.
    expect(br.headers.get('etag')).toMatch(/-br\.1"$/);
    const identity = await h.app.request('/ar/rss.xml');
    for (const etag of [br.headers.get('etag')!, identity.headers.get('etag')!]) {
      expect((await h.app.request('/ar/rss.xml', { headers: { 'accept-encoding': 'br', 'if-none-match': etag } })).status).toBe(304);
    }
  });
});

describe('routing', () => {
  it("uses Hono's RegExpRouter: every route is a static path or a pattern it supports", async () => {
    const h = await makeHarness();
    await h.app.request('/en/rss.xml');
    // SmartRouter falls back to the slower TrieRouter when one route does not suit RegExpRouter.
    expect((h.app.router as unknown as { activeRouter: { name: string } }).activeRouter.name).toBe('RegExpRouter');
  });
});

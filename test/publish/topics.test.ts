import { describe, expect, it } from 'vitest';
import { createArticleChecker } from '../../src/article/validate.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { SqliteArticleStore } from '../../src/store/sqlite.js';
import { checkAtom, checkJsonFeed } from '../helpers/official.js';
import { admin, makeHarness, SAMPLE_ID, T0, type Harness } from '../http/harness.js';

/** Issue 9 item 6: a feed per IPTC Media Topic per language, the 30 newest stories naming it. */

const BASE = 'https://rojname.example';

function story(id: string, subjects: string[], extra: Record<string, unknown> = {}) {
  return {
    id,
    pubStatus: 'usable',
    published: new Date(T0 - 3_600_000 + Number(id.replace(/\D/g, '') || 0) * 1000).toISOString(),
    sourceLanguage: 'en',
    provider: { name: 'Rojname', uri: 'https://rojname.example/' },
    located: { name: { en: 'Erbil' }, countryCode: 'IQ' },
    subjects: subjects.map((code) => ({ code })),
    contributors: [],
    images: [],
    localizations: {
      en: { headline: `Headline ${id}`, summary: `Summary ${id}.`, dateline: 'ERBIL (Rojname)', slug: id, body: [{ type: 'paragraph', text: `Body ${id}.` }] },
      ar: { headline: `عنوان ${id}`, summary: `ملخص ${id}.`, dateline: 'أربيل (روجنامه)', slug: `ar-${id}`, body: [{ type: 'paragraph', text: `نص ${id}.` }], translation: { from: 'en', fromVersion: 1, by: 'Desk' } },
    },
    ...extra,
  };
}

async function post(h: Harness, body: unknown): Promise<void> {
  const res = await h.app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(201);
}

const entryIds = (atom: string) => [...atom.matchAll(/<entry>\s*<id>[^<]*:([^:<]+)\/[a-z]+<\/id>/g)].map((m) => m[1]);

describe('Media Topic feeds', () => {
  it('hold the newest stories naming the topic (no roll-up), titled with its label, in all three formats', async () => {
    const h = await makeHarness();
    // 11000000 politics; 20000574 (election) is a narrower topic: not in the politics feed.
    await post(h, story('story-1', ['medtop:11000000']));
    await post(h, story('story-2', ['medtop:20000574']));
    await post(h, story('story-3', ['medtop:11000000', 'medtop:04000000']));
    const atomRes = await h.app.request('/en/topics/11000000/atom.xml');
    expect(atomRes.status).toBe(200);
    const atom = await atomRes.text();
    expect(entryIds(atom)).toEqual(['story-3', 'story-1']);
    expect(atom).toContain('<title type="text">Rojname — News in English: politics</title>');
    expect(atom).toContain('<id>tag:rojname.example,2021:feed/en/topics/11000000</id>');
    expect(atom).toContain(`<link href="${BASE}/en/topics/11000000/atom.xml" rel="self" type="application/atom+xml"/>`);
    expect((await checkAtom(atom)).errors).toEqual([]);
    const rss = await (await h.app.request('/en/topics/11000000/rss.xml')).text();
    expect(rss).toContain(`<atom:link href="${BASE}/en/topics/11000000/rss.xml" rel="self" type="application/rss+xml"/>`);
    expect(rss.match(/<item>/g)).toHaveLength(2);
    const json = await (await h.app.request('/ar/topics/11000000/feed.json')).text();
    expect(checkJsonFeed(json).errors).toEqual([]);
    const doc = JSON.parse(json) as { title: string; feed_url: string; items: { id: string }[] };
    expect(doc.feed_url).toBe(`${BASE}/ar/topics/11000000/feed.json`);
    expect(doc.title).toBe('السياسة — روجنامه — أخبار بالعربية');
    expect(doc.items.map((i) => i.id.split(':').at(-1))).toEqual(['story-3/ar', 'story-1/ar']);
    expect(entryIds(await (await h.app.request('/en/topics/20000574/atom.xml')).text())).toEqual(['story-2']);
  });

  it('answers 404 for a topic IPTC does not have, and for one no story in the language names', async () => {
    const h = await makeHarness();
    for (const path of ['/en/topics/99999999/rss.xml', '/en/topics/20000001/atom.xml', '/ckb/topics/11000000/feed.json']) {
      const res = await h.app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('follow changes: a story that leaves the topic, a kill, an embargo lifting', async () => {
    const h = await makeHarness();
    await post(h, story('story-1', ['medtop:11000000']));
    await post(h, story('story-2', ['medtop:11000000'], { embargoedUntil: new Date(T0 + 60_000).toISOString() }));
    expect(entryIds(await (await h.app.request('/en/topics/11000000/atom.xml')).text())).toEqual(['story-1']);
    h.setNow(T0 + 60_000);
    expect(entryIds(await (await h.app.request('/en/topics/11000000/atom.xml')).text())).toEqual(['story-2', 'story-1']);
    const s1 = (await h.store.get('story-1'))!;
    const moved = await h.app.request('/api/articles/story-1', { method: 'PUT', headers: admin({ 'content-type': 'application/json', 'if-match': `"${s1.version}"` }), body: JSON.stringify({ ...s1, subjects: [{ code: 'medtop:04000000' }] }) });
    expect(moved.status).toBe(200);
    expect(entryIds(await (await h.app.request('/en/topics/11000000/atom.xml')).text())).toEqual(['story-2']);
    expect(entryIds(await (await h.app.request('/en/topics/04000000/atom.xml')).text())).toEqual(['story-1']);
    await h.app.request('/api/articles/story-2', { method: 'DELETE', headers: admin() });
    expect((await h.app.request('/en/topics/11000000/atom.xml')).status).toBe(404);
  });

  it('are announced on the language page for the topics its stories name', async () => {
    const h = await makeHarness();
    const page = await (await h.app.request('/en/')).text();
    const sample = (await h.store.get(SAMPLE_ID))!;
    const code = sample.subjects[0]!.code.slice('medtop:'.length);
    expect(page).toContain(`href="${BASE}/en/topics/${code}/atom.xml"`);
    expect((await h.app.request(`/en/topics/${code}/atom.xml`)).status).toBe(200);
  });

  it('read one range of the topic index, whatever the store holds', () => {
    const store = new SqliteArticleStore({ path: ':memory:', checkArticle: createArticleChecker(defaultLanguages), clock: () => new Date(T0) });
    const plan = store.explainListTopic().join('\n');
    expect(plan).toMatch(/SEARCH t USING PRIMARY KEY \(lang=\? AND code=\?\)/);
    expect(plan).not.toMatch(/USE TEMP B-TREE/);
    void store.close();
  });
});

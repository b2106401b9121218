import { describe, expect, it } from 'vitest';
import { decodeXML } from 'entities';
import { checkAtom } from '../helpers/official.js';
import { admin, makeHarness, newStory, SAMPLE_ID, T0, type Harness } from '../http/harness.js';

/**
 * Issue 9 item 3: a kill is announced to readers. Atom carries an RFC 6721 tombstone for
 * ROJNAME_TOMBSTONE_DAYS; RSS and JSON Feed drop the item; the page answers 410 in its language.
 */

const DAY = 86_400_000;
const TOMBSTONE = /<at:deleted-entry ref="([^"]+)" when="([^"]+)">\s*<link rel="alternate" type="text\/html" href="([^"]+)"\/>\s*<at:comment xml:lang="([^"]+)">([^<]+)<\/at:comment>\s*<\/at:deleted-entry>/g;

async function kill(h: Harness, id: string): Promise<void> {
  const res = await h.app.request(`/api/articles/${id}`, { method: 'DELETE', headers: admin() });
  expect(res.status, await res.clone().text()).toBe(200);
}

const text = async (h: Harness, path: string) => (await h.app.request(path)).text();

function tombstones(atom: string) {
  return [...atom.matchAll(TOMBSTONE)].map((m) => ({ ref: m[1], when: m[2], href: m[3], lang: m[4], comment: decodeXML(m[5]!) }));
}

describe('kills in reader feeds', () => {
  it('leave an RFC 6721 tombstone in every language’s Atom feed, with a localized comment, before the entries', async () => {
    const h = await makeHarness();
    const atomBefore = await text(h, '/ckb/atom.xml');
    const id = /<entry>\s*<id>(tag:[^<]+\/ckb)<\/id>/.exec(atomBefore)![1];
    const killedAt = T0 + 3 * 3_600_000;
    h.setNow(killedAt);
    await kill(h, SAMPLE_ID);
    const comments: Record<string, string> = {
      en: 'This story was withdrawn by the newsroom and is no longer available.',
      ckb: 'ئەم هەواڵە لەلایەن دەستەی نووسەرانەوە کێشرایەوە و ئیتر بەردەست نییە.',
      kmr: 'Ev nûçe ji aliyê desteya nivîsaranê ve hat vekişandin û êdî ne berdest e.',
      ar: 'سحبت هيئة التحرير هذا الخبر ولم يعد متاحاً.',
    };
    const feedTags: Record<string, string> = { en: 'en', ckb: 'ku-Arab', kmr: 'ku-Latn', ar: 'ar' };
    for (const lang of ['en', 'ckb', 'kmr', 'ar']) {
      const atom = await text(h, `/${lang}/atom.xml`);
      const [stone, ...more] = tombstones(atom);
      expect(more).toEqual([]);
      expect(stone).toEqual({
        ref: expect.stringMatching(new RegExp(`^tag:rojname\\.example,\\d{4}-\\d{2}-\\d{2}:${SAMPLE_ID}/${lang}$`)),
        when: new Date(killedAt).toISOString(),
        href: `https://rojname.example/${lang}/articles/${SAMPLE_ID}`,
        lang: feedTags[lang],
        comment: comments[lang],
      });
      expect(atom).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
      expect(atom).not.toContain('<entry>');
      // Extension elements come before the entries (RFC 4287's grammar); the feed stays valid.
      expect((await checkAtom(atom)).errors).toEqual([]);
      // The killed story has left RSS and JSON Feed.
      expect(await text(h, `/${lang}/rss.xml`)).not.toContain(SAMPLE_ID);
      expect(await text(h, `/${lang}/feed.json`)).not.toContain(SAMPLE_ID);
    }
    expect(tombstones(await text(h, '/ckb/atom.xml'))[0]!.ref).toBe(id);
  });

  it('keeps the tombstone for ROJNAME_TOMBSTONE_DAYS, then drops it at that instant, moving Last-Modified', async () => {
    const h = await makeHarness({ tombstoneDays: 2 });
    const killedAt = T0 + 60_000;
    h.setNow(killedAt);
    await kill(h, SAMPLE_ID);
    h.setNow(killedAt + 2 * DAY - 1);
    const kept = await h.app.request('/en/atom.xml');
    expect(tombstones(await kept.text())).toHaveLength(1);
    h.setNow(killedAt + 2 * DAY + 1000);
    const dropped = await h.app.request('/en/atom.xml');
    expect(tombstones(await dropped.text())).toEqual([]);
    expect(dropped.headers.get('etag')).not.toBe(kept.headers.get('etag'));
    expect(Date.parse(dropped.headers.get('last-modified')!)).toBe(Math.floor((killedAt + 2 * DAY) / 1000) * 1000);
    // A client revalidating with the old date learns the feed changed.
    const since = await h.app.request('/en/atom.xml', { headers: { 'if-modified-since': kept.headers.get('last-modified')! } });
    expect(since.status).toBe(200);
  });

  it('does not count tombstones toward the 30 entries, and never announces a story killed before its embargo lifted', async () => {
    const h = await makeHarness();
    const post = (body: unknown) => h.app.request('/api/articles', { method: 'POST', headers: admin({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
    for (let i = 0; i < 31; i++) {
      h.setNow(T0 + i * 1000);
      const res = await post(story(`story-${String(i).padStart(2, '0')}`));
      expect(res.status).toBe(201);
    }
    h.setNow(T0 + 40_000);
    const embargoed = await post(story('under-embargo', { embargoedUntil: new Date(T0 + DAY).toISOString() }));
    expect(embargoed.status).toBe(201);
    await kill(h, 'under-embargo');
    await kill(h, 'story-30');
    const atom = await text(h, '/en/atom.xml');
    expect(tombstones(atom).map((t) => t.href)).toEqual(['https://rojname.example/en/articles/story-30']);
    expect(atom.match(/<entry>/g)).toHaveLength(30);
  });

  it('answers 410 on the killed page, in the page’s language and direction', async () => {
    const h = await makeHarness();
    await kill(h, SAMPLE_ID);
    const ckb = await h.app.request(`/ckb/articles/${SAMPLE_ID}`);
    expect(ckb.status).toBe(410);
    expect(ckb.headers.get('content-language')).toBe('ckb');
    const page = await ckb.text();
    expect(page).toMatch(/^<!doctype html>\n<html lang="ckb" dir="rtl" class="script-Arab">/);
    expect(page).toContain('<h1>هەواڵەکە کێشرایەوە</h1>');
    expect(page).toContain('ئەم هەواڵە لەلایەن دەستەی نووسەرانەوە کێشرایەوە و ئیتر بەردەست نییە.');
    expect(page).toContain('<a href="https://rojname.example/ckb/">دوایین هەواڵەکان</a>');
    const kmr = await h.app.request(`/kmr/articles/${SAMPLE_ID}`);
    expect(kmr.status).toBe(410);
    expect(await kmr.text()).toContain('<html lang="kmr" dir="ltr">');
  });
});

/** A story in English published an hour before T0 (the harness's `newStory`). */
const story = (id: string, extra: Record<string, unknown> = {}) => newStory(id, ['en'], { published: new Date(T0 - 3_600_000).toISOString(), ...extra });

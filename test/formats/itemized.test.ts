import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/article/types.js';
import type { PartCache } from '../../src/formats/format.js';
import { FEED_FORMATS, NEWSML_FORMATS } from '../../src/formats/registry.js';
import type { LocalizedFeed } from '../../src/i18n/localize.js';
import { OutputValidationError } from '../../src/validate/problems.js';
import { sampleArticle, sampleFeed } from '../fixtures/sample-view.js';

/** Three stories published a minute apart, each with its own updated time. */
function stories(): Article[] {
  return ['a', 'b', 'c'].map((id, i) => {
    const at = new Date(Date.parse('2021-02-18T16:30:00Z') + i * 60_000).toISOString();
    return { ...sampleArticle(), id: `story-${id}`, published: at, versionCreated: at };
  });
}

/** The same feed with its second story's headline edited (a new item version). */
function editSecond(feed: LocalizedFeed): LocalizedFeed {
  const items = feed.items.map((item, i) => (i === 1 ? { ...item, key: `${item.key}+1`, itemVersion: item.itemVersion + 1, headline: 'An edited headline' } : item));
  return { ...feed, items };
}

const FORMATS = [...FEED_FORMATS.map((f) => [f.id, f] as const)];

describe.each(FORMATS)('%s, rendered from reused parts', (_id, format) => {
  it('writes exactly the bytes of a full render, before and after one item changes', () => {
    const feed = sampleFeed('ckb', stories());
    const cache: PartCache = new Map();
    expect(format.render(feed, cache)).toBe(format.render(feed));
    const edited = editSecond(feed);
    const incremental = format.render(edited, cache);
    expect(incremental).toBe(format.render(edited));
    expect(incremental).toContain('An edited headline');
  });
  it('keeps only the parts of the items it used', () => {
    const feed = sampleFeed('en', stories());
    const cache: PartCache = new Map();
    format.render(feed, cache);
    format.render(editSecond(feed), cache);
    expect([...cache.keys()].sort()).toEqual(editSecond(feed).items.map((i) => i.key).sort());
  });
  it('reuses an unchanged item: its part is not built again', () => {
    const feed = sampleFeed('en', stories());
    const cache: PartCache = new Map();
    format.render(feed, cache);
    const before = new Map(cache);
    format.render(editSecond(feed), cache);
    for (const key of [feed.items[0]!.key, feed.items[2]!.key]) expect(cache.get(key)).toBe(before.get(key));
    expect(cache.get(feed.items[1]!.key)).toBeUndefined();
  });
  it('still checks every new item against the schema, and names it within the document', () => {
    const feed = sampleFeed('en', stories());
    const cache: PartCache = new Map();
    format.render(feed, cache);
    const broken = { ...feed, items: feed.items.map((item, i) => (i === 2 ? { ...item, key: 'broken', url: 'not a url' } : item)) };
    const error = (() => {
      try {
        format.render(broken, cache);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(OutputValidationError);
    const pointers = (error as OutputValidationError).problems.map((p) => p.pointer);
    expect(pointers.some((p) => /^\/(channel\/items|entry|items)\/2\//.test(p))).toBe(true);
  });
});

describe('the partner newsMessage, rendered from reused newsItems', () => {
  it('writes exactly the bytes of a full render after one item changes', () => {
    const feed = sampleFeed('ar', stories());
    const view = (f: LocalizedFeed) => ({ sent: '2021-02-18T17:00:00.000Z', transmitId: 'ar-1', items: f.items });
    const cache: PartCache = new Map();
    expect(NEWSML_FORMATS.message.render(view(feed), cache)).toBe(NEWSML_FORMATS.message.render(view(feed)));
    const edited = editSecond(feed);
    expect(NEWSML_FORMATS.message.render(view(edited), cache)).toBe(NEWSML_FORMATS.message.render(view(edited)));
  });
  it('refuses an empty message, as the XSD does (the head check keeps the array rules)', () => {
    expect(() => NEWSML_FORMATS.message.render({ sent: '2021-02-18T17:00:00.000Z', transmitId: 'ar-1', items: [] }, new Map())).toThrow(OutputValidationError);
  });
});

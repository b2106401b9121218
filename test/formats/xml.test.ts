import { describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import type { PartCache } from '../../src/formats/format.js';
import { FEED_FORMATS } from '../../src/formats/registry.js';
import { el, hexText, serializeFragment, serializeXml } from '../../src/formats/xml.js';
import { sampleArticle, sampleFeed } from '../fixtures/sample-view.js';

const TEXT = 'Turnout < 40% & "rising" — <b>bold</b> ]]> &amp; \u200F🇮🇶';

describe('hexText', () => {
  it('writes &, < and > as hexadecimal references, and an XML parser reads the text back exactly', () => {
    const xml = serializeXml(el('t', undefined, hexText(TEXT)));
    expect(xml).toContain('<t>Turnout &#x3C; 40% &#x26; "rising" — &#x3C;b&#x3E;bold&#x3C;/b&#x3E; ]]&#x3E; &#x26;amp; \u200F🇮🇶</t>');
    expect((create(xml).node as unknown as Document).documentElement.textContent).toBe(TEXT);
  });
  it('leaves text without &, < or > as plain text', () => {
    expect(hexText('NATO 🇮🇶')).toBe('NATO 🇮🇶');
  });
  it('is written the same inside a fragment, and never indented as if it were an element', () => {
    const node = el('item', undefined, el('title', undefined, hexText(TEXT)));
    const whole = serializeXml(el('channel', undefined, node));
    expect(whole).toContain(serializeFragment(node, 1).fragment);
    expect(whole).toContain('<title>Turnout &#x3C; 40%');
  });
  it('refuses a character XML 1.0 cannot carry', () => {
    expect(() => serializeXml(el('t', undefined, hexText('a < \uFFFE')))).toThrow(/XML 1\.0/);
  });
  it.each(FEED_FORMATS.map((f) => [f.id, f] as const))('%s: parts reused from the cache give the bytes of a full render', (_id, format) => {
    const article = sampleArticle();
    article.localizations.ar!.headline = TEXT;
    const feed = sampleFeed('ar', [article]);
    const cache: PartCache = new Map();
    const first = format.render(feed, cache);
    expect(format.render(feed, cache)).toBe(first);
    expect(first).toBe(format.render(feed));
  });
});

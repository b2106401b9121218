import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declareNamespaces, el, serializeXml, type XmlNode } from '../../src/formats/xml.js';
import { SITEMAP_NAMESPACES, writeXml } from '../../src/formats/sitemap/write.js';

describe('writeXml', () => {
  it('writes a sitemap tree byte for byte as serializeXml does (declaration, indentation, escaping, namespaces)', () => {
    const value = el(
      'urlset',
      { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' },
      el(
        'url',
        undefined,
        el('loc', undefined, 'https://rojname.example/en/articles/a?b=1&c=2'),
        el('lastmod', undefined, '2026-03-01T09:00:00.000Z'),
        el('xhtml:link', { rel: 'alternate', hreflang: 'ckb', href: 'https://rojname.example/ckb/articles/a?q="x"&y=<z>' }),
      ),
      el('url', undefined, el('loc', undefined, 'https://rojname.example/x'), el('news:news', undefined, el('news:title', undefined, 'Turnout < 40% & "rising" > <b>bold</b> \u200F 🎉'))),
    );
    const expected = serializeXml(declareNamespaces(value, SITEMAP_NAMESPACES));
    expect(writeXml(value)).toBe(expected);
  });

  it('declares exactly the prefixes used, sorted, after the default namespace', () => {
    const value = writeXml(el('urlset', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' }, el('url', undefined, el('news:news', undefined, el('news:title', undefined, 't')))));
    const expected = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">';
    expect(value.split('\n')[1]).toBe(expected);
  });

  it('agrees with serializeXml on any text and attribute value', () => {
    const xmlText = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[^\t\n\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(s) && s.length > 0);
    fc.assert(
      fc.property(xmlText, xmlText, (text, attr) => {
        const tree: XmlNode = el('urlset', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' }, el('url', undefined, el('loc', undefined, text), el('xhtml:link', { rel: 'alternate', hreflang: 'en', href: attr })));
        expect(writeXml(tree)).toBe(serializeXml(declareNamespaces(tree, SITEMAP_NAMESPACES)));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a character XML 1.0 cannot carry', () => {
    expect(() => writeXml(el('urlset', undefined, el('loc', undefined, 'a\u0001b')))).toThrow(/XML 1.0/);
  });
});

import { describe, expect, it } from 'vitest';
import { newsSitemapFormat, sitemapFormat, sitemapIndexFormat, type SitemapUrlView } from '../../src/formats/sitemap/index.js';
import { defaultLanguages } from '../../src/i18n/languages.js';
import { OutputValidationError } from '../../src/validate/problems.js';
import { xsdErrors } from './helpers.js';

const en = defaultLanguages.get('en');
const ckb = defaultLanguages.get('ckb');
const url = (lang: string, id: string) => `https://rojname.example/${lang}/articles/${id}`;
const page = (id: string, alternates: SitemapUrlView['alternates'] = []): SitemapUrlView => ({ url: url('en', id), lastmod: '2026-03-01T09:00:00.000Z', alternates });

/** The problems an output check raised, as `pointer message`. */
function problems(render: () => string): string[] {
  try {
    render();
  } catch (error) {
    if (error instanceof OutputValidationError) return error.problems.map((p) => `${p.pointer} ${p.message}`);
    throw error;
  }
  return [];
}

describe('sitemap documents are checked before they leave the process', () => {
  it('renders a urlset the official schema accepts', () => {
    const value = sitemapFormat.render({ urls: [page('a', [{ language: en, url: url('en', 'a') }, { language: ckb, url: url('ckb', 'a') }]), page('b')] });
    expect(xsdErrors(value, 'urlset')).toEqual([]);
    expect(value).toContain('<xhtml:link rel="alternate" hreflang="ckb" href="https://rojname.example/ckb/articles/a" />');
  });
  it('refuses more than 50,000 URLs in one file', () => {
    const urls = Array.from({ length: 50_001 }, (_, i) => page(`story-${i}`));
    expect(problems(() => sitemapFormat.render({ urls }))).toEqual(['/url must NOT have more than 50000 items']);
  });
  it('refuses an empty urlset (sitemap.xsd wants one url at least)', () => {
    expect(problems(() => sitemapFormat.render({ urls: [] }))).toEqual(['/url must NOT have fewer than 1 items']);
  });
  it('refuses a URL listed twice, alternates without the URL itself, a lone alternate and a language named twice', () => {
    const value = problems(() =>
      sitemapFormat.render({
        urls: [
          page('a'),
          page('a'),
          page('b', [{ language: ckb, url: url('ckb', 'b') }, { language: ckb, url: url('ckb', 'c') }]),
          page('d', [{ language: en, url: url('en', 'd') }]),
        ],
      }),
    );
    expect(value).toEqual(['/url/1/loc is listed twice', '/url/2/xhtmlLink does not list the URL itself', '/url/2/xhtmlLink names a language twice', '/url/3/xhtmlLink names one version only']);
  });
  it('refuses a relative or non-ASCII loc', () => {
    expect(problems(() => sitemapFormat.render({ urls: [{ ...page('a'), url: '/en/articles/a' }] }))[0]).toMatch(/^\/url\/0\/loc /);
    expect(problems(() => sitemapFormat.render({ urls: [{ ...page('a'), url: 'https://rojname.example/en/articles/هەولێر' }] }))[0]).toMatch(/^\/url\/0\/loc /);
  });
  it('renders an index the official schema accepts, and refuses a sitemap listed twice', () => {
    const entry = { url: 'https://rojname.example/sitemap-en-1.xml', lastmod: '2026-03-01T09:00:00.000Z' };
    expect(xsdErrors(sitemapIndexFormat.render({ sitemaps: [entry] }), 'sitemapindex')).toEqual([]);
    expect(problems(() => sitemapIndexFormat.render({ sitemaps: [entry, entry] }))).toEqual(['/sitemap/1/loc is listed twice']);
  });
  it('refuses more than 1,000 news entries, and a publication language Google does not take', () => {
    const entry = (i: number) => ({ url: url('en', `story-${i}`), language: en, publicationName: 'Rojname', published: '2026-03-01T09:00:00.000Z', title: `Story ${i}` });
    expect(problems(() => newsSitemapFormat.render({ entries: Array.from({ length: 1_001 }, (_, i) => entry(i)) }))).toEqual(['/url must NOT have more than 1000 items']);
    const odd = { ...en, tag: 'ku-Arab' };
    expect(problems(() => newsSitemapFormat.render({ entries: [{ ...entry(1), language: odd }] }))).toEqual(['/url/0/news/publication/language must match the pattern ^(zh-cn|zh-tw|[a-z]{2,3})$']);
  });
});

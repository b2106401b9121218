import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ref = (file: string) => new URL(`./reference/${file}`, import.meta.url).pathname;

/**
 * A sitemap document against the sitemaps.org XSDs (reference/README.md) with libxml2's xmllint:
 * `urlset` documents (with their `xhtml:link` and `news:news` elements) or `sitemapindex` ones.
 * Returns xmllint's complaints, none when the document is valid.
 */
export function xsdErrors(xml: string, root: 'urlset' | 'sitemapindex'): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'rojname-sitemap-')), 'doc.xml');
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--huge', '--schema', ref(root === 'urlset' ? 'urlset.xsd' : 'siteindex.xsd'), file], { stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
    return [];
  } catch (error) {
    return [String((error as { stderr?: Buffer }).stderr ?? error)];
  }
}

/** Every `<loc>` of a sitemap, in order. */
export function locs(xml: string): string[] {
  return [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => decodeXml(m[1]!));
}

/** The `<url>` entries of a urlset: loc, lastmod and alternates (hreflang → href), in order. */
export function urlEntries(xml: string): { loc: string; lastmod: string; alternates: [string, string][] }[] {
  return [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => ({
    loc: decodeXml(/<loc>([^<]*)<\/loc>/.exec(m[1]!)![1]!),
    lastmod: /<lastmod>([^<]*)<\/lastmod>/.exec(m[1]!)?.[1] ?? '',
    alternates: [...m[1]!.matchAll(/<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)" ?\/>/g)].map((a) => [a[1]!, decodeXml(a[2]!)] as [string, string]),
  }));
}

/** The `<sitemap>` entries of an index: loc → lastmod. */
export function indexEntries(xml: string): Map<string, string> {
  return new Map([...xml.matchAll(/<sitemap>\s*<loc>([^<]*)<\/loc>\s*<lastmod>([^<]*)<\/lastmod>\s*<\/sitemap>/g)].map((m) => [decodeXml(m[1]!), m[2]!]));
}

export function decodeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** Paths no crawler needs: the editors' API and the partners' NewsML-G2 and ninjs routes. */
export const DISALLOWED = ['/api/', '/newsml/', '/ninjs/'] as const;

/**
 * `/robots.txt` (RFC 9309): everything public may be crawled, the APIs may not, and the sitemap
 * index is named by its absolute URL (sitemaps.org, "Specifying the Sitemap location in your
 * robots.txt file"). Paths carry the base URL's own path: a crawler matches them from the host's
 * root, which is the only place it looks for this file.
 */
export function renderRobotsTxt(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const prefix = new URL(`${base}/`).pathname.replace(/\/$/, '');
  return [
    '# rojname: every public page, feed and file may be crawled; the editors\' and partners\' APIs may not.',
    'User-agent: *',
    `Allow: ${prefix}/`,
    ...DISALLOWED.map((path) => `Disallow: ${prefix}${path}`),
    '',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ].join('\n');
}

/** The fixed public URLs of one language: plain data, as views carry them. */
export interface FeedUrls {
  home: string;
  languageHome: string;
  rss: string;
  atom: string;
  json: string;
  logo: string;
  newsmlLatest: string;
}

/** Every public URL of one language, absolute, built in one place so links cannot drift. */
export interface SiteUrls extends FeedUrls {
  article(id: string): string;
  newsmlItem(id: string): string;
  newsmlPackage(id: string): string;
}

/** The fixed URLs of one language, as plain data. */
export function feedUrls(baseUrl: string, language: string): FeedUrls {
  const base = baseUrl.replace(/\/+$/, '');
  const lang = encodePathSegment(language);
  return {
    home: `${base}/`,
    languageHome: `${base}/${lang}/`,
    rss: `${base}/${lang}/rss.xml`,
    atom: `${base}/${lang}/atom.xml`,
    json: `${base}/${lang}/feed.json`,
    logo: `${base}/media/rojname-logo.png`,
    newsmlLatest: `${base}/newsml/${lang}/latest.xml`,
  };
}

/** A month's archive documents (RFC 5005 §4), by UTC year and month: `/{lang}/archive/2026/03/atom.xml`. */
export function archiveUrls(baseUrl: string, language: string, month: MonthKey): { atom: string; json: string } {
  const home = feedUrls(baseUrl, language).languageHome;
  const path = `${home}archive/${month.slice(0, 4)}/${month.slice(5, 7)}/`;
  return { atom: `${path}atom.xml`, json: `${path}feed.json` };
}

/** A Media Topic feed's URLs under a language home (`…/en/`): `…/en/topics/16000000/rss.xml`, … */
export function topicFeedUrls(languageHome: string, code: string): { rss: string; atom: string; json: string } {
  const base = `${languageHome}topics/${code}/`;
  return { rss: `${base}rss.xml`, atom: `${base}atom.xml`, json: `${base}feed.json` };
}

/** `2026-03`: a UTC month, as archives are keyed. */
export type MonthKey = string;

/** The UTC month an instant falls in. */
export function monthOf(ms: number): MonthKey {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The first instant of a UTC month, and of the month after it. */
export function monthBounds(month: MonthKey): { start: number; end: number } {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { start: Date.UTC(year, m - 1, 1), end: Date.UTC(year, m, 1) };
}

/** The URL of a language's published file (`rss.xml`, `atom.xml`, `feed.json`, `index.html` is its home). */
export function languageFileUrl(baseUrl: string, language: string, file: string): string {
  const home = feedUrls(baseUrl, language).languageHome;
  return file === 'index.html' ? home : `${home}${file}`;
}

export function siteUrls(baseUrl: string, language: string): SiteUrls {
  const base = baseUrl.replace(/\/+$/, '');
  const lang = encodePathSegment(language);
  return {
    ...feedUrls(baseUrl, language),
    article: (id) => `${base}/${lang}/articles/${encodePathSegment(id)}`,
    newsmlItem: (id) => `${base}/newsml/items/${encodePathSegment(id)}/${lang}.xml`,
    newsmlPackage: (id) => `${base}/newsml/packages/${encodePathSegment(id)}.xml`,
  };
}

/** Percent-encodes a path segment as UTF-8 (RFC 3986 §2.1): feeds need ASCII-only URLs. */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment.normalize('NFC'));
}

/**
 * Resolves a canonical URL (absolute, or a path on this service such as `/media/x.jpg`) against the
 * base URL, percent-encoding any non-ASCII character so validators and readers accept it.
 */
export function absoluteUrl(baseUrl: string, url: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return new URL(url.startsWith('/') ? `${base}${url}` : url).href;
}

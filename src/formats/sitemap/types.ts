/**
 * Sitemaps 0.9 (https://www.sitemaps.org/protocol.html), its `xhtml:link` alternates
 * (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap)
 * and Google's News sitemap extension (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap),
 * in the specs' own element names.
 */
export namespace Sitemap {
  /** `<urlset>`: at most 50,000 `<url>` elements (sitemaps.org, "Sitemap file location"). */
  export interface UrlSet {
    url: Url[];
  }
  export interface Url {
    /** Absolute, at most 2,048 characters (sitemap.xsd `tLoc`). */
    loc: string;
    /** W3C Datetime (sitemap.xsd `tLastmod`); we always write a full RFC 3339 instant in UTC. */
    lastmod: string;
    /** `<xhtml:link rel="alternate" hreflang href>`: every language version, this one included; none for a page in one language. */
    xhtmlLink: Alternate[];
  }
  export interface Alternate {
    rel: 'alternate';
    hreflang: string;
    href: string;
  }
  /** `<sitemapindex>`: at most 50,000 `<sitemap>` elements. */
  export interface Index {
    sitemap: IndexEntry[];
  }
  export interface IndexEntry {
    loc: string;
    lastmod: string;
  }
}

export namespace NewsSitemap {
  /** A `<urlset>` of `news:news` entries: at most 1,000, published in the last two days (Google's rule). */
  export interface UrlSet {
    url: Url[];
  }
  export interface Url {
    loc: string;
    news: News;
  }
  export interface News {
    publication: Publication;
    /** W3C Datetime; we write the full RFC 3339 instant in UTC. */
    publication_date: string;
    title: string;
  }
  export interface Publication {
    name: string;
    /** ISO 639 code, two or three letters (Google: "zh-cn" and "zh-tw" are the only others). */
    language: string;
  }
}

import type { LocalizedFeed, LocalizedItem } from '../../i18n/localize.js';
import { MEDIATOPIC_SCHEME } from '../../i18n/localize.js';
import { renderBodyHtml, textForHtmlReaders } from '../body.js';
import { toRfc822 } from '../dates.js';
import { defineItemizedFormat } from '../format.js';
import type { Chunk } from '../chunks.js';
import { cdata, el, hexText, reuseElements, serializeFragment, writeDocument, type XmlChild, type XmlFragment, type XmlNode } from '../xml.js';
import { checkRssRules, rssItemSchema, rssSchema } from './schema.js';
import type { Rss } from './types.js';

/*
 * Written to xmlbuilder2's bytes (src/formats/xml.ts), not with the `feed` package: feed 6 writes
 * item authors as RSS `<author>` (which must be an e-mail address), has no Media RSS
 * credit/description and no `dc:creator`, and wraps text in CDATA that breaks on a second `]]>`
 * (see test/formats/feed-package.test.ts).
 */

/** Pure: the RSS document for one language's feed, around its items' documents. */
export function buildRss(feed: LocalizedFeed, items: Rss.Item[] = feed.items.map(buildItem)): Rss.Document {
  return {
    version: '2.0',
    channel: {
      title: feed.title,
      link: feed.urls.languageHome,
      description: feed.description,
      language: feed.language.feedTag,
      copyright: feed.rights,
      lastBuildDate: toRfc822(feed.updated),
      ttl: feed.ttlMinutes,
      atomSelf: feed.urls.rss,
      atomHubs: [...feed.hubs],
      image: { url: feed.logo.url, title: feed.title, link: feed.urls.languageHome, width: feed.logo.width, height: feed.logo.height },
      items,
    },
  };
}

function buildItem(item: LocalizedItem): Rss.Item {
  return {
    // The headline as written: readers show RSS titles as plain text (see `itemEl`).
    title: item.headline,
    link: item.url,
    // Readers render descriptions as HTML: markup-like text is escaped for them.
    description: textForHtmlReaders(item.summary),
    contentEncoded: renderBodyHtml(item),
    // The one author rule (`LocalizedItem.creators`): the byline, else the provider.
    dcCreator: item.creators.map((c) => c.name),
    category: item.subjects.map((s) => ({ domain: MEDIATOPIC_SCHEME, value: s.label })),
    // The permalink page never moves, so it is the guid (isPermaLink true, RSS 2.0 "guid").
    guid: { value: item.url, isPermaLink: true },
    pubDate: toRfc822(item.published),
    ...(item.image
      ? {
          mediaContent: {
            url: item.image.url,
            type: item.image.mediaType,
            medium: 'image' as const,
            width: item.image.width,
            height: item.image.height,
            credit: item.image.credit,
            ...(item.image.caption ? { description: item.image.caption } : {}),
          },
          mediaThumbnail: { url: item.image.url, width: item.image.width, height: item.image.height },
          ...(item.image.length !== undefined ? { enclosure: { url: item.image.url, length: item.image.length, type: item.image.mediaType } } : {}),
        }
      : {}),
  };
}

/** Pure: the document's XML, elements in the order the spec lists them (items as serialized pieces). */
function serializeRss(doc: Rss.Document, pieces: XmlFragment[]): Chunk[] {
  const c = doc.channel;
  return writeDocument(
    el(
      'rss',
      { version: doc.version },
      el(
        'channel',
        undefined,
        // The channel's elements other than lastBuildDate are the same from one publication to the next.
        ...reuseElements(
          [el('title', undefined, c.title), el('link', undefined, c.link), el('description', undefined, c.description), el('language', undefined, c.language), el('copyright', undefined, c.copyright)],
          2,
        ),
        el('lastBuildDate', undefined, c.lastBuildDate),
        ...reuseElements(
          [
            el('ttl', undefined, String(c.ttl)),
            el('atom:link', { href: c.atomSelf, rel: 'self', type: 'application/rss+xml' }),
            ...c.atomHubs.map((href) => el('atom:link', { href, rel: 'hub' })),
            el('image', undefined, el('url', undefined, c.image.url), el('title', undefined, c.image.title), el('link', undefined, c.image.link), el('width', undefined, String(c.image.width)), el('height', undefined, String(c.image.height))),
          ],
          2,
        ),
        ...pieces,
      ),
    ),
  );
}

/*
 * The title is plain text, never HTML, with `&`, `<` and `>` written as hexadecimal character
 * references (`hexText`: the RSS Profile's encoding for plain text; an XML parser reads the
 * characters). Tried with real readers (test/readers/, README "Feed readers"): newsboat and
 * rss-parser show an RSS title exactly as the XML parser reads it, so HTML-escaped titles
 * (`<![CDATA[Turnout &#x3C; 40%]]>`, written before, or `&amp;lt;`) reached them as codes;
 * feedparser guesses, and takes a title for HTML only when it holds a closing tag or a character
 * reference, which read as HTML is the same text again. The W3C validator warns (ContainsHTML)
 * only for a title holding a closing tag such as `</b>`: exact display wins there.
 */
function itemEl(it: Rss.Item): XmlNode {
  return el(
    'item',
    undefined,
    el('title', undefined, hexText(it.title)),
    el('link', undefined, it.link),
    el('description', undefined, htmlReadText(it.description)),
    el('content:encoded', undefined, it.contentEncoded),
    ...it.dcCreator.map((name) => el('dc:creator', undefined, name)),
    ...it.category.map((cat) => el('category', { domain: cat.domain }, cat.value)),
    it.enclosure && el('enclosure', { url: it.enclosure.url, length: it.enclosure.length, type: it.enclosure.type }),
    el('guid', { isPermaLink: String(it.guid.isPermaLink) }, it.guid.value),
    el('pubDate', undefined, it.pubDate),
    it.mediaContent &&
      el(
        'media:content',
        { url: it.mediaContent.url, type: it.mediaContent.type, medium: it.mediaContent.medium, width: it.mediaContent.width, height: it.mediaContent.height },
        it.mediaContent.description !== undefined && el('media:description', { type: 'plain' }, it.mediaContent.description),
        el('media:credit', undefined, it.mediaContent.credit),
      ),
    it.mediaThumbnail && el('media:thumbnail', { url: it.mediaThumbnail.url, width: it.mediaThumbnail.width, height: it.mediaThumbnail.height }),
  );
}

/** An item as it sits in the document: rss › channel › item. */
function serializeItem(it: Rss.Item): XmlFragment {
  return serializeFragment(itemEl(it), 2);
}

/**
 * The description escaped for HTML readers (see `textForHtmlReaders`) goes in CDATA, so its `&#x3C;`
 * reaches readers as written; it holds no `>` once escaped, so it can never close the section early.
 */
function htmlReadText(value: string): XmlChild {
  return value.includes('&#x') ? cdata(value) : value;
}

export const rssFormat = defineItemizedFormat<LocalizedFeed, Rss.Document, LocalizedItem, Rss.Item, XmlFragment>({
  id: 'rss',
  mediaType: 'application/rss+xml',
  file: 'rss.xml',
  schema: rssSchema,
  item: { pointer: '/channel/items', schema: rssItemSchema, of: (feed) => feed.items, key: (item) => item.key, build: buildItem, serialize: serializeItem },
  build: buildRss,
  serialize: serializeRss,
  extraRules: checkRssRules,
});

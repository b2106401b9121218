import type { LocalizedFeed, LocalizedItem } from '../../i18n/localize.js';
import type { Problem } from '../../validate/problems.js';
import { renderBodyHtml } from '../body.js';
import { toRfc3339 } from '../dates.js';
import { jsonItemPiece, jsonWithItems, type Chunk, type Piece } from '../chunks.js';
import { defineItemizedFormat } from '../format.js';
import { jsonFeedItemSchema, jsonFeedSchema } from './schema.js';
import { JSON_FEED_VERSION, type JsonFeed } from './types.js';

export type { JsonFeed } from './types.js';

/** Builds the JSON Feed 1.1 document for one language's feed. Pure: reads the view, never changes it. */
export function buildJsonFeed(feed: LocalizedFeed, items: JsonFeed.Item[] = feed.items.map(buildItem)): JsonFeed.Feed {
  // Members in the spec's order; `version` first, as the spec asks.
  return {
    version: JSON_FEED_VERSION,
    title: feed.title,
    home_page_url: feed.urls.languageHome,
    feed_url: feed.urls.json,
    description: feed.description,
    // RFC 5005 in JSON Feed's terms: the subscription feed's next page is the newest monthly
    // archive, and each archive's the month before it.
    ...(feed.history?.prev ? { next_url: feed.history.prev.json } : {}),
    // One square 144 × 144 logo: above the favicon's 64 × 64 minimum, smaller than the 512 × 512
    // the spec suggests for `icon`, but the spec asks publishers to send both so readers do not scrape.
    icon: feed.logo.url,
    favicon: feed.logo.url,
    // The site, as publisher of the feed: every item names its own authors (the byline, else the
    // provider), so these never stand in for an item's (spec, item `authors`: "If not specified in
    // an item, then the top-level authors … are the authors of the item"). The view has no site name
    // of its own; `logo.title` is the site's name in this language (locale key `feed.imageTitle`).
    authors: [{ name: feed.logo.title, url: feed.urls.home }],
    language: feed.language.tag,
    ...(feed.hubs.length > 0 ? { hubs: feed.hubs.map((url) => ({ type: 'WebSub' as const, url })) } : {}),
    _rojname: { direction: feed.language.direction },
    // Last, so the serializer can write the items as pieces.
    items,
  };
}

function buildItem(item: LocalizedItem): JsonFeed.Item {
  const tags = [...new Set(item.subjects.map((s) => s.label))];
  return {
    // The tag URI, which never changes (RFC 4151; spec: "If an item is ever updated, the id should be unchanged").
    id: item.tagUri,
    url: item.url,
    title: item.headline,
    // HTML only: the spec says the only place HTML is allowed is content_html, and the body
    // wrapper carries `dir` and `lang`. No content_text: it would double every item's size.
    content_html: renderBodyHtml(item),
    summary: item.summary,
    // The photo is `image` (the featured image, also shown in content_html), not an attachment:
    // attachments are for resources like a podcast's audio file.
    ...(item.image ? { image: item.image.url } : {}),
    date_published: toRfc3339(item.published),
    date_modified: toRfc3339(item.updated),
    // The one author rule (`LocalizedItem.creators`): the byline, else the provider with its URL.
    // Editors and translators are credited in content_html, not as authors.
    authors: item.creators.map((c) => ({ name: c.name, ...(c.uri !== undefined ? { url: c.uri } : {}) })),
    ...(tags.length > 0 ? { tags } : {}),
    language: item.language.tag,
    _rojname: {
      direction: item.language.direction,
      alternates: item.alternates.map((a) => ({ language: a.language.tag, url: a.url })),
    },
  };
}

/**
 * The document's bytes: UTF-8 JSON without a byte-order mark (RFC 8259 §8.1), two-space indent,
 * final newline: exactly `JSON.stringify(doc, null, 2)`, with each item written from its piece.
 */
function serializeJsonFeed(doc: JsonFeed.Feed, pieces: Piece[]): Chunk[] {
  const { items: _items, ...head } = doc;
  return jsonWithItems(head, pieces);
}

/** The two rules JSON Schema cannot express (spec: item `id`, top-level `next_url`). */
export function checkJsonFeedRules(doc: JsonFeed.Feed): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  doc.items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, i);
    else problems.push({ pointer: `/items/${i}/id`, message: `duplicate id ${JSON.stringify(item.id)} (also /items/${first}/id)` });
  });
  if (doc.next_url !== undefined && doc.next_url === doc.feed_url) {
    problems.push({ pointer: '/next_url', message: 'must not be the same as feed_url' });
  }
  return problems;
}

/** JSON Feed 1.1, served as `application/feed+json` (spec, Suggestions for Publishers). */
export const jsonFeedFormat = defineItemizedFormat<LocalizedFeed, JsonFeed.Feed, LocalizedItem, JsonFeed.Item, Piece>({
  id: 'json',
  mediaType: 'application/feed+json',
  file: 'feed.json',
  schema: jsonFeedSchema,
  item: { pointer: '/items', schema: jsonFeedItemSchema, of: (feed) => feed.items, key: (item) => item.key, build: buildItem, serialize: jsonItemPiece },
  build: buildJsonFeed,
  serialize: serializeJsonFeed,
  extraRules: checkJsonFeedRules,
});

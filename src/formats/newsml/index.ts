import type { LocalizedItem } from '../../i18n/localize.js';
import type { XmlFragment } from '../xml.js';
import { defineFormat, defineItemizedFormat } from '../format.js';
import { buildNewsItem, buildNewsMessage, buildPackageItem } from './build.js';
import { checkMessageRules, checkNewsItemRules, checkPackageRules, newsItemSchema, newsMessageSchema, packageItemSchema } from './schema.js';
import { serializeMessageItem, serializeNewsMessage, serializeNewsItem, serializePackageItem } from './serialize.js';
import type { MessageView, NewsMl, PackageView } from './types.js';

export { buildNewsItem, buildNewsMessage, buildPackageItem, derivePackageGuid } from './build.js';
export type { MessageView, NewsMl, PackageView } from './types.js';

/*
 * Media types: registered with IANA by IPTC (https://www.iana.org/assignments/media-types/, "application" registry):
 * application/vnd.iptc.g2.newsitem+xml, application/vnd.iptc.g2.packageitem+xml,
 * application/vnd.iptc.g2.newsmessage+xml.
 */

/** One language version of a story as a NewsML-G2 2.35 newsItem. */
export const newsItemFormat = defineFormat<LocalizedItem, NewsMl.NewsItem>({
  id: 'newsml-newsitem',
  mediaType: 'application/vnd.iptc.g2.newsitem+xml',
  file: 'newsitem.xml',
  schema: newsItemSchema,
  build: buildNewsItem,
  serialize: serializeNewsItem,
  extraRules: (item) => checkNewsItemRules(item),
});

/** Every language version of a story, grouped as alternatives. */
export const packageItemFormat = defineFormat<PackageView, NewsMl.PackageItem>({
  id: 'newsml-packageitem',
  mediaType: 'application/vnd.iptc.g2.packageitem+xml',
  file: 'package.xml',
  schema: packageItemSchema,
  build: buildPackageItem,
  serialize: serializePackageItem,
  extraRules: checkPackageRules,
});

/** A batch of complete newsItems for a partner (e.g. a language's latest items). */
export const newsMessageFormat = defineItemizedFormat<MessageView, NewsMl.NewsMessage, LocalizedItem, NewsMl.NewsItem, XmlFragment>({
  id: 'newsml-newsmessage',
  mediaType: 'application/vnd.iptc.g2.newsmessage+xml',
  file: 'latest.xml',
  schema: newsMessageSchema,
  // Each newsItem is checked as a newsItem document is (the message applies the same shape).
  item: { pointer: '/itemSet/newsItem', schema: newsItemSchema, of: (view) => view.items, key: (item) => item.key, build: buildNewsItem, serialize: serializeMessageItem },
  build: buildNewsMessage,
  serialize: serializeNewsMessage,
  extraRules: checkMessageRules,
});

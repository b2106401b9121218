import type { JSONSchemaType } from 'ajv';
import type { Problem } from '../../validate/problems.js';
import { absoluteUrl, feedLanguageTag, rfc822, text } from '../shared-schema.js';
import type { Rss } from './types.js';

/** One item; the document schema checks each item with exactly this. */
export const rssItemSchema: JSONSchemaType<Rss.Item> = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'link', 'description', 'contentEncoded', 'dcCreator', 'category', 'guid', 'pubDate'],
  properties: {
    title: text,
    link: absoluteUrl,
    description: text,
    contentEncoded: text,
    dcCreator: { type: 'array', items: text },
    category: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['domain', 'value'], properties: { domain: absoluteUrl, value: text } },
    },
    guid: {
      type: 'object',
      additionalProperties: false,
      required: ['value', 'isPermaLink'],
      properties: { value: text, isPermaLink: { type: 'boolean' } },
      // RSS 2.0: a permalink guid must be a URL the reader can open.
      if: { properties: { isPermaLink: { const: true } } },
      then: { properties: { value: absoluteUrl } },
    },
    pubDate: rfc822,
    mediaThumbnail: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['url', 'width', 'height'],
      properties: { url: absoluteUrl, width: { type: 'integer', minimum: 1 }, height: { type: 'integer', minimum: 1 } },
    },
    enclosure: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['url', 'length', 'type'],
      // RSS 2.0: "length is how big it is in bytes".
      properties: { url: absoluteUrl, length: { type: 'integer', minimum: 1 }, type: { type: 'string', pattern: '^image/[a-z0-9.+-]+$' } },
    },
    mediaContent: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['url', 'type', 'medium', 'width', 'height', 'credit'],
      properties: {
        url: absoluteUrl,
        type: { type: 'string', pattern: '^image/[a-z0-9.+-]+$' },
        medium: { type: 'string', const: 'image' },
        width: { type: 'integer', minimum: 1 },
        height: { type: 'integer', minimum: 1 },
        credit: text,
        description: { ...text, nullable: true },
      },
    },
  },
};

export const rssSchema: JSONSchemaType<Rss.Document> = {
  $id: 'https://rojname.example/schemas/rss.schema.json',
  title: 'RSS 2.0 document as rojname writes it (checked before serialization)',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'channel'],
  properties: {
    version: { type: 'string', const: '2.0' },
    channel: {
      type: 'object',
      additionalProperties: false,
      required: ['title', 'link', 'description', 'language', 'copyright', 'lastBuildDate', 'ttl', 'atomSelf', 'atomHubs', 'image', 'items'],
      properties: {
        title: text,
        link: absoluteUrl,
        description: text,
        language: feedLanguageTag,
        copyright: text,
        lastBuildDate: rfc822,
        ttl: { type: 'integer', minimum: 1 },
        atomSelf: absoluteUrl,
        atomHubs: { type: 'array', items: absoluteUrl },
        image: {
          type: 'object',
          additionalProperties: false,
          required: ['url', 'title', 'link', 'width', 'height'],
          // RSS 2.0: image width at most 144, height at most 400.
          properties: { url: absoluteUrl, title: text, link: absoluteUrl, width: { type: 'integer', minimum: 1, maximum: 144 }, height: { type: 'integer', minimum: 1, maximum: 400 } },
        },
        items: { type: 'array', items: rssItemSchema },
      },
    },
  },
};

/** RFC 822 dates must name the right weekday; guids must be unique within the feed. */
export function checkRssRules(doc: Rss.Document): Problem[] {
  const problems: Problem[] = [];
  const weekday = (value: string, pointer: string) => {
    const d = new Date(value);
    if (Number.isNaN(d.getTime()) || d.toUTCString() !== value) problems.push({ pointer, message: `"${value}" is not a true RFC 822 date (wrong weekday or date)` });
  };
  weekday(doc.channel.lastBuildDate, '/channel/lastBuildDate');
  const seen = new Map<string, number>();
  doc.channel.items.forEach((it, i) => {
    weekday(it.pubDate, `/channel/items/${i}/pubDate`);
    const before = seen.get(it.guid.value);
    if (before !== undefined) problems.push({ pointer: `/channel/items/${i}/guid`, message: `duplicate guid (also /channel/items/${before}/guid)` });
    seen.set(it.guid.value, i);
  });
  return problems;
}

import type { JSONSchemaType } from 'ajv';
import { SAFE_TEXT_PATTERN } from '../../article/schema.js';
import { absoluteUrl, rfc3339 } from '../shared-schema.js';
import { JSON_FEED_VERSION, type JsonFeed } from './types.js';

/**
 * Our own JSON Schema for the JSON Feed 1.1 we emit: stricter than the spec (and than the reference
 * schema in test/reference/jsonfeed/) because a typo in our output should fail here, not in a reader.
 * Typed with `JSONSchemaType`, so it cannot drift from `JsonFeed.Feed`.
 */

/**
 * `JSONSchemaType` wants `nullable: true` on every optional member; JSON Feed has no nulls (the
 * reference schema refuses them), so `not: null` takes null out again.
 */
const optional = <S extends object>(schema: S) => ({ ...schema, nullable: true, not: { type: 'null' } }) as const;

/** Plain text without the characters we refuse at every entry point (see article/schema.ts). */
const text = { type: 'string', pattern: SAFE_TEXT_PATTERN } as const;
const line = { ...text, minLength: 1 } as const;

/** Absolute http(s) URL, ASCII only (slugs must be percent-encoded). */
const url = { ...absoluteUrl, maxLength: 2000 } as const;

/** RFC 3339 with an explicit zone (JSON Feed 1.1: "in RFC 3339 format"). */
const date = rfc3339;

/** RFC 5646 language[-Script][-Region] in canonical case: all the registry needs (`ckb`, `ku-Arab`, `en-GB`). */
const language = { type: 'string', pattern: '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$' } as const;

const direction = { type: 'string', enum: ['ltr', 'rtl'] } as const;

const author: JSONSchemaType<JsonFeed.Author> = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: line, url: optional(url), avatar: optional(url) },
};

const authors = { type: 'array', minItems: 1, items: author } as const;

/** Never emitted today (see index.ts), kept so the wire type and the schema stay whole. */
const attachment: JSONSchemaType<JsonFeed.Attachment> = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'mime_type'],
  properties: {
    url,
    mime_type: { type: 'string', pattern: '^[!-.0-~]+/[!-.0-~]+$' },
    title: optional(line),
    size_in_bytes: optional({ type: 'integer', minimum: 0 }),
    duration_in_seconds: optional({ type: 'number', minimum: 0 }),
  },
};

/** One item; the feed schema checks each item with exactly this. */
export const jsonFeedItemSchema: JSONSchemaType<JsonFeed.Item> = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'url', 'title', 'summary', 'date_published', 'date_modified', 'language', '_rojname'],
  // Spec: "content_html and content_text are each optional strings — but one or both must be present".
  // (`properties` repeated so ajv's strictRequired sees the names declared next to `required`.)
  anyOf: [
    { properties: { content_html: text }, required: ['content_html'] },
    { properties: { content_text: text }, required: ['content_text'] },
  ],
  properties: {
    // Spec: readers discard an item whose id is blank; ours are tag URIs, never with white space.
    id: { type: 'string', pattern: '^\\S+$' },
    url,
    title: line,
    content_html: text,
    content_text: optional(text),
    summary: line,
    image: optional(url),
    date_published: date,
    date_modified: date,
    authors: optional(authors),
    tags: optional({ type: 'array', minItems: 1, uniqueItems: true, items: line }),
    language,
    attachments: optional({ type: 'array', minItems: 1, items: attachment }),
    _rojname: {
      type: 'object',
      additionalProperties: false,
      required: ['direction', 'alternates'],
      properties: {
        direction,
        alternates: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['language', 'url'],
            properties: { language, url },
          },
        },
      },
    },
  },
};

export const jsonFeedSchema: JSONSchemaType<JsonFeed.Feed> = {
  $id: 'https://rojname.example/schemas/jsonfeed.schema.json',
  title: 'rojname JSON Feed 1.1 output',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'title', 'home_page_url', 'feed_url', 'description', 'icon', 'favicon', 'authors', 'language', '_rojname', 'items'],
  properties: {
    version: { type: 'string', const: JSON_FEED_VERSION },
    title: line,
    home_page_url: url,
    feed_url: url,
    description: line,
    next_url: optional(url),
    icon: url,
    favicon: url,
    authors,
    language,
    hubs: {
      type: 'array',
      nullable: true,
      minItems: 1,
      items: { type: 'object', additionalProperties: false, required: ['type', 'url'], properties: { type: { type: 'string', const: 'WebSub' }, url } },
    },
    _rojname: {
      type: 'object',
      additionalProperties: false,
      required: ['direction'],
      properties: { direction },
    },
    items: { type: 'array', items: jsonFeedItemSchema },
  },
};

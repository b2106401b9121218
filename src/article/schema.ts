import type { JSONSchemaType } from 'ajv';
import type { Article, Block, Contributor, Image, Localization, Located, Provider, Subject, Translation } from './types.js';

/**
 * Characters that XML 1.0 cannot carry (C0 controls other than tab and newline, U+FFFE, U+FFFF,
 * lone surrogates) and the bidi embedding/override controls U+202A–U+202E, which can reorder text
 * invisibly ("Trojan Source"). Policy: refused at every entry point, never stripped silently.
 * Bidi *marks* (U+200E, U+200F, U+061C) and isolates (U+2066–U+2069) are allowed.
 * With ajv's `u` flag, `\uD800-\uDFFF` matches only unpaired surrogates.
 */
export const FORBIDDEN_CHARS = '\\u0000-\\u0008\\u000B-\\u001F\\u202A-\\u202E\\uD800-\\uDFFF\\uFFFE\\uFFFF';
export const SAFE_TEXT_PATTERN = `^[^${FORBIDDEN_CHARS}]*$`;

/** Largest body of one language version, in characters (sum over its blocks). */
export const MAX_BODY_CHARS = 8_000_000;
export const MAX_BLOCK_CHARS = 1_000_000;
const MAX_LINE = 1_000;

const text = (maxLength: number, minLength = 1) =>
  ({ type: 'string', minLength, maxLength, pattern: SAFE_TEXT_PATTERN }) as const;

const RFC3339 = { type: 'string', format: 'date-time', pattern: '(Z|[+-]\\d{2}:\\d{2})$' } as const;

const provider: JSONSchemaType<Provider> = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'uri'],
  // http(s) and ASCII, as every output needs it (Atom author uri, NewsML-G2 provider uri).
  properties: { name: text(200), uri: { type: 'string', format: 'uri', pattern: '^https?://[\\x21-\\x7E]+$', maxLength: 2000 } },
};

/** Builds the schema for one registry of languages: tags outside it are refused. */
export function buildArticleSchema(languageTags: readonly string[]): JSONSchemaType<Article> {
  const langTag = { type: 'string', enum: [...languageTags] } as const;
  const localizedText = (maxLength: number) =>
    ({
      type: 'object',
      propertyNames: { enum: [...languageTags] },
      additionalProperties: text(maxLength),
      required: [],
    }) as const;

  const located: JSONSchemaType<Located> = {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'countryCode'],
    properties: {
      name: { ...localizedText(200), minProperties: 1 },
      countryCode: { type: 'string', pattern: '^[A-Z]{2}$' },
      geonamesId: { type: 'integer', minimum: 1, nullable: true },
    },
  };

  const subject: JSONSchemaType<Subject> = {
    type: 'object',
    additionalProperties: false,
    required: ['code'],
    properties: { code: { type: 'string', pattern: '^medtop:[0-9]{8}$' } },
  };

  const contributor: JSONSchemaType<Contributor> = {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'role'],
    properties: {
      name: text(200),
      role: { type: 'string', enum: ['author', 'editor', 'photographer', 'translator'] },
    },
  };

  const image: JSONSchemaType<Image> = {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'mediaType', 'width', 'height', 'credit', 'caption', 'alt'],
    properties: {
      // Absolute http(s), or a path on this service (e.g. `/media/x.jpg`) resolved against its base URL.
      url: { type: 'string', format: 'uri-reference', pattern: '^(https?://|/[^/])\\S*$', maxLength: 2000 },
      mediaType: { type: 'string', enum: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'] },
      width: { type: 'integer', minimum: 1, maximum: 100_000 },
      height: { type: 'integer', minimum: 1, maximum: 100_000 },
      credit: text(200),
      caption: localizedText(MAX_LINE * 2),
      alt: localizedText(MAX_LINE),
    },
  };

  const block: JSONSchemaType<Block> = {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'text'],
    properties: {
      type: { type: 'string', enum: ['paragraph', 'quote', 'heading'] },
      text: text(MAX_BLOCK_CHARS),
      cite: { ...text(200), nullable: true },
    },
  };

  const translation: JSONSchemaType<Translation> = {
    type: 'object',
    additionalProperties: false,
    required: ['from', 'fromVersion', 'by'],
    properties: {
      from: langTag,
      fromVersion: { type: 'integer', minimum: 1 },
      by: text(200),
    },
  };

  const localization: JSONSchemaType<Localization> = {
    type: 'object',
    additionalProperties: false,
    required: ['headline', 'summary', 'dateline', 'slug', 'body'],
    properties: {
      headline: text(MAX_LINE),
      summary: text(MAX_LINE * 4),
      dateline: text(200),
      // Letters and digits of any script, joined by single hyphens: safe in a URL path segment.
      slug: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\p{L}\\p{M}\\p{N}]+(-[\\p{L}\\p{M}\\p{N}]+)*$' },
      body: { type: 'array', minItems: 1, maxItems: 10_000, items: block },
      translation: { ...translation, nullable: true },
      correction: { ...text(MAX_LINE * 2), nullable: true },
      correctedAt: { ...RFC3339, nullable: true },
    },
  };

  return {
    $id: 'https://rojname.example/schemas/article.schema.json',
    title: 'rojname canonical article',
    type: 'object',
    additionalProperties: false,
    required: [
      'id', 'version', 'pubStatus', 'firstCreated', 'versionCreated', 'sourceLanguage', 'provider',
      'located', 'subjects', 'contributors', 'images', 'localizations',
    ],
    properties: {
      id: { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$' },
      version: { type: 'integer', minimum: 1 },
      pubStatus: { type: 'string', enum: ['usable', 'withheld', 'canceled'] },
      embargoedUntil: { ...RFC3339, nullable: true },
      firstCreated: RFC3339,
      versionCreated: RFC3339,
      published: { ...RFC3339, nullable: true },
      sourceLanguage: langTag,
      provider,
      located,
      // Uniqueness compares every pair of items: checked only within the 50 items allowed, so a
      // long list costs one maxItems error, not a quadratic number of comparisons.
      subjects: { type: 'array', maxItems: 50, items: subject, if: { maxItems: 50 }, then: { uniqueItems: true } },
      contributors: { type: 'array', maxItems: 50, items: contributor },
      images: { type: 'array', maxItems: 20, items: image },
      signal: { type: 'string', enum: ['update', 'correction'], nullable: true },
      edNote: { ...text(MAX_LINE), nullable: true },
      localizations: {
        type: 'object',
        propertyNames: { enum: [...languageTags] },
        minProperties: 1,
        additionalProperties: localization,
        required: [],
      },
    },
  };
}

import type { JSONSchemaType } from 'ajv';
import type { Problem } from '../../validate/problems.js';
import { absoluteUrl, feedLanguageTag, rfc3339, text } from '../shared-schema.js';
import type { Atom } from './types.js';

const textConstruct: JSONSchemaType<Atom.Text> = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'value'],
  properties: { type: { type: 'string', enum: ['text', 'html'] }, value: text },
};

const link: JSONSchemaType<Atom.Link> = {
  type: 'object',
  additionalProperties: false,
  required: ['href', 'rel'],
  // Every link but a hub's names its media type.
  if: { properties: { rel: { not: { const: 'hub' } } } },
  then: { required: ['type'], properties: { type: { type: 'string' } } },
  properties: {
    href: absoluteUrl,
    rel: { type: 'string', enum: ['self', 'alternate', 'related', 'hub', 'current', 'prev-archive', 'next-archive'] },
    type: { type: 'string', pattern: '^[a-z]+/[a-z0-9.+-]+$', nullable: true },
    hreflang: { ...feedLanguageTag, nullable: true },
    title: { ...text, nullable: true },
  },
};

const person: JSONSchemaType<Atom.Person> = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: text, uri: { ...absoluteUrl, nullable: true } },
};

/** RFC 4287 §4.2.6: an id is an absolute IRI; we write tag: URIs (RFC 4151). */
const atomId = { type: 'string', pattern: '^(tag:[a-z0-9.-]+,\\d{4}(-\\d{2}(-\\d{2})?)?:\\S+|https?://\\S+)$' } as const;

/** One entry; the feed schema checks each entry with exactly this. */
export const atomEntrySchema: JSONSchemaType<Atom.Entry> = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'updated', 'published', 'link', 'author', 'contributor', 'category', 'summary', 'content', 'rights'],
  properties: {
    id: atomId,
    title: textConstruct,
    updated: rfc3339,
    published: rfc3339,
    link: { type: 'array', items: link, minItems: 1, contains: { type: 'object', properties: { rel: { const: 'alternate' } }, required: ['rel'] } },
    author: { type: 'array', items: person, minItems: 1 },
    contributor: { type: 'array', items: person },
    category: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['term', 'scheme', 'label'], properties: { term: text, scheme: absoluteUrl, label: text } },
    },
    summary: textConstruct,
    content: textConstruct,
    rights: textConstruct,
  },
};

const deletedEntry: JSONSchemaType<Atom.DeletedEntry> = {
  type: 'object',
  additionalProperties: false,
  required: ['ref', 'when', 'link', 'comment'],
  properties: {
    ref: atomId,
    when: rfc3339,
    link: absoluteUrl,
    comment: { type: 'object', additionalProperties: false, required: ['lang', 'value'], properties: { lang: feedLanguageTag, value: text } },
  },
};

export const atomSchema: JSONSchemaType<Atom.Feed> = {
  $id: 'https://rojname.example/schemas/atom.schema.json',
  title: 'Atom 1.0 feed as rojname writes it (checked before serialization)',
  type: 'object',
  additionalProperties: false,
  required: ['lang', 'id', 'title', 'subtitle', 'updated', 'link', 'icon', 'rights', 'author', 'archive', 'deletedEntry', 'entry'],
  properties: {
    lang: feedLanguageTag,
    id: atomId,
    title: textConstruct,
    subtitle: textConstruct,
    updated: rfc3339,
    link: { type: 'array', items: link, contains: { type: 'object', properties: { rel: { const: 'self' } }, required: ['rel'] } },
    icon: absoluteUrl,
    rights: textConstruct,
    author: { type: 'array', items: person, minItems: 1 },
    archive: { type: 'boolean' },
    deletedEntry: { type: 'array', items: deletedEntry },
    entry: { type: 'array', items: atomEntrySchema },
  },
};

/**
 * Rules the schema cannot express: unique entry ids and `updated` values (the W3C validator warns
 * when two entries share `updated`), and no two alternate links with the same type and hreflang
 * (RFC 4287 §4.1.1).
 */
export function checkAtomRules(feed: Atom.Feed): Problem[] {
  const problems: Problem[] = [];
  const unique = (values: string[], what: string, pointer: (i: number) => string) => {
    const seen = new Map<string, number>();
    values.forEach((v, i) => {
      const before = seen.get(v);
      if (before !== undefined) problems.push({ pointer: pointer(i), message: `duplicate ${what} "${v}" (also ${pointer(before)})` });
      seen.set(v, i);
    });
  };
  unique(feed.entry.map((e) => e.id), 'id', (i) => `/entry/${i}/id`);
  unique(feed.deletedEntry.map((d) => d.ref), 'deleted-entry ref', (i) => `/deletedEntry/${i}/ref`);
  // RFC 6721 §2: a tombstone and a live entry with the same id contradict each other.
  const live = new Set(feed.entry.map((e) => e.id));
  feed.deletedEntry.forEach((d, i) => {
    if (live.has(d.ref)) problems.push({ pointer: `/deletedEntry/${i}/ref`, message: `"${d.ref}" is also a live entry` });
  });
  unique(feed.entry.map((e) => e.updated), 'updated', (i) => `/entry/${i}/updated`);
  const alternates = (links: Atom.Link[], at: string) =>
    unique(links.filter((l) => l.rel === 'alternate').map((l) => `${l.type} ${l.hreflang ?? ''}`), 'alternate type+hreflang', (i) => `${at}/link/${i}`);
  alternates(feed.link, '');
  feed.entry.forEach((e, i) => alternates(e.link, `/entry/${i}`));
  return problems;
}

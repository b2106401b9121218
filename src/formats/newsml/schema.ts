import type { JSONSchemaType, SchemaObject } from 'ajv';
import { SAFE_TEXT_PATTERN } from '../../article/schema.js';
import type { Problem } from '../../validate/problems.js';
import { absoluteUrl, rfc3339, text } from '../shared-schema.js';
import type { NewsMl } from './types.js';

/*
 * The rules the XSD leaves open, checked on the document before it is serialized. The XSD accepts any
 * well-formed QCode, so `stat:cancelled` would pass it (notes §4); these enums do not.
 */

/** XSD QCodeType: `alias:code`. */
const QCODE = '^[a-zA-Z0-9_-]+:[^\\s]+$';
const qcode = { type: 'string', pattern: QCODE } as const;
const qcodeIn = <T extends string>(values: readonly T[]) => ({ type: 'object', additionalProperties: false, required: ['qcode'], properties: { qcode: { type: 'string', enum: values } } }) as const;
/** xs:language (BCP 47 shape). */
const languageTag = { type: 'string', pattern: '^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$' } as const;
const dir = { type: 'string', enum: ['ltr', 'rtl'] } as const;
/** An absolute URI without spaces: `urn:newsml:…`, `tag:…`. */
const guid = { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*:\\S+$' } as const;
const version = { type: 'integer', minimum: 1 } as const;
const mediaType = <T extends string>(value: T) => ({ type: 'string', const: value }) as const;
const NEWSITEM = 'application/vnd.iptc.g2.newsitem+xml';

const textProp: JSONSchemaType<NewsMl.Text> = {
  type: 'object',
  additionalProperties: false,
  required: ['value'],
  properties: { value: text, 'xml:lang': { ...languageTag, nullable: true }, dir: { ...dir, nullable: true } },
};

const party: JSONSchemaType<NewsMl.Party> = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    uri: { ...absoluteUrl, nullable: true },
    roleuri: { type: 'string', pattern: '^urn:rojname:role:(author|editor|photographer|translator)$', nullable: true },
    name: textProp,
  },
};

const conceptOf = (qcodeSchema: { type: 'string'; pattern: string }): JSONSchemaType<NewsMl.Concept> => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', 'qcode'],
  properties: { type: { type: 'string', enum: ['cpnat:abstract', 'cpnat:geoArea'] }, qcode: qcodeSchema, name: { ...textProp, nullable: true } },
});
const concept = conceptOf(qcode);
/** A subject: an IPTC Media Topic, its IPTC Subject Code, or a country (schemes catalog v40 declares). */
const subject = conceptOf({ type: 'string', pattern: '^(medtop:[0-9]{8}|subj:[0-9]{8}|iso3166-1a2:[A-Z]{2})$' });

/** Shared by every item root; `standardversion`/`conformance` are the values we validate against. */
const rootProperties = {
  guid,
  version,
  standard: { type: 'string', const: 'NewsML-G2' },
  standardversion: { type: 'string', const: '2.35' },
  conformance: { type: 'string', const: 'power' },
  'xml:lang': languageTag,
  dir: { ...dir, nullable: true },
  catalogRef: { type: 'array', minItems: 1, items: { type: 'object', additionalProperties: false, required: ['href'], properties: { href: absoluteUrl } } },
} as const;
const rootRequired = ['guid', 'version', 'standard', 'standardversion', 'conformance', 'xml:lang', 'catalogRef'] as const;

const itemMeta = <C extends 'ninat:text' | 'ninat:composite'>(itemClass: C) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['itemClass', 'provider', 'versionCreated', 'pubStatus', 'edNote', 'signal', 'link'],
    properties: {
      itemClass: qcodeIn([itemClass]),
      provider: party,
      versionCreated: rfc3339,
      firstCreated: { ...rfc3339, nullable: true },
      embargoed: { ...rfc3339, nullable: true },
      pubStatus: qcodeIn(['stat:usable', 'stat:withheld', 'stat:canceled']),
      edNote: { type: 'array', items: textProp },
      signal: { type: 'array', maxItems: 1, items: qcodeIn(['sig:update', 'sig:correction']) },
      link: {
        type: 'array',
        items: { type: 'object', additionalProperties: false, required: ['rel', 'residref', 'contenttype'], properties: { rel: qcode, residref: guid, version: { ...version, nullable: true }, contenttype: mediaType(NEWSITEM) } },
      },
    },
  }) as const;

const contentMeta: JSONSchemaType<NewsMl.ContentMeta> = {
  type: 'object',
  additionalProperties: false,
  required: ['contentCreated', 'located', 'creator', 'contributor', 'language', 'subject', 'headline', 'creditline', 'description'],
  properties: {
    contentCreated: rfc3339,
    located: { type: 'object', additionalProperties: false, required: ['type', 'broader'], properties: { type: qcode, qcode: { ...qcode, nullable: true }, name: { ...textProp, nullable: true }, broader: concept } },
    creator: { type: 'array', minItems: 1, items: party },
    contributor: { type: 'array', items: party },
    language: { type: 'object', additionalProperties: false, required: ['tag'], properties: { tag: languageTag } },
    subject: { type: 'array', items: subject },
    slugline: { ...textProp, nullable: true },
    headline: textProp,
    dateline: { ...textProp, nullable: true },
    by: { ...textProp, nullable: true },
    creditline: { type: 'array', items: textProp },
    description: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role', 'value'],
        properties: { role: { type: 'string', const: 'drol:summary' }, value: text, 'xml:lang': { ...languageTag, nullable: true }, dir: { ...dir, nullable: true } },
      },
    },
  },
};

/**
 * The XHTML body: text blocks only, so no block can hold an inline element (body.ts says why). It lives
 * in `$defs`, reached by `$ref` from every document that carries a newsItem.
 */
const $defs: Record<string, SchemaObject> = {
  xhtmlText: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'dir', 'text'],
    properties: { name: { type: 'string', enum: ['p', 'h2'] }, dir, text: { type: 'string', minLength: 1, pattern: SAFE_TEXT_PATTERN } },
  },
  xhtmlQuote: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'dir', 'blocks'],
    properties: { name: { type: 'string', const: 'blockquote' }, dir, blocks: { type: 'array', minItems: 1, items: { $ref: '#/$defs/xhtmlText' } } },
  },
  html: {
    type: 'object',
    additionalProperties: false,
    required: ['xml:lang', 'lang', 'dir', 'title', 'body'],
    properties: {
      'xml:lang': languageTag,
      lang: languageTag,
      dir,
      title: text,
      body: { type: 'array', minItems: 1, items: { oneOf: [{ $ref: '#/$defs/xhtmlText' }, { $ref: '#/$defs/xhtmlQuote' }] } },
    },
  },
};

const newsItemShape: JSONSchemaType<NewsMl.NewsItem> = {
  type: 'object',
  additionalProperties: false,
  required: [...rootRequired, 'rightsInfo', 'itemMeta', 'contentMeta'],
  properties: {
    ...rootProperties,
    rightsInfo: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['copyrightHolder', 'copyrightNotice'], properties: { copyrightHolder: party, copyrightNotice: { type: 'array', items: textProp } } },
    },
    itemMeta: itemMeta('ninat:text'),
    contentMeta,
    contentSet: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['inlineXML'],
      properties: {
        inlineXML: {
          type: 'object',
          additionalProperties: false,
          required: ['contenttype', 'xml:lang', 'dir', 'wordcount', 'charcount', 'html'],
          properties: {
            contenttype: mediaType('application/xhtml+xml'),
            'xml:lang': languageTag,
            dir,
            // XSD xs:nonNegativeInteger
            wordcount: { type: 'integer', minimum: 0 },
            charcount: { type: 'integer', minimum: 0 },
            html: { $ref: '#/$defs/html' },
          },
        },
      },
    },
  },
};

export const newsItemSchema: JSONSchemaType<NewsMl.NewsItem> = {
  $id: 'https://rojname.example/schemas/newsml-newsitem.schema.json',
  title: 'NewsML-G2 2.35 newsItem as rojname writes it (checked before serialization)',
  $defs: $defs as JSONSchemaType<NewsMl.NewsItem>['$defs'],
  ...newsItemShape,
};

const itemRef: JSONSchemaType<NewsMl.ItemRef> = {
  type: 'object',
  additionalProperties: false,
  required: ['residref', 'version', 'contenttype', 'itemClass', 'provider', 'pubStatus', 'title', 'headline', 'language'],
  properties: {
    residref: guid,
    version,
    contenttype: mediaType(NEWSITEM),
    itemClass: qcodeIn(['ninat:text']),
    provider: party,
    pubStatus: qcodeIn(['stat:usable', 'stat:withheld', 'stat:canceled']),
    title: textProp,
    headline: textProp,
    language: { type: 'object', additionalProperties: false, required: ['tag'], properties: { tag: languageTag } },
  },
};

export const packageItemSchema: JSONSchemaType<NewsMl.PackageItem> = {
  $id: 'https://rojname.example/schemas/newsml-packageitem.schema.json',
  title: 'NewsML-G2 2.35 packageItem as rojname writes it (checked before serialization)',
  type: 'object',
  additionalProperties: false,
  required: [...rootRequired, 'itemMeta', 'contentMeta', 'groupSet'],
  properties: {
    ...rootProperties,
    itemMeta: itemMeta('ninat:composite'),
    contentMeta: {
      type: 'object',
      additionalProperties: false,
      required: ['language', 'headline'],
      properties: { language: { type: 'object', additionalProperties: false, required: ['tag'], properties: { tag: languageTag } }, headline: textProp },
    },
    groupSet: {
      type: 'object',
      additionalProperties: false,
      required: ['root', 'group'],
      properties: {
        root: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' },
        group: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'role', 'mode', 'itemRef'],
            properties: { id: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' }, role: qcode, mode: { type: 'string', const: 'pgrmod:alt' }, itemRef: { type: 'array', minItems: 1, items: itemRef } },
          },
        },
      },
    },
  },
};

export const newsMessageSchema: JSONSchemaType<NewsMl.NewsMessage> = {
  $id: 'https://rojname.example/schemas/newsml-newsmessage.schema.json',
  title: 'NewsML-G2 2.35 newsMessage as rojname writes it (checked before serialization)',
  $defs: $defs as JSONSchemaType<NewsMl.NewsMessage>['$defs'],
  type: 'object',
  additionalProperties: false,
  required: ['header', 'itemSet'],
  properties: {
    header: { type: 'object', additionalProperties: false, required: ['sent', 'sender', 'transmitId'], properties: { sent: rfc3339, sender: text, transmitId: text } },
    // XSD: itemSet holds at least one item.
    itemSet: { type: 'object', additionalProperties: false, required: ['newsItem'], properties: { newsItem: { type: 'array', minItems: 1, items: newsItemShape } } },
  },
};

/** Rules JSON Schema cannot say simply: a kill carries an edNote and no body (notes §4). */
export function checkNewsItemRules(item: NewsMl.NewsItem, at = ''): Problem[] {
  if (item.itemMeta.pubStatus.qcode !== 'stat:canceled') return [];
  const problems: Problem[] = [];
  if (item.itemMeta.edNote.length === 0) problems.push({ pointer: `${at}/itemMeta/edNote`, message: 'a kill (stat:canceled) must tell editors what to do in an edNote' });
  if (item.contentSet) problems.push({ pointer: `${at}/contentSet`, message: 'a kill (stat:canceled) sends no body' });
  return problems;
}

/** Each language version appears once in a package. */
export function checkPackageRules(pkg: NewsMl.PackageItem): Problem[] {
  const problems: Problem[] = [];
  pkg.groupSet.group.forEach((g, gi) => {
    const seen = new Set<string>();
    g.itemRef.forEach((r, i) => {
      if (seen.has(r.residref) || r.residref === pkg.guid) problems.push({ pointer: `/groupSet/group/${gi}/itemRef/${i}/residref`, message: `duplicate or self reference "${r.residref}"` });
      seen.add(r.residref);
    });
  });
  return problems;
}

export function checkMessageRules(msg: NewsMl.NewsMessage): Problem[] {
  return msg.itemSet.newsItem.flatMap((item, i) => checkNewsItemRules(item, `/itemSet/newsItem/${i}`));
}

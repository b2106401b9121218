import type { SchemaObject } from 'ajv';
import type { Problem } from '../../validate/problems.js';
import { NINJS_SCHEMA_ID } from '../../validate/ajv2020.js';
import { absoluteUrl, rfc3339, text } from '../shared-schema.js';
import { NINJS_REL } from './build.js';
import type { Ninjs } from './types.js';

/*
 * What every ninjs output is checked against before it is serialized (JSON Schema 2020-12, compiled
 * in `ajv2020`): IPTC's official ninjs 3.1 schema, by `$ref`, which decides what ninjs is (its
 * `unevaluatedProperties: false` refuses any name it does not define, such as 1.x's `pubstatus`),
 * and beside it our profile: what we always write, and the values we write, which the official
 * schema leaves open (`pubStatus` is its enum; `version`, roles and relations are any string).
 * Each `properties` map names every property of its wire type (`satisfies`), so the two cannot drift.
 */

const SCHEMA_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** RFC 5646 language[-Script][-Region] in canonical case: all the registry needs. */
const languageTag = { type: 'string', pattern: '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$' } as const;
/** An absolute URI without spaces: `urn:newsml:…`, `https://…`. */
const uri = { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*:\\S+$' } as const;
const oneOf = <T extends string>(values: readonly T[]) => ({ type: 'string', enum: values }) as const;
const only = <T extends string>(value: T) => ({ type: 'string', const: value }) as const;
const list = (items: SchemaObject, maxItems?: number) => ({ type: 'array', minItems: 1, ...(maxItems ? { maxItems } : {}), items }) as const;

function plainText<R extends string>(roles: readonly R[]): SchemaObject {
  const properties = { role: oneOf(roles), contentType: only('text/plain'), value: text } satisfies Record<keyof Ninjs.Headline, object>;
  return { type: 'object', required: Object.keys(properties), properties };
}

const bodyProperties = { role: only('main'), contentType: only('text/html'), value: text } satisfies Record<keyof Ninjs.Body, object>;

const subjectProperties = {
  uri: { type: 'string', pattern: '^http://cv\\.iptc\\.org/newscodes/mediatopic/\\d{8}$' },
  literal: { type: 'string', pattern: '^medtop:\\d{8}$' },
  name: text,
} satisfies Record<keyof Ninjs.Subject, object>;

const placeProperties = {
  name: text,
  uri: absoluteUrl,
  literal: { type: 'string', pattern: '^(geonames:[1-9]\\d*|iso3166-1a2:[A-Z]{2})$' },
} satisfies Record<keyof Ninjs.Place, object>;

const infoSourceProperties = {
  name: text,
  role: { type: 'string', pattern: '^urn:rojname:role:(editor|photographer|translator)$' },
} satisfies Record<keyof Ninjs.InfoSource, object>;

const renditionProperties = {
  name: only('main'),
  href: absoluteUrl,
  contentType: { type: 'string', pattern: '^image/[a-z0-9.+-]+$' },
  width: { type: 'integer', minimum: 1 },
  height: { type: 'integer', minimum: 1 },
} satisfies Record<keyof Ninjs.Rendition, object>;

const associationProperties = {
  name: text,
  rel: oneOf(Object.values(NINJS_REL)),
  uri,
  type: oneOf(['text', 'picture']),
  representationType: only('partial'),
  language: languageTag,
  by: text,
  descriptions: list(plainText(['caption', 'alternativeText'])),
  renditions: list({ type: 'object', required: Object.keys(renditionProperties), properties: renditionProperties }),
} satisfies Record<keyof Ninjs.Association, object>;

const itemProperties = {
  uri: { type: 'string', pattern: '^urn:newsml:\\S+$' },
  standard: {
    type: 'object',
    required: ['name', 'version', 'schema'],
    properties: { name: only('ninjs'), version: only('3.1'), schema: only(NINJS_SCHEMA_ID) } satisfies Record<keyof Ninjs.Standard, object>,
  },
  type: only('text'),
  // ninjs: "The version of the news object", a string; ours are the newsItem's 1, 2, 3, …
  version: { type: 'string', pattern: '^[1-9][0-9]*$' },
  versionCreated: rfc3339,
  firstCreated: rfc3339,
  contentCreated: rfc3339,
  embargoedUntil: rfc3339,
  pubStatus: oneOf(['usable', 'withheld', 'canceled']),
  edNote: text,
  language: languageTag,
  slugline: text,
  headlines: list(plainText(['main']), 1),
  descriptions: list(plainText(['summary']), 1),
  by: text,
  located: text,
  bodies: list({ type: 'object', required: Object.keys(bodyProperties), properties: bodyProperties }, 1),
  subjects: list({ type: 'object', required: ['uri', 'literal'], properties: subjectProperties }),
  places: list({ type: 'object', required: ['uri', 'literal'], properties: placeProperties }),
  infoSources: list({ type: 'object', required: Object.keys(infoSourceProperties), properties: infoSourceProperties }),
  copyrightHolder: text,
  copyrightNotice: text,
  associations: list({ type: 'object', required: ['name', 'rel', 'uri', 'type', 'representationType', 'language'], properties: associationProperties }),
} satisfies Record<keyof Ninjs.Item, object>;

/** One ninjs object (`/ninjs/items/{id}/{lang}.json`, and each of latest.json's items). */
export const ninjsItemSchema: SchemaObject = {
  $schema: SCHEMA_2020,
  $id: 'https://rojname.example/schemas/ninjs.schema.json',
  title: "ninjs 3.1 as rojname writes it: IPTC's official schema and our profile (checked before serialization)",
  allOf: [{ $ref: NINJS_SCHEMA_ID }],
  type: 'object',
  required: ['uri', 'standard', 'type', 'version', 'versionCreated', 'firstCreated', 'contentCreated', 'pubStatus', 'language', 'slugline', 'headlines', 'descriptions', 'by', 'places', 'copyrightHolder', 'copyrightNotice'],
  properties: itemProperties,
};

/** `latest.json`: our envelope (ninjs defines none) around complete ninjs objects, as many as the newsMessage holds. */
export const ninjsLatestSchema: SchemaObject = {
  $schema: SCHEMA_2020,
  $id: 'https://rojname.example/schemas/ninjs-latest.schema.json',
  title: "rojname's ninjs latest.json: one language's latest ninjs 3.1 objects, newest first",
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: { items: { type: 'array', minItems: 1, items: { $ref: 'https://rojname.example/schemas/ninjs.schema.json' } } } satisfies Record<keyof Ninjs.Latest, object>,
};

/** Rules JSON Schema cannot say simply: a kill tells editors what to do, and takes its body and photo back. */
export function checkNinjsItemRules(item: Ninjs.Item, at = ''): Problem[] {
  if (item.pubStatus !== 'canceled') return [];
  const problems: Problem[] = [];
  if (!item.edNote) problems.push({ pointer: `${at}/edNote`, message: 'a kill (canceled) must tell editors what to do in an edNote' });
  if (item.bodies) problems.push({ pointer: `${at}/bodies`, message: 'a kill (canceled) sends no body' });
  item.associations?.forEach((a, i) => {
    if (a.type === 'picture') problems.push({ pointer: `${at}/associations/${i}`, message: 'a kill (canceled) sends no photo' });
  });
  return problems;
}

/** Every item once, and each item's own rules. */
export function checkNinjsLatestRules(doc: Ninjs.Latest): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  doc.items.forEach((item, i) => {
    const first = seen.get(item.uri);
    if (first === undefined) seen.set(item.uri, i);
    else problems.push({ pointer: `/items/${i}/uri`, message: `duplicate uri ${JSON.stringify(item.uri)} (also /items/${first}/uri)` });
    problems.push(...checkNinjsItemRules(item, `/items/${i}`));
  });
  return problems;
}

import { readFileSync } from 'node:fs';
import { buildArticleInputSchema } from '../article/input-schema.js';
import { buildArticleSchema } from '../article/schema.js';
import type { ImportNote } from '../article/wirecopy.js';
import type { ArticleList } from '../desk/articles.js';
import { TRANSLATION_STATUSES, type TranslationItem } from '../desk/translations.js';
import { changesSchema } from '../formats/changes.js';
import { NEWSML_FORMATS } from '../formats/registry.js';
import { ninjsItemSchema, ninjsLatestSchema } from '../formats/ninjs/schema.js';
import { absoluteUrl, rfc3339 } from '../formats/shared-schema.js';
import type { ProblemDetails } from '../http/problem.js';
import type { MediaReceipt } from '../media/catalog.js';
import { IMAGE_TYPES } from '../media/sniff.js';
import type { Partner } from '../partners/partner.js';
import type { ArticleSummary, VersionSummary } from '../store/store.js';
import { NINJS_OFFICIAL_DIR } from '../validate/ajv2020.js';
import type { Problem } from '../validate/problems.js';
import { webhookEventSchema } from '../webhooks/event.js';
import { embedSchemas } from './embed.js';
import type { OpenApi } from './types.js';

/*
 * `components/schemas`: the project's published JSON Schemas (schemas/*.json, built from the same
 * typed sources), IPTC's official ninjs 3.1 schema and its GeoJSON dependency, embedded whole; and
 * the bodies only the API has, each `properties` map naming every property of its TypeScript type
 * (`satisfies`), so a field added to a body without its schema fails to compile.
 */

const PUB_STATUS = { type: 'string', enum: ['usable', 'withheld', 'canceled'] } as const;
const nullable = (schema: Record<string, unknown>) => ({ oneOf: [schema, { type: 'null' }] });

/** The article id as the article schema writes it (one source for the schema and the path parameter). */
export function storyIdSchema(languages: readonly string[]): OpenApi.Schema {
  return (buildArticleSchema(languages).properties as Record<string, OpenApi.Schema>).id!;
}

const problemProperties = {
  type: { type: 'string', format: 'uri-reference', description: 'Always "about:blank": the status code says what happened (RFC 9457 §4.2.1).' },
  title: { type: 'string', minLength: 1 },
  status: { type: 'integer', minimum: 400, maximum: 599 },
  detail: { type: 'string', description: 'What went wrong with this request, for a person.' },
  errors: {
    type: 'array',
    description: 'Each broken rule (400): where, as a JSON pointer into the body or `?name` for a query parameter, and what.',
    items: { type: 'object', additionalProperties: false, required: ['pointer', 'message'], properties: { pointer: { type: 'string' }, message: { type: 'string', minLength: 1 } } satisfies Record<keyof Problem, object> },
  },
  newestCursor: { type: 'string', pattern: '^[0-9]{1,15}$', description: 'A bad cursor (400 of /newsml/changes): the newest cursor there is.' },
  supportedLanguages: { type: 'array', items: { type: 'string' }, description: 'An unknown language (404): the languages there are (for a partner: those it is entitled to).' },
  requestsPerMinute: { type: 'integer', minimum: 1, description: "The partner's quota (429)." },
  waitingLimit: { type: 'integer', minimum: 1, description: 'How many long-polls of one partner may wait at once (429).' },
  currentVersion: { type: 'integer', minimum: 1, description: 'A stale If-Match (412): the version there is now.' },
  limitBytes: { type: 'integer', minimum: 1, description: 'A body too large (413): the limit.' },
  requestId: { type: 'string', description: 'A 500: the request id its log line carries.' },
} satisfies Record<'type' | 'title' | 'status' | 'detail' | 'errors', object> & Partial<Record<keyof ProblemDetails, object>>;

/** RFC 9457 problem details, with every extension member the service sends. */
const problemSchema: OpenApi.Schema = {
  title: 'Problem details (RFC 9457), as every error of the partner and editors’ APIs is answered',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'title', 'status'],
  properties: problemProperties,
};

/** `GET /newsml/account`. */
export interface PartnerAccount {
  name: Partner['name'];
  languages: Partner['languages'];
  embargoed: Partner['embargoed'];
  requestsPerMinute: Partner['requestsPerMinute'];
  webhook: { url: string; pending: number; lastDelivery: string | null; lastStatus: number | null; failures: number } | null;
}

const webhookStateProperties = {
  url: absoluteUrl,
  pending: { type: 'integer', minimum: 0, description: 'Changes it may see that its webhook has not acknowledged yet.' },
  lastDelivery: { ...nullable(rfc3339), description: 'When the last attempt was made; null before the first.' },
  lastStatus: { ...nullable({ type: 'integer', minimum: 100, maximum: 599 }), description: "The receiver's HTTP status at the last attempt; null before the first, and for a network error or a timeout." },
  failures: { type: 'integer', minimum: 0, description: 'Failed attempts since the last acknowledged one.' },
} satisfies Record<keyof NonNullable<PartnerAccount['webhook']>, object>;

const accountSchema: OpenApi.Schema = {
  title: 'A partner’s own entitlements, quota and webhook state',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'languages', 'embargoed', 'requestsPerMinute', 'webhook'],
  properties: {
    name: { type: 'string', minLength: 1 },
    languages: { type: 'array', minItems: 1, items: { type: 'string' } },
    embargoed: { type: 'boolean', description: 'Whether it sees items before their embargo lifts.' },
    requestsPerMinute: { type: 'integer', minimum: 1 },
    webhook: nullable({ type: 'object', additionalProperties: false, required: Object.keys(webhookStateProperties), properties: webhookStateProperties }),
  } satisfies Record<keyof PartnerAccount, object>,
};

/** What a write answers: `{id, version, pubStatus}` (and, for an import, the importer's notes). */
export interface WriteReceipt {
  id: string;
  version: number;
  pubStatus: string;
  notes?: ImportNote[];
}

function writeReceiptSchema(languages: readonly string[], withNotes: boolean): OpenApi.Schema {
  const notes = { type: 'array', items: { type: 'object', additionalProperties: false, required: ['line', 'message'], properties: { line: { type: 'integer', minimum: 1 }, message: { type: 'string', minLength: 1 } } satisfies Record<keyof ImportNote, object> } };
  const properties = { id: storyIdSchema(languages), version: { type: 'integer', minimum: 1 }, pubStatus: PUB_STATUS, notes } satisfies Record<keyof WriteReceipt, object>;
  const { notes: _notes, ...plain } = properties;
  return { type: 'object', additionalProperties: false, required: ['id', 'version', 'pubStatus', ...(withNotes ? ['notes'] : [])], properties: withNotes ? properties : plain };
}

function articleListSchema(languages: readonly string[]): OpenApi.Schema {
  const languageState = { type: 'object', additionalProperties: false, required: ['headline', 'itemVersion', 'pubStatus'], properties: { headline: { type: 'string' }, itemVersion: { type: 'integer', minimum: 1 }, pubStatus: PUB_STATUS } satisfies Record<keyof ArticleSummary['languages'][string], object> };
  const summary = {
    id: storyIdSchema(languages),
    version: { type: 'integer', minimum: 1 },
    pubStatus: PUB_STATUS,
    updated: rfc3339,
    languages: { type: 'object', propertyNames: { enum: [...languages] }, additionalProperties: languageState },
  } satisfies Record<keyof ArticleSummary, object>;
  return {
    title: 'The editors’ list: stories, newest change first, a page at a time',
    type: 'object',
    additionalProperties: false,
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { type: 'object', additionalProperties: false, required: Object.keys(summary), properties: summary } },
      nextCursor: { ...nullable({ type: 'string', minLength: 1 }), description: 'Pass it as ?cursor= for the next page; null on the last page. Opaque.' },
    } satisfies Record<keyof ArticleList, object>,
  };
}

function versionListSchema(languages: readonly string[]): OpenApi.Schema {
  const version = {
    version: { type: 'integer', minimum: 1 },
    versionCreated: rfc3339,
    pubStatus: PUB_STATUS,
    signal: nullable({ type: 'string', enum: ['update', 'correction'] }),
    editor: { ...nullable({ type: 'string', minLength: 1 }), description: 'Who wrote it; null when nobody was recorded.' },
    languages: { type: 'array', items: { type: 'string', enum: [...languages] } },
  } satisfies Record<keyof VersionSummary, object>;
  return {
    title: 'Every version of a story, oldest first',
    type: 'object',
    additionalProperties: false,
    required: ['versions'],
    properties: { versions: { type: 'array', minItems: 1, items: { type: 'object', additionalProperties: false, required: Object.keys(version), properties: version } } },
  };
}

function translationListSchema(languages: readonly string[]): OpenApi.Schema {
  const item = {
    id: storyIdSchema(languages),
    language: { type: 'string', enum: [...languages] },
    status: { type: 'string', enum: [...TRANSLATION_STATUSES] },
    fromVersion: nullable({ type: 'integer', minimum: 1 }),
    sourceChangedIn: nullable({ type: 'integer', minimum: 1 }),
  } satisfies Record<keyof TranslationItem, object>;
  return {
    title: 'The desk’s translation status',
    type: 'object',
    additionalProperties: false,
    required: ['items'],
    properties: { items: { type: 'array', items: { type: 'object', additionalProperties: false, required: Object.keys(item), properties: item } } },
  };
}

const mediaReceiptProperties = {
  url: { type: 'string', pattern: '^/media/[0-9a-f]{64}\\.(jpg|png|webp)$', description: 'Where it is served, the same for the same bytes: put it in a story’s images[].url.' },
  type: { type: 'string', enum: Object.keys(IMAGE_TYPES) },
  bytes: { type: 'integer', minimum: 1 },
  width: { type: 'integer', minimum: 1 },
  height: { type: 'integer', minimum: 1 },
  sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
} satisfies Record<keyof MediaReceipt, object>;

/** An XML document served as its bytes: JSON Schema sees a string; IPTC's XSD decides what it holds. */
function xmlDocument(mediaType: string, root: string, what: string): OpenApi.Schema {
  return { type: 'string', contentMediaType: mediaType, pattern: `^<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\s*<${root}\\s`, description: `${what} (NewsML-G2 2.35; valid against IPTC's XSD).` };
}

/** Every schema of the document, by component name. */
export function buildSchemaComponents(languages: readonly string[]): Record<string, OpenApi.Schema> {
  const official = (file: string) => JSON.parse(readFileSync(`${NINJS_OFFICIAL_DIR}${file}`, 'utf8')) as object;
  const embedded = embedSchemas([
    { name: 'Article', schema: buildArticleSchema(languages) },
    { name: 'ArticleInput', schema: buildArticleInputSchema(languages) },
    { name: 'ChangesPage', schema: changesSchema },
    { name: 'NinjsItem', schema: ninjsItemSchema },
    { name: 'NinjsLatest', schema: ninjsLatestSchema },
    { name: 'NinjsOfficial', schema: official('ninjs-schema_3.1.json') },
    { name: 'GeoJSON', schema: official('GeoJSON-schema.json') },
    { name: 'WebhookEvent', schema: webhookEventSchema },
  ]);
  return {
    ...embedded,
    Problem: problemSchema,
    Account: accountSchema,
    WriteReceipt: writeReceiptSchema(languages, false),
    ImportReceipt: writeReceiptSchema(languages, true),
    ArticleList: articleListSchema(languages),
    VersionList: versionListSchema(languages),
    TranslationList: translationListSchema(languages),
    MediaReceipt: { title: 'An uploaded picture', type: 'object', additionalProperties: false, required: Object.keys(mediaReceiptProperties), properties: mediaReceiptProperties },
    NewsItemXml: xmlDocument(NEWSML_FORMATS.item.mediaType, 'newsItem', 'One NewsML-G2 newsItem'),
    PackageItemXml: xmlDocument(NEWSML_FORMATS.package.mediaType, 'packageItem', "A NewsML-G2 packageItem grouping a story's language versions"),
    NewsMessageXml: xmlDocument(NEWSML_FORMATS.message.mediaType, 'newsMessage', "A NewsML-G2 newsMessage with a language's latest newsItems"),
  };
}

import { buildArticleInputSchema } from '../article/input-schema.js';
import { buildArticleSchema } from '../article/schema.js';
import { atomSchema } from '../formats/atom/schema.js';
import { changesSchema } from '../formats/changes.js';
import { jsonFeedSchema } from '../formats/jsonfeed/schema.js';
import { newsItemSchema, newsMessageSchema, packageItemSchema } from '../formats/newsml/schema.js';
import { ninjsItemSchema, ninjsLatestSchema } from '../formats/ninjs/schema.js';
import { rssSchema } from '../formats/rss/schema.js';
import { defaultLanguages } from '../i18n/languages.js';
import { buildOpenApiDocument } from '../openapi/document.js';

const dir = new URL('../../schemas/', import.meta.url).pathname;

/** Every schema published under schemas/, generated from the typed source of truth. */
export const SCHEMA_FILES: { path: string; schema: object }[] = [
  { path: `${dir}article.schema.json`, schema: buildArticleSchema(defaultLanguages.tags) },
  // What POST and PUT /api/articles accept: the stored article with the server-owned fields optional.
  { path: `${dir}article-input.schema.json`, schema: buildArticleInputSchema(defaultLanguages.tags) },
  { path: `${dir}rss.schema.json`, schema: rssSchema },
  { path: `${dir}atom.schema.json`, schema: atomSchema },
  { path: `${dir}jsonfeed.schema.json`, schema: jsonFeedSchema },
  { path: `${dir}newsml-newsitem.schema.json`, schema: newsItemSchema },
  { path: `${dir}newsml-packageitem.schema.json`, schema: packageItemSchema },
  { path: `${dir}newsml-newsmessage.schema.json`, schema: newsMessageSchema },
  // JSON Schema 2020-12; both `$ref` IPTC's official ninjs 3.1 schema, vendored unmodified in schemas/ninjs-3.1/.
  { path: `${dir}ninjs.schema.json`, schema: ninjsItemSchema },
  { path: `${dir}ninjs-latest.schema.json`, schema: ninjsLatestSchema },
  { path: `${dir}changes.schema.json`, schema: changesSchema },
  // OpenAPI 3.1, not a JSON Schema: the partner and editors' APIs, embedding the schemas above (served at /openapi.json).
  { path: `${dir}openapi.json`, schema: buildOpenApiDocument(defaultLanguages.tags) },
];

import { readFileSync } from 'node:fs';
import { buildEditorPaths, EDITOR_RESPONSES } from './editors.js';
import { HEADER_COMPONENTS, SECURITY_SCHEMES } from './parts.js';
import { buildPartnerPaths, PARTNER_RESPONSES } from './partner.js';
import { buildPublicPaths } from './public.js';
import { buildSchemaComponents } from './schemas.js';
import type { OpenApi } from './types.js';
import { buildWebhooks } from './webhooks.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The OpenAPI 3.1 document of the service (`GET /openapi.json`, `schemas/openapi.json`): built
 * from the route modules' own constants and the project's JSON Schemas, never by hand, so it
 * follows them. Pure: the same languages give the same document. No `servers`: the default is
 * the host that serves it.
 */
export function buildOpenApiDocument(languages: readonly string[]): OpenApi.Document {
  return {
    openapi: '3.1.1',
    info: {
      title: 'rojname',
      version: pkg.version,
      summary: 'Multilingual news: the partner API (NewsML-G2, ninjs 3.1, change feed, webhooks) and the editors’ API.',
      description:
        'Errors are `application/problem+json` (RFC 9457); a 400 lists every problem as `errors: [{pointer, message}]`. ' +
        'Partner responses are for one partner only (`Cache-Control: private, no-cache`) and carry the RateLimit headers; published documents have strong ETags and Last-Modified, answer If-None-Match with 304, and HEAD like GET. ' +
        `Languages: ${languages.join(', ')}.`,
    },
    tags: [
      { name: 'partners', description: 'Wire partners, by API key: NewsML-G2 and ninjs 3.1 of the languages each is entitled to, the change feed (with long-poll) and the account.' },
      { name: 'editors', description: 'The newsroom, by editor’s token: stories as canonical JSON, wire-copy import, pictures, translation status.' },
      { name: 'webhooks', description: 'What the service pushes to a partner’s webhook URL (Standard Webhooks).' },
      { name: 'public', description: 'Everyone: feeds, pages, pictures, sitemaps, and this document.' },
    ],
    paths: { ...buildPartnerPaths(languages), ...buildEditorPaths(languages), ...buildPublicPaths(languages) },
    webhooks: buildWebhooks(),
    components: { schemas: buildSchemaComponents(languages), responses: { ...PARTNER_RESPONSES, ...EDITOR_RESPONSES }, headers: HEADER_COMPONENTS, securitySchemes: SECURITY_SCHEMES },
  };
}

/** The document's bytes: two-space JSON and a newline, as every file under schemas/. */
export function serializeOpenApiDocument(doc: OpenApi.Document): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

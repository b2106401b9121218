import type { Hono } from 'hono';
import { buildOpenApiDocument, serializeOpenApiDocument } from '../../openapi/document.js';
import { OPENAPI_CACHE, OPENAPI_PATH } from '../../openapi/public.js';
import { makeRendered } from '../../publish/rendered.js';
import type { AppEnv } from '../app.js';
import type { Services } from '../deps.js';
import { problemResponse } from '../problem.js';
import { sendRendered } from '../send.js';

/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of the partner and editors' APIs, public. Rendered
 * and compressed once, when the app is made (for the registry's languages: with the built-in ones,
 * the bytes of schemas/openapi.json), then served like any published file, with ETag and 304.
 */
export function registerOpenApiRoute(app: Hono<AppEnv>, s: Services): void {
  const doc = makeRendered(serializeOpenApiDocument(buildOpenApiDocument(s.languages.tags)), 'application/json; charset=utf-8', undefined, s.clock());
  app.get(OPENAPI_PATH, (c) => sendRendered(c, doc, OPENAPI_CACHE));
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], OPENAPI_PATH, (c) => problemResponse(c, 405, 'Method not allowed', 'Allowed: GET, HEAD.', {}, { allow: 'GET, HEAD' }));
}
